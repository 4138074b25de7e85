import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { totalmem } from 'node:os';
import { DuckDBConnection, DuckDBInstance, version, type DuckDBValue } from '@duckdb/node-api';
import { rootUrl } from './paths.ts';
import { StatementCache } from './prepared.ts';

export type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

export const SCHEMA = readFileSync(rootUrl('data/schema.sql'), 'utf8');
/** The read-side macros (windows, coverage, population) the queries build on. */
export const MACROS = readFileSync(rootUrl('queries/macros.sql'), 'utf8');

export { defaultDbPath } from './paths.ts';

/** This saferboard's schema and macros, and the DuckDB that holds them, as a hash. */
const SCHEMA_KEY = createHash('sha256').update(version()).update('\0').update(SCHEMA).update('\0').update(MACROS).digest('hex').slice(0, 16);

/**
 * The `meta.schema` value a database holds when this saferboard's schema and macros were the last applied to it:
 * {@link SCHEMA_KEY} with the state it was written in (the last load's id and `meta.derived_version`). A writable open
 * of another saferboard (an older one) re-applies its own schema and macros and leaves this row as it was, but it can
 * keep the file only by a load (a row of `loads`) or an upgrade (its own derived_version): either makes the value
 * differ, so a database that matches has this saferboard's schema and macros. A load writes it before its commit
 * (`markSchema`); a writable open writes it after applying them.
 */
const SCHEMA_MARK = `'${SCHEMA_KEY}:' || (SELECT coalesce(max(load_id), 0) FROM loads) || ':' || coalesce((SELECT value FROM meta WHERE key = 'derived_version'), '')`;
const MARK_SQL = `INSERT OR REPLACE INTO meta VALUES ('schema', ${SCHEMA_MARK})`;

/**
 * Applies the schema and macros to a writable connection unless its database says (`SCHEMA_MARK`) that they are this
 * saferboard's already: every load's copy of a database this saferboard loaded, every copy of the reference template
 * (~60-80 ms of each load; issue 21). Every statement of both is idempotent, so applying them again changes nothing.
 */
async function applySchema(connection: DuckDBConnection): Promise<void> {
  try {
    if ((await connection.runAndReadAll(`SELECT 1 FROM meta WHERE key = 'schema' AND value = ${SCHEMA_MARK}`)).currentRowCount > 0) return;
  } catch {
    // a new file (no meta or loads table yet), or an old one: the schema is applied
  }
  await connection.run(`${SCHEMA}\n${MACROS}\n;${MARK_SQL}`);
}

/** Idle connections a snapshot keeps (each with the statements it prepared: the fixed queries are ~30). */
const IDLE_CONNECTIONS = 16;

/** One opened version of the database file, with the number of requests still using it. */
interface Snapshot {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  generation: number;
  users: number;
  retired: boolean;
  /** Connections no query is using now, each with its prepared statements; closed with the snapshot. */
  idle: StatementCache[];
}

const pinned = new AsyncLocalStorage<Snapshot>();

/** Looks at a version of the file through `read` (a query on it) and says why it must not be served, or undefined. */
export type VersionCheck = (read: (sql: string) => Promise<Row[]>) => Promise<string | undefined>;

/**
 * A DuckDB database file. Writable (loading): one connection, for transactions and appenders.
 * Read-only (serving): a connection per query at a time, taken from the snapshot's idle ones, which keep each
 * statement they ran prepared, so a statement is planned once per connection and each request pays its execution
 * (data/prepared.ts); `watch()` switches to a new version of the file when a load replaces it (with new connections,
 * so nothing prepared on the old version is used on the new), and `pin()` keeps one request on one version, so no
 * request ever sees half a load.
 * @example const db = await Database.open('data/saferboard.duckdb', { readOnly: true });
 */
export class Database {
  private snapshot: Snapshot;
  private stat: Stats | undefined;

  private constructor(
    readonly path: string,
    snapshot: Snapshot,
    readonly readOnly: boolean,
  ) {
    this.snapshot = snapshot;
  }

  static async open(path: string, { readOnly = false } = {}): Promise<Database> {
    const db = new Database(path, await openSnapshot(path, readOnly, 1), readOnly);
    if (!readOnly) {
      // a writable database is a load's or an upgrade's own copy (or the template being built), one transaction
      // renamed into place once closed: its commit writes the tables straight into the file (a checkpoint), not
      // first to the write-ahead log and then again at the CHECKPOINT that follows (1M rows: 7 MB of log, 40-60 ms)
      await db.connection.run(`SET checkpoint_threshold = '0b'`);
      await applySchema(db.connection);
    }
    db.stat = readOnly ? statSync(path) : undefined;
    return db;
  }

  get instance(): DuckDBInstance {
    return this.snapshot.instance;
  }

  get connection(): DuckDBConnection {
    return this.snapshot.connection;
  }

  /** Which version of the file is being served (1, then +1 at each switch). */
  get generation(): number {
    return (pinned.getStore() ?? this.snapshot).generation;
  }

  /** The idle connections of the version served now, and how the statements they keep run (read-only; for tests). */
  get prepared(): { connections: number; planned: number; bound: number; plain: number } {
    const out = { connections: this.snapshot.idle.length, planned: 0, bound: 0, plain: 0 };
    for (const cache of this.snapshot.idle) for (const [k, n] of Object.entries(cache.counts)) out[k as 'planned'] += n;
    return out;
  }

