import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LoadError } from './errors.ts';
import { keyPath } from './outcomes.ts';

/** The columns of the local format (the names a mapping renames to). */
export const LOCAL_COLUMNS = [
  'incident_id',
  'date',
  'category',
  'area',
  'ward',
  'lsoa',
  'victim_id',
  'location_id',
  'domestic_abuse',
  'hate_strand',
  'knife',
  'injury',
  'victim_age',
  'outcome',
  'type',
] as const;
export type LocalColumn = (typeof LOCAL_COLUMNS)[number];

const column = z.enum(LOCAL_COLUMNS, {
  error: (i) => `unknown column ${JSON.stringify(i.input)} (expected one of ${LOCAL_COLUMNS.join(', ')})`,
});

const Mapping = z
  .object({
    $comment: z.string().optional(),
    columns: z.record(z.string().min(1), column).default({}),
    values: z.partialRecord(column, z.record(z.string(), z.string({ error: 'expected a string value' }))).default({}),
  })
  .strict();
export type Mapping = z.infer<typeof Mapping>;

/**
 * Reads and validates a `--mapping FILE.json`: `columns` renames extract columns to local-format names,
 * `values` recodes values per (local-format) column. Errors name the bad key.
 * @example readMapping('cris.json') // { columns: { 'CRIS Ref': 'incident_id' }, values: { domestic_abuse: { DA: 'Y' } } }
 */
export function readMapping(file: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LoadError(file, undefined, `cannot read the mapping file: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = Mapping.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : [];
    const where = keys.length ? keyPath([...issue.path, keys[0]]) : keyPath(issue.path);
    const message = keys.length ? `unknown key (expected columns, values)` : issue.message;
    throw new LoadError(file, undefined, `invalid mapping at ${where}: ${message}`);
  }
  return parsed.data;
}

/** The header with the mapping's column renames applied (extract column names matched case-insensitively). */
export function mapHeader(header: string[], mapping: Mapping | undefined): string[] {
  if (!mapping) return header;
  const renames = new Map(Object.entries(mapping.columns).map(([from, to]) => [norm(from), to]));
  return header.map((h) => renames.get(norm(h)) ?? h);
}

/** Recodes one value by the mapping (exact match first, then case-insensitive). */
export function recode(mapping: Mapping | undefined, col: LocalColumn, value: string): string {
  const table = mapping?.values[col];
  if (!table) return value;
  const v = value.trim();
  if (v in table) return table[v]!;
  const lower = v.toLowerCase();
  for (const [k, to] of Object.entries(table)) if (k.trim().toLowerCase() === lower) return to;
  return value;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
