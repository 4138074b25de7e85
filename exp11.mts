import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { sql } from './api/queries.ts';
import { BOROUGHS } from './bench/latency.ts';
const MACROS = readFileSync('queries/macros.sql', 'utf8');
const start = MACROS.indexOf('CREATE OR REPLACE MACRO incident_places');
const end = MACROS.indexOf(';', start) + 1;
const base = MACROS.slice(start, end);
const SEMI = `    AND p.reported_by IN (SELECT reported_by FROM policeuk_area_forces WHERE area_code = area_)\n`;
if (!base.includes(SEMI)) throw new Error('no semi');
const variants: Record<string, string> = {
  none: base.replace(SEMI, ''),
  semi: base,
  join: base.replace(SEMI, '').replace('  FROM policeuk_counted p\n', '  FROM policeuk_counted p JOIN policeuk_area_forces af ON af.area_code = area_ AND af.reported_by = p.reported_by\n'),
  range: base.replace(SEMI, `    AND p.reported_by BETWEEN (SELECT min(reported_by) FROM policeuk_area_forces WHERE area_code = area_) AND (SELECT max(reported_by) FROM policeuk_area_forces WHERE area_code = area_)\n`),
};
const inst = await DuckDBInstance.create(process.argv[2]!, { threads: '1' });
const c = await inst.connect();
const to = process.argv[3]!, from = process.argv[4]!;
const codes = BOROUGHS.map((b) => b.code);
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!.toFixed(1);
const qs = { repeat: sql('repeat-policeuk'), hotspots: sql('hotspots') };
const res: Record<string, string> = {}; const check: Record<string, string> = {};
for (let round = 0; round < 2; round++) for (const [name, m] of Object.entries(variants)) {
  await c.run(m);
  for (const [qn, q] of Object.entries(qs)) {
    const ts: number[] = []; let out = '';
    for (let i = 0; i < 32; i++) {
      const cat = ['burglary', 'robbery', 'theft'][i % 3]!;
      const p = qn === 'repeat' ? { category: cat, area: codes[i]!, from, to, min_incidents: 2 }
        : { source: 'policeuk', area: codes[i]!, category: cat, requires: JSON.stringify([cat]), from: from + '-01', to: to + '-01' };
      const s = performance.now();
      const r = await c.runAndReadAll(q, p);
      ts.push(performance.now() - s); out += JSON.stringify(r.getRowObjectsJson());
    }
    res[`${name} ${qn}`] = (res[`${name} ${qn}`] ?? '') + ' ' + med(ts);
    check[`${qn}`] = check[qn] ?? out; if (check[qn] !== out) console.log('DIFFERENT', name, qn);
  }
}
await c.run(base);
console.log(res);