  /** Runs one statement and returns its rows as JSON-safe objects. */
  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    if (!this.readOnly) return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJson() as T[];
    const snapshot = pinned.getStore() ?? this.snapshot;
    // a connection per query at a time, so concurrent requests never share one
    snapshot.users++;
    let cache: StatementCache | undefined;
    let ok = false;
    try {
      cache = snapshot.idle.pop() ?? (await StatementCache.create(await snapshot.instance.connect()));
      const rows = (await cache.all(sql, params)) as T[];
      ok = true;
      return rows;
    } finally {
      // a connection whose query failed is not reused (its state is not worth reasoning about)
      if (cache) {
        if (ok && !snapshot.retired && snapshot.idle.length < IDLE_CONNECTIONS) snapshot.idle.push(cache);
        else cache.close();
      }
      release(snapshot);
    }
  }

  /**
   * Records that this database has this saferboard's schema and macros as it stands now (writable; in a load's or an
   * upgrade's transaction, after its last change to `loads` and `meta.derived_version`), so the next writable open
   * skips applying them.
   */
  async markSchema(): Promise<void> {
    await this.connection.run(MARK_SQL);
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Runs `fn` (a whole request) against the version of the database current now, whatever loads happen meanwhile. */
  async pin<T>(fn: () => Promise<T>): Promise<T> {
    const snapshot = this.snapshot;
    snapshot.users++;
    try {
      return await pinned.run(snapshot, fn);
    } finally {
      release(snapshot);
    }
  }

  /**
   * Read-only: checks the file every `intervalMs` and switches to the new version when a load has replaced it.
   * `check` may refuse a new version (it returns why, in words, to `onRefuse`): the old one is served on.
   */
  watch(
    intervalMs = 500,
    onSwitch?: (generation: number) => void,
    { check, onRefuse }: { check?: VersionCheck; onRefuse?: (problem: string) => void } = {},
  ): void {
    watchFile(this.path, { interval: intervalMs }, async (current) => {
      if (!this.stat || (current.ino === this.stat.ino && current.mtimeMs === this.stat.mtimeMs) || current.nlink === 0)
        return;
      try {
        const problem = await this.reopen(current, check);
        if (problem) onRefuse?.(problem);
        else onSwitch?.(this.snapshot.generation);
      } catch (e) {
        console.error(`[saferboard] could not open the new version of ${this.path}: ${(e as Error).message}`);
      }
    });
  }

  /**
   * Opens the file again and serves from the new version; the old one closes when its last request ends. When
   * `check` finds a problem with the new version, it is closed again, the old one is served on, and the problem
   * returned.
   */
  async reopen(stat = statSync(this.path), check?: VersionCheck): Promise<string | undefined> {
    const next = await openSnapshot(this.path, true, this.snapshot.generation + 1);
    const problem = check ? await check(async (sql) => (await next.connection.runAndReadAll(sql)).getRowObjectsJson()) : undefined;
    this.stat = stat; // a refused version is not looked at again: the next load replaces it
    if (problem) {
      next.retired = true;
      release(next, 0);
      return problem;
    }
    const old = this.snapshot;
    this.snapshot = next;
    old.retired = true;
    release(old, 0);
    return undefined;
  }

  close(): void {
    if (this.readOnly) unwatchFile(this.path);
    this.snapshot.retired = true;
    release(this.snapshot, 0);
  }
}

/**
 * DuckDB's memory limit for a writable database (a load, an upgrade): `SAFERBOARD_MEMORY_LIMIT` (DuckDB's form,
 * `3GB`, `500MB`), else 3 GB or 80% of the machine's memory when that is less (DuckDB's own default is 80%). Above
 * it DuckDB spills to a temporary file beside the database. Measured on 100M national rows (BENCHMARKS.md, issue 21):
 * peak RSS 10.4 GB without a limit, 3.8 GiB with 3 GB, and the load faster (426 s against 496 s). Below ~10M rows a
 * load stays under it.
 */
export function memoryLimit(): string {
  const set = process.env.SAFERBOARD_MEMORY_LIMIT?.trim();
  if (set) {
    if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(set))
      throw new Error(`SAFERBOARD_MEMORY_LIMIT is "${set}": expected a size such as 3GB, 2.5GiB or 500MB`);
    return set;
  }
  return `${Math.max(256, Math.min(3 * 1000, Math.floor((totalmem() * 0.8) / 1e6)))}MB`;
}

async function openSnapshot(path: string, readOnly: boolean, generation: number): Promise<Snapshot> {
  // serving: many small queries, each on one thread (concurrent requests use the other cores); DuckDB's thread
  // hand-offs cost more than they save on queries this small (measured: the rolling query 19 ms -> 11 ms; two threads
  // again in the eleventh session: repeat and hotspots 16% faster, rolling 12% slower, so still one)
  const instance = await DuckDBInstance.create(path, readOnly ? { access_mode: 'READ_ONLY', threads: '1' } : { memory_limit: memoryLimit() });
  return { instance, connection: await instance.connect(), generation, users: 0, retired: false, idle: [] };
}

function release(snapshot: Snapshot, by = 1): void {
  snapshot.users -= by;
  if (snapshot.retired && snapshot.users <= 0) {
    snapshot.users = Number.NaN; // closed: never close twice
    for (const cache of snapshot.idle.splice(0)) cache.close();
    snapshot.connection.closeSync();
    snapshot.instance.closeSync();
  }
}
