import { Database } from './data/db.ts';
import { runEngine } from './api/indicators/engine.ts';
import { resolvePeriod } from './api/periods.ts';
const db = await Database.open(process.argv[2]!, {readOnly:true});
const orig = db.all.bind(db);
const calls: [string, any][] = [];
(db as any).all = async (q: string, p: any) => { if (q.includes('indicator engine')) calls.push([q, p]); return orig(q, p); };
await runEngine(db, { period: resolvePeriod('2018-12'), area: 'E09000007' });
for (const [q, p] of calls) {
  const ms: number[] = [];
  for (let i = 0; i < 7; i++) { const t = performance.now(); await orig(q, p); ms.push(performance.now() - t); }
  ms.sort((a, b) => a - b);
  console.log(q.split('\n')[0]!.slice(0, 60), 'median', ms[3]!.toFixed(1));
}
const ms: number[] = [];
for (let i = 0; i < 7; i++) { const t = performance.now(); await runEngine(db, { period: resolvePeriod('2018-' + String(5 + i).padStart(2,'0')), area: 'E09000007' }); ms.push(performance.now() - t); }
ms.sort((a,b)=>a-b); console.log('engine', ms[3]!.toFixed(1));
