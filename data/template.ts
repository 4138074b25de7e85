import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '@duckdb/node-api';
import { Database, MACROS, SCHEMA } from './db.ts';
import { refreshReference } from './reference.ts';
import { rootPath } from './paths.ts';

/*
 * The reference template: a database holding only the schema, the macros and the reference tables (areas, LSOAs and
 * their areas, categories, peer groups, wards, the seeded population), built once at install (`npm run build`, which
 * `npm ci` runs) into dist/. A load that creates a database starts from a copy of it instead of building the
 * reference tables again (about 0.6 s of every new database; BENCHMARKS.md, issue 21). The copy is exactly what a
 * new database holds after a load's refreshReference, so the load then runs as on any existing database.
 */

/** The folder the template is built in (gitignored, as the compiled code). */
const DIR = () => rootPath('dist');

/**
 * What the template is made of: this saferboard's schema and macros, the code that builds the reference tables
 * (data/reference.ts, and this file), every file of data/reference/, and DuckDB's version. A template built from anything else is
 * never used: its file name holds this key.
 */
export function templateKey(): string {
  // once per process: every file it reads ships with this saferboard (a load asks for it twice: ~25-50 ms each)
  return (keyMemo ??= computeTemplateKey());
}
let keyMemo: string | undefined;

function computeTemplateKey(): string {
  const h = createHash('sha256');
  h.update(version()).update('\0').update(SCHEMA).update('\0').update(MACROS).update('\0');
  // the code that builds the reference tables, and this file's, which records the key they were built for
  h.update(readFileSync(rootPath('data/reference.ts'))).update('\0').update(readFileSync(rootPath('data/template.ts')));
  const base = rootPath('data/reference');
  for (const f of readdirSync(base, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(base, f);
    try {
      h.update('\0').update(f).update('\0').update(readFileSync(path));
    } catch {
      // a folder
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** The `meta` row naming the {@link templateKey} the database's reference tables were last built for. */
const REFERENCE_KEY = 'reference_key';

/**
 * Builds the reference tables (data/reference.ts, refreshReference) unless the database says they were built for this
 * saferboard's {@link templateKey} (the same code, schema, macros, DuckDB and reference files), as the template and
 * every database loaded since it was made say. A refresh of tables built from the same files gives the same rows
 * (areas a load added are kept either way, with their aliases: data/areas.ts), so a load skips ~0.25 s of work it
 * would redo (issue 21). Returns whether it built them. Runs inside the caller's transaction: a failed load leaves
 * the key as it was.
 */
export async function refreshReferenceIfChanged(db: Database, key = templateKey()): Promise<boolean> {
  if (await db.one(`SELECT 1 FROM meta WHERE key = '${REFERENCE_KEY}' AND value = $key`, { key })) return false;
  await refreshReference(db);
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('${REFERENCE_KEY}', $key)`, { key });
  return true;
}

/** Where the template of this saferboard's key is (whether or not it has been built). */
export const templatePath = (key = templateKey()): string => join(DIR(), `reference-${key}.duckdb`);

/**
 * Makes `path` (no file there yet) a copy of the template when one is built for this saferboard; false when none is
 * (the load then builds the reference tables itself, as it always could), or `SAFERBOARD_TEMPLATE=off`.
 */
export function seedFromTemplate(path: string): boolean {
  if (process.env.SAFERBOARD_TEMPLATE === 'off') return false;
  const template = templatePath();
  if (existsSync(path) || !existsSync(template)) return false;
  copyFileSync(template, path);
  return true;
}

/**
 * Builds the template for this saferboard unless it is there, and removes templates of other keys.
 * Written under a temporary name and renamed, so a load never copies a half-written one.
 * @returns the template's path
 */
export async function buildTemplate(): Promise<{ path: string; built: boolean }> {
  const key = templateKey();
  const path = templatePath(key);
  mkdirSync(DIR(), { recursive: true });
  for (const f of readdirSync(DIR()))
    if (/^reference-[0-9a-f]+\.duckdb(\.wal)?$/.test(f) && !f.startsWith(`reference-${key}.`)) rmSync(join(DIR(), f), { force: true });
  if (existsSync(path)) return { path, built: false };
  const tmp = `${path}.${process.pid}.tmp`;
  for (const f of [tmp, `${tmp}.wal`]) rmSync(f, { force: true });
  try {
    const db = await Database.open(tmp);
    try {
      await db.run('BEGIN TRANSACTION');
      await refreshReferenceIfChanged(db, key);
      await db.run('COMMIT');
      await db.run('CHECKPOINT');
    } finally {
      db.close();
    }
    renameSync(tmp, path);
  } finally {
    for (const f of [tmp, `${tmp}.wal`]) rmSync(f, { force: true });
  }
  return { path, built: true };
}
