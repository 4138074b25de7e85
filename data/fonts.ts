import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/**
 * The product's own fonts, shipped from npm (@fontsource, SIL Open Font License): Source Sans 3 for all text and
 * Source Code Pro for SQL and code. The dashboard (api/dashboard-build.ts copies the files into its assets) and the board
 * pack (its HTML embeds them as data: URLs) use these and no system font, so a page looks, measures and prints alike
 * on every machine whatever fonts it has installed. Their family names, for stylesheets and charts: core/fonts.ts.
 */

export interface FontFile {
  family: 'Source Sans 3' | 'Source Code Pro';
  weight: number;
  style: 'normal' | 'italic';
  /** Fontsource's subset: the characters of the file, as its CSS's unicode-range says. */
  subset: string;
  range: string;
  /** The woff2 file in node_modules. */
  path: string;
  /** Its file name (the name it is served under in the dashboard's assets). */
  name: string;
}

const require = createRequire(import.meta.url);
/**
 * The weights and styles the stylesheets use (normal 400, semibold 600, bold 700; italic 400), per family: code in
 * bold text takes Source Code Pro's 600 (a face Chromium would otherwise embolden itself and print as a Type 3 font).
 */
const FACES = [
  {
    family: 'Source Sans 3',
    pkg: '@fontsource/source-sans-3',
    faces: [
      [400, 'normal'],
      [400, 'italic'],
      [600, 'normal'],
      [700, 'normal'],
    ],
  },
  {
    family: 'Source Code Pro',
    pkg: '@fontsource/source-code-pro',
    faces: [
      [400, 'normal'],
      [600, 'normal'],
    ],
  },
] as const;
/** Latin (with its extension for place names and symbols) and Greek (the notes' α, χ², Γ). */
const SUBSETS = ['latin', 'latin-ext', 'greek'];

let files: FontFile[] | undefined;
/** Every font file shipped, read from the packages' own CSS (their file names and unicode-range). */
export function fontFiles(): FontFile[] {
  files ??= FACES.flatMap(({ family, pkg, faces }) => {
    const dir = dirname(require.resolve(pkg));
    return faces.flatMap(([weight, style]) =>
      SUBSETS.map((subset) => {
        // the package's CSS of one weight and style has a commented @font-face block per subset
        const css = readFileSync(join(dir, `${weight}${style === 'italic' ? '-italic' : ''}.css`), 'utf8');
        const block = css.split('/*').find((b) => b.includes(`-${subset}-${weight}-${style} */`)) ?? '';
        const src = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(block)?.[1];
        const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
        if (!src || !range)
          throw new Error(`${pkg}: no woff2 or unicode-range for ${subset} ${weight} ${style}`);
        return {
          family,
          weight,
          style,
          subset,
          range: range.trim(),
          path: join(dir, src),
          name: basename(src),
        };
      }),
    );
  });
  return files;
}

/**
 * The @font-face rules of the shipped fonts, each file's URL given by `url` (font-display: block: text waits the
 * moment the local file takes rather than being drawn, measured or printed in another font first).
 * @example fontFaces((f) => `./${f.name}`)
 */
export const fontFaces = (url: (f: FontFile) => string) =>
  fontFiles()
    .map(
      (f) =>
        `@font-face { font-family: '${f.family}'; font-style: ${f.style}; font-weight: ${f.weight}; font-display: block; src: url(${url(f)}) format('woff2'); unicode-range: ${f.range}; }`,
    )
    .join('\n');

let embedded: string | undefined;
/** The @font-face rules with every file embedded as a data: URL, for a self-contained HTML file (the board pack). */
export const embeddedFontFaces = () =>
  (embedded ??= fontFaces((f) => `data:font/woff2;base64,${readFileSync(f.path).toString('base64')}`));
