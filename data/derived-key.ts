import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MACROS, SCHEMA } from './db.ts';
import { allIndicators } from './outcomes.ts';
import { rootUrl } from './paths.ts';

/*
 * What a database's derived tables were built for, apart from the loader (data/load.ts) so that a command that only
 * reads (serve, query, report) can check it without importing every file format.
 */
/**
 * A derived-table script's text, each `-- include: data/FILE.sql` line replaced by that file's text (a block two
 * scripts share: data/policeuk-cells.sql and data/policeuk-shares.sql, in the full and the incremental rebuild).
 */
export const script = (path: string): string =>
  readFileSync(rootUrl(path), 'utf8').replace(/^-- include: (data\/[\w-]+\.sql)$/gm, (_, file: string) => readFileSync(rootUrl(file), 'utf8'));
export const MONTHLY_COUNTS = script('data/monthly-counts.sql');
export const COVERAGE = readFileSync(rootUrl('data/coverage.sql'), 'utf8');
export const CLASSIFICATIONS = readFileSync(rootUrl('data/classifications.sql'), 'utf8');
export const INCREMENTAL = script('data/incremental.sql');
export const WARDS = readFileSync(rootUrl('data/wards.sql'), 'utf8');

/**
 * The version of the tables derived from the loaded rows (monthly counts, memberships, coverage, each MPS slice's
 * classification): bump on change.
 */
const DERIVED_VERSION = '9';

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * What a database's tables were built for, in three parts: the derived tables' version; the schema, macros and
 * derived-table SQL of this saferboard; and the active profile's indicator filters. Every load writes it
 * (`meta.derived_version`); `serve` refuses a database whose key differs (see `derivedProblem`) and
 * `saferboard upgrade` brings one up to date.
 */
export const derivedKey = (): string =>
  [
    DERIVED_VERSION,
    shortHash([SCHEMA, MACROS, MONTHLY_COUNTS, COVERAGE, CLASSIFICATIONS, INCREMENTAL, WARDS].join('\n')),
    shortHash(JSON.stringify(allIndicators().map((i) => ('filter' in i ? [i.id, i.kind, i.filter] : [i.id, i.kind])))),
  ].join(':');

/** The key a database's tables were built for (`meta.derived_version`), or undefined when it has none. */
export async function storedDerivedKey(read: (sql: string) => Promise<Record<string, unknown>[]>): Promise<string | undefined> {
  try {
    const value = (await read(`SELECT value FROM meta WHERE key = 'derived_version'`))[0]?.value;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined; // no meta table: made before there was one
  }
}

/**
 * Why a database whose tables were built for `stored` cannot be served as it is by this saferboard with the active
 * profile, in words, or undefined when it can.
 */
export function derivedProblem(stored: string | undefined): string | undefined {
  const key = derivedKey();
  if (stored === key) return undefined;
  const [version, code] = key.split(':');
  const parts = (stored ?? '').split(':');
  if (parts.length !== 3 || parts[0] !== version || parts[1] !== code)
    return 'it was loaded by another version of saferboard, whose tables, macros or derived tables differ from this one\'s';
  return "its derived tables (monthly counts, each local incident's indicators, coverage) were built for another profile's indicator filters";
}
