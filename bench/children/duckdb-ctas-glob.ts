// B1 baseline for a folder too large to name file by file (the national 100M run: 7,224 files): DuckDB's own CSV
// reader over a glob into a table, nothing else, as duckdb-ctas.ts does for a list. Args: <db> <glob>
import { DuckDBInstance } from '@duckdb/node-api';

const [db, glob] = process.argv.slice(2);
const started = performance.now();
const instance = await DuckDBInstance.create(db!);
const connection = await instance.connect();
await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${glob!.replaceAll("'", "''")}')`);
await connection.run('CHECKPOINT');
const reader = await connection.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM t');
const rows = reader.getRowObjectsJson()[0]!.n as number;
const seconds = (performance.now() - started) / 1000;
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ seconds, rows, maxRssKb: process.resourceUsage().maxRSS }));
