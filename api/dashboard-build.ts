import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fontFaces, fontFiles } from '../data/fonts.ts';
import { rootUrl } from '../data/paths.ts';

/** The dashboard's sources: browser code only (test/layers.test.ts); this Node script builds them. */
const dir = rootUrl('dashboard/');
/** Where the built dashboard goes; `saferboard serve` serves it. */
export const DIST = fileURLToPath(new URL('dist/', dir));

/**
 * Builds the dashboard (`dashboard/src/main.ts`, which imports `charts/` and `core/`) into `dashboard/dist/` (index.html, assets/app.js, assets/app.css) with esbuild, and ships
 * its fonts (data/fonts.ts): their woff2 files copied into assets/ and their @font-face rules at the top of app.css.
 * @example await buildDashboard(); // or: npm run build
 */
export async function buildDashboard({ quiet = false } = {}) {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(`${DIST}assets`, { recursive: true });
  await build({
    entryPoints: { app: fileURLToPath(new URL('src/main.ts', dir)) },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outdir: `${DIST}assets`,
    legalComments: 'none',
    logLevel: quiet ? 'error' : 'info',
  });
  await build({
    entryPoints: { app: fileURLToPath(new URL('src/styles.css', dir)) },
    bundle: true,
    minify: true,
    outdir: `${DIST}assets`,
    logLevel: quiet ? 'error' : 'info',
  });
  for (const f of fontFiles()) copyFileSync(f.path, `${DIST}assets/${f.name}`);
  const css = `${DIST}assets/app.css`;
  writeFileSync(css, `${fontFaces((f) => `./${f.name}`)}\n${readFileSync(css, 'utf8')}`);
  copyFileSync(new URL('src/index.html', dir), `${DIST}index.html`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildDashboard();
