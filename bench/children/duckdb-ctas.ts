// B1 baseline: DuckDB's own CSV reader into a table, nothing else. Args: <db> <csv files or globs...> (a glob such as
// '/tmp/bench-100m/police-uk/*/*.csv' for a folder of more files than a command line holds)
import { DuckDBInstance } from '@duckdb/node-api';

const [db, ...files] = process.argv.slice(2);
const started = performance.now();
const instance = await DuckDBInstance.create(db!);
const connection = await instance.connect();
const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv([${list}])`);
await connection.run('CHECKPOINT');
const reader = await connection.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM t');
const rows = reader.getRowObjectsJson()[0]!.n as number;
const seconds = (performance.now() - started) / 1000;
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ seconds, rows, maxRssKb: process.resourceUsage().maxRSS }));
