import { DuckDBInstance } from '@duckdb/node-api';
import { sql } from './api/queries.ts';
const inst = await DuckDBInstance.create('bench/data/10m/saferboard.duckdb', { access_mode: 'READ_ONLY', threads: '1' });
const p = { candidates: JSON.stringify([{ key: 'series', source: 'policeuk', category: 'burglary', requires: ['burglary'] }]), area: 'E09000003', cf: '2018-01', ct: '2018-12', pf: '2017-01', pt: '2017-12', ycur: 2018, yprev: 2017 };
const c = await inst.connect();
await c.run("PRAGMA enable_profiling='json'; PRAGMA profiling_output='/tmp/prof.json'");
await c.runAndReadAll(sql('engine-counts'), p);
await c.runAndReadAll(sql('engine-counts'), p);
