/**
 * `npm run build`: compiles the code the command line, the server and the board pack run (core/, charts/, data/,
 * api/) from TypeScript to JavaScript in dist/ (dist/core/…, dist/api/cli.js, …), then builds the dashboard
 * (api/dashboard-build.ts), and the reference template a load copies for a new database (data/template.ts). `npm ci`
 * runs it (the `prepare` script), and so does vitest's global setup before every test run, so `bin/saferboard.js`
 * always runs, and the tests always spawn, the current source.
 *
 * Each file is compiled on its own with esbuild (types stripped, nothing bundled): its relative imports stay imports,
 * of the compiled `.js` files, and its packages are imported from node_modules. The assets (SQL, reference data,
 * profiles, the sample, the built dashboard) are not copied: data/paths.ts finds them from the package root.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboard } from '../api/dashboard-build.ts';
import { buildTemplate } from '../data/template.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The folders compiled: everything the command line, the server and the pack import at run time. */
export const COMPILED = ['core', 'charts', 'data', 'api'];
/** Where the compiled code goes (gitignored); `bin/saferboard.js` runs `dist/api/cli.js`. */
export const DIST = join(ROOT, 'dist');
/** Source files that are not part of the product (scripts run by hand with tsx). */
const SKIP = /^data\/sample\//;

/** Every TypeScript source file of the compiled folders, relative to the root. */
export function sources(): string[] {
  return COMPILED.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .map((f) => `${dir}/${f.split('\\').join('/')}`)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !SKIP.test(f)),
  ).sort();
}

/**
 * Keeps each file separate: a relative import (`./x.ts`, `../data/db.ts`, or `import('./x.ts')`) is left to Node, as
 * the compiled `./x.js`; one without the `.ts` extension fails the build (Node could not find it at run time).
 */
const separateFiles: Plugin = {
  name: 'separate-files',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.endsWith('.ts'))
        return {
          errors: [
            { text: `relative import "${args.path}" does not end in .ts: write the source file's name` },
          ],
        };
      return { path: `${args.path.slice(0, -3)}.js`, external: true };
    });
  },
};

/**
 * Compiles the sources into dist/. Files whose output is unchanged are left alone (a command running meanwhile never
 * reads a half-written file), changed ones are replaced whole, and compiled files whose source is gone are deleted.
 * @returns the number of files compiled and of files written
 */
export async function compile(): Promise<{ files: number; written: number }> {
  const entries = sources();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outbase: ROOT,
    outdir: DIST,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [separateFiles],
    write: false,
    logLevel: 'error',
  });
  const outputs = new Set<string>();
  let written = 0;
  for (const f of result.outputFiles) {
    outputs.add(f.path);
    if (existsSync(f.path) && Buffer.compare(readFileSync(f.path), f.contents) === 0) continue;
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
    written++;
  }
  for (const f of readdirSync(DIST, { recursive: true, encoding: 'utf8' })) {
    const path = join(DIST, f);
    if (path.endsWith('.js') && !outputs.has(path)) rmSync(path);
  }
  return { files: entries.length, written };
}

/** The whole build: the compiled code, the reference template a new database starts from (data/template.ts), then the dashboard. */
export async function buildAll({ quiet = false } = {}) {
  const started = performance.now();
  const { files, written } = await compile();
  if (!quiet)
    console.error(
      `saferboard build: ${files} files compiled to ${relative(process.cwd(), DIST) || '.'}/ (${written} changed) in ${Math.round(performance.now() - started)} ms`,
    );
  // an optimisation only: without a template each new database builds its reference tables itself
  try {
    const template = await buildTemplate();
    if (!quiet && template.built) console.error(`saferboard build: reference template ${relative(process.cwd(), template.path)}`);
  } catch (e) {
    console.error(`saferboard build: the reference template was not built (new databases build their reference tables): ${(e as Error).message}`);
  }
  await buildDashboard({ quiet });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildAll();
