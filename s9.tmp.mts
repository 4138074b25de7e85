import { DuckDBInstance } from '@duckdb/node-api';
import { sql } from './api/queries.ts';
for (const threads of ['1', '2']) {
const inst = await DuckDBInstance.create('bench/data/10m/saferboard.duckdb', { access_mode: 'READ_ONLY', threads });
const p = { candidates: JSON.stringify([{ key: 'series', source: 'policeuk', category: 'burglary', requires: ['burglary'] }]), area: 'E09000003', cf: '2018-01', ct: '2018-12', pf: '2017-01', pt: '2017-12', ycur: 2018, yprev: 2017 };
const q = sql('engine-counts');
const time = async (label: string, f: () => Promise<unknown>) => { const ms: number[] = []; for (let i = 0; i < 20; i++) { const t = performance.now(); await f(); ms.push(performance.now() - t); } ms.sort((a, b) => a - b); console.log(threads, label, ms[10]!.toFixed(2)); };
await time('rolling', async () => { const c = await inst.connect(); await c.runAndReadAll(q, p); c.closeSync(); });
await time('health-like', async () => { const c2 = await inst.connect(); await c2.runAndReadAll("SELECT value FROM meta WHERE key = 'last_load'"); c2.closeSync(); });
inst.closeSync();
}
