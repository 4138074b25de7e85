import { fileURLToPath } from 'node:url';

/**
 * Where things are, without loading anything else (the command line reads its defaults here before any command runs).
 *
 * The package's root directory (the one holding package.json, queries/, data/ and dashboard/), as a file URL ending in
 * `/`. The code runs from its source (`data/paths.ts`, under vitest and tsx) or compiled (`dist/data/paths.js`, the
 * command line; scripts/build.ts): every asset (SQL, reference data, profiles, the sample, the built dashboard) is
 * found from here, so both read the one copy in the package and the build copies no data.
 */
export const ROOT_URL = new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url);

/** The file URL of a path relative to the package root. @example rootUrl('queries/') */
export const rootUrl = (path: string): URL => new URL(path, ROOT_URL);

/** The absolute path of a path relative to the package root. @example rootPath('data/sample/') */
export const rootPath = (path: string): string => fileURLToPath(rootUrl(path));

/** The default database path: `SAFERBOARD_DB`, else `data/saferboard.duckdb`. */
export const defaultDbPath = (): string => process.env.SAFERBOARD_DB ?? 'data/saferboard.duckdb';

/** The bundled profiles (`saferboard init --from NAME`); barnet is the default profile. */
export const BUNDLED = {
  barnet: rootPath('data/profiles/barnet.json'),
  london: rootPath('data/profiles/london.json'),
} as const;
export type BundledName = keyof typeof BUNDLED;
/** The file a partnership keeps in the directory it runs saferboard from. */
export const PROFILE_FILE = 'saferboard.profile.json';
