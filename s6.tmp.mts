import { Database } from './data/db.ts';
import { createApp } from './api/app.ts';
const db = await Database.open(process.argv[2]!, {readOnly:true});
const app = createApp(db);
const orig = db.all.bind(db);
const times: Record<string, number[]> = {};
(db as any).all = async (q: string, p: any) => { const t = performance.now(); const r = await orig(q, p); const k = q.slice(0, 50).replace(/\n/g,' '); (times[k] ??= []).push(performance.now()-t); return r; };
const boroughs = ['Camden','Hackney','Brent','Harrow','Ealing','Islington','Lambeth','Southwark','Lewisham','Bexley','Bromley','Croydon'];
for (const route of ['health', 'rolling', 'outcomes']) {
  const ms: number[] = [];
  for (const [i, b] of boroughs.entries()) {
    const u = route === 'health' ? `/api/health?q=${i}` : route === 'rolling' ? `/api/rolling?source=policeuk&area=${b}&category=burglary&to=2018-12` : `/api/outcomes?area=${b}&to=2018-12`;
    const t = performance.now(); const r = await app.request(u); await r.arrayBuffer(); ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b); console.log(route, 'median', ms[6]!.toFixed(1));
}
for (const [k, v] of Object.entries(times)) { v.sort((a,b)=>a-b); console.log(k, v.length, 'median', v[Math.floor(v.length/2)]!.toFixed(1)); }
