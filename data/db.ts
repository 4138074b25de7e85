import { readFileSync } from 'node:fs';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

export type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

const SCHEMA = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/** The default database path: `SAFERBOARD_DB`, else `data/saferboard.duckdb`. */
export const defaultDbPath = (): string => process.env.SAFERBOARD_DB ?? 'data/saferboard.duckdb';

/**
 * A DuckDB database file and one connection to it.
 * @example const db = await Database.open('data/saferboard.duckdb', { readOnly: true });
 */
export class Database {
  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly readOnly: boolean,
  ) {}

  static async open(path: string, { readOnly = false } = {}): Promise<Database> {
    const options: Record<string, string> = readOnly ? { access_mode: 'READ_ONLY' } : {};
    const instance = await DuckDBInstance.create(path, options);
    const connection = await instance.connect();
    const db = new Database(path, instance, connection, readOnly);
    if (!readOnly) await connection.run(SCHEMA);
    return db;
  }

  /** Runs one statement and returns its rows as JSON-safe objects. */
  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    // read-only (serving): a connection per query, so concurrent requests never share one
    const connection = this.readOnly ? await this.instance.connect() : this.connection;
    try {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJson() as T[];
    } finally {
      if (connection !== this.connection) connection.closeSync();
    }
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
