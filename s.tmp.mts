import { Database } from './data/db.ts';
import { createApp } from './api/app.ts';
const r = await Database.open('/tmp/t.duckdb', {readOnly:true});
const app = createApp(r);
for (const u of ['/api/outcomes?area=Barnet&to=2018-12', '/api/outcomes?area=Westminster&to=2018-12']) {
  const t = performance.now(); const res = await app.request(u); const body: any = await res.json();
  console.log(u, res.status, Math.round(performance.now()-t), 'ms', body.unusual);
  for (const o of body.outcomes) for (const i of o.indicators) if (i.kind==='count') console.log(' ', i.id, i.source, i.spc?.line, '|', i.summary.slice(0,150));
}
