import { DuckDBTypeId, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';

type Params = Record<string, DuckDBValue>;
type Row = Record<string, unknown>;

/**
 * The connection's parameter table: one row, the request's parameters as a JSON object. Created with the
 * connection, before anything is prepared on it, and never altered: a change to the catalog would make DuckDB re-plan
 * the statements prepared before it.
 */
const TABLE = 'temp.main.saferboard_params';
/** Parameter types a JSON value converts to exactly (as text, then cast). */
const CASTABLE = new Set([DuckDBTypeId.VARCHAR, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.DOUBLE, DuckDBTypeId.BOOLEAN, DuckDBTypeId.DATE]);

/** The comment line by which a statement asks to be planned with each run's values (see `prepare`). */
export const PLAN_PER_RUN = /^-- plan: per run\b/m;

/** How a connection runs one statement text. */
type Statement =
  /** planned once, every run pays execution only: each `$name` read from the parameter table (or none) */
  | { kind: 'planned'; statement: DuckDBPreparedStatement; names: string[] }
  /** prepared as written and re-bound per run (DuckDB re-plans it with the values: see the class comment) */
  | { kind: 'bound'; statement: DuckDBPreparedStatement }
  /** not preparable as one statement (several statements, or an error the plain run reports): run as before */
  | { kind: 'plain' };

/**
 * The statements one connection keeps prepared, by SQL text (at most `limit`, least recently used dropped first).
 *
 * Why not simply prepare and re-bind: DuckDB (1.5, `PreparedStatement::CanCachePlan`) keeps no plan for a statement
 * with parameters that scans a table; it binds, optimises and plans it again at every run, with the values, so
 * preparing saves only the parsing. A statement without parameters keeps its plan. So a statement whose parameters
 * all have types DuckDB can resolve is prepared with each `$name` replaced by a read of the connection's parameter
 * table — the same statement text otherwise, so one statement and one coverage rule — and each run writes the
 * request's values there (a prepared UPDATE of its one row, itself planned once) and runs the planned statement.
 * The values stay bound parameters, never SQL text. A statement whose parameter types DuckDB cannot resolve, or that
 * is marked `-- plan: per run` (its execution needs the values at planning), is re-bound as written.
 * @example const cache = await StatementCache.create(connection); await cache.all(sql('engine-counts'), params);
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  private constructor(
    readonly connection: DuckDBConnection,
    private readonly fill: DuckDBPreparedStatement,
    private readonly limit: number,
  ) {}

  /** Takes `connection` over (closing it when this cache cannot be made on it). */
  static async create(connection: DuckDBConnection, limit = 64): Promise<StatementCache> {
    try {
      // one row, rewritten by each run (one UPDATE: a DELETE and an INSERT were two round trips to DuckDB)
      await connection.run(`CREATE TEMP TABLE ${TABLE.split('.').at(-1)} (p VARCHAR); INSERT INTO ${TABLE} VALUES (NULL)`);
      return new StatementCache(connection, await connection.prepare(`UPDATE ${TABLE} SET p = $p`), limit);
    } catch (e) {
      connection.closeSync();
      throw e;
    }
  }

  /** Prepares `sql` (once) and says how it runs: `planned` (its plan kept), `bound` (re-planned per run) or `plain`. */
  async plan(sql: string): Promise<Statement['kind']> {
    return (await this.statement(sql)).kind;
  }

  /** How many statement texts are kept, by how they run. */
  get counts(): { planned: number; bound: number; plain: number } {
    const counts = { planned: 0, bound: 0, plain: 0 };
    for (const s of this.statements.values()) counts[s.kind]++;
    return counts;
  }

  /** Runs `sql` with `params` and returns its rows as JSON-safe objects. */
  async all(sql: string, params?: Params): Promise<Row[]> {
    const s = await this.statement(sql);
    if (s.kind === 'plain') return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJson();
    if (s.kind === 'bound') {
      // cleared first, so a parameter left out fails as it would unprepared, never runs with the last request's value
      s.statement.clearBindings();
      if (params) s.statement.bind(params);
      return (await s.statement.runAndReadAll()).getRowObjectsJson();
    }
    const values = parameterJson(s.names, params ?? {});
    if (values === undefined) return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJson();
    if (!s.names.length) return (await s.statement.runAndReadAll()).getRowObjectsJson();
    this.fill.bind({ p: values });
    await this.fill.run();
    return (await s.statement.runAndReadAll()).getRowObjectsJson();
  }

  private async statement(sql: string): Promise<Statement> {
    const kept = this.statements.get(sql);
    if (kept) {
      this.statements.delete(sql); // re-inserted: the most recently used last
      this.statements.set(sql, kept);
      return kept;
    }
    const made = await this.prepare(sql);
    if (this.statements.size >= this.limit) {
      const [oldest, dropped] = this.statements.entries().next().value!;
      if (dropped.kind !== 'plain') dropped.statement.destroySync();
      this.statements.delete(oldest);
    }
    this.statements.set(sql, made);
    return made;
  }

  private async prepare(sql: string): Promise<Statement> {
    let written: DuckDBPreparedStatement;
    try {
      written = await this.connection.prepare(sql);
    } catch {
      return { kind: 'plain' };
    }
    // a statement whose execution depends on its values being known when it is planned (a constant filter that lets
    // DuckDB skip row groups of a table ordered by it) says so, and is planned with them at every run
    if (PLAN_PER_RUN.test(sql)) return { kind: 'bound', statement: written };
    const types = new Map<string, DuckDBTypeId>();
    for (let i = 1; i <= written.parameterCount; i++) types.set(written.parameterName(i).toLowerCase(), written.parameterTypeId(i));
    // no parameters: DuckDB keeps the plan of the statement as written
    if (types.size === 0) return { kind: 'planned', statement: written, names: [] };
    if (![...types.values()].every((t) => CASTABLE.has(t))) return { kind: 'bound', statement: written };
    const rewritten = replaceParameters(sql, (name) => {
      const type = types.get(name.toLowerCase());
      return type === undefined ? undefined : `(SELECT CAST(json_extract_string(p, '$."${name.toLowerCase()}"') AS ${DuckDBTypeId[type]}) FROM ${TABLE})`;
    });
    if (rewritten === undefined) return { kind: 'bound', statement: written };
    let planned: DuckDBPreparedStatement;
    try {
      planned = await this.connection.prepare(rewritten);
    } catch {
      return { kind: 'bound', statement: written };
    }
    if (planned.parameterCount !== 0) {
      planned.destroySync();
      return { kind: 'bound', statement: written };
    }
    written.destroySync();
    return { kind: 'planned', statement: planned, names: [...types.keys()] };
  }

  close(): void {
    this.statements.clear();
    this.connection.closeSync(); // destroys everything prepared on it
  }
}

/**
 * The values of `names` in `params` as one JSON object (keys lower case), or undefined when a value has no exact JSON
 * form (a bigint, an infinite number, a DuckDB value object): that run binds them as written instead. Throws, as
 * DuckDB does, when a parameter has no value or a value no parameter.
 */
export function parameterJson(names: string[], params: Params): string | undefined {
  const given = new Map(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  const missing = names.filter((n) => !given.has(n));
  if (missing.length) throw new Error(`Values were not provided for the following prepared statement parameters: ${missing.join(', ')}`);
  const unknown = [...given.keys()].filter((k) => !names.includes(k));
  if (unknown.length) throw new Error(`the statement has no parameter named ${unknown.join(', ')}`);
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of given) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    else return undefined;
  }
  return JSON.stringify(out);
}

/**
 * `sql` with each `$name` outside string literals, quoted identifiers and comments replaced by `replace(name)`, or
 * undefined when `replace` refuses a name (returns undefined) or the text holds a dollar-quoted string (`$$…$$`,
 * `$tag$…$tag$`), which this scanner does not read.
 * @example replaceParameters("SELECT $a, '$b'", (n) => `:${n}`) // "SELECT :a, '$b'"
 */
export function replaceParameters(sql: string, replace: (name: string) => string | undefined): string | undefined {
  let out = '';
  let i = 0;
  const until = (end: string, from: number, escapeDoubled: boolean) => {
    let j = from;
    for (;;) {
      j = sql.indexOf(end, j);
      if (j < 0) return sql.length;
      if (escapeDoubled && sql.startsWith(end + end, j)) j += 2 * end.length;
      else return j + end.length;
    }
  };
  while (i < sql.length) {
    const c = sql[i]!;
    let j = i + 1;
    if (c === "'") j = until("'", i + 1, true);
    else if (c === '"') j = until('"', i + 1, true);
    else if (sql.startsWith('--', i)) j = until('\n', i, false);
    else if (sql.startsWith('/*', i)) j = until('*/', i + 2, false);
    else if (c === '$') {
      const m = /^\$([A-Za-z_]\w*)?(\$)?/.exec(sql.slice(i))!;
      if (!m[1] || m[2]) return undefined; // $$ or $tag$: a dollar-quoted string
      const r = replace(m[1]);
      if (r === undefined) return undefined;
      out += r;
      i += m[0].length;
      continue;
    }
    out += sql.slice(i, j);
    i = j;
  }
  return out;
}
