/**
 * Every answer of a fixed set of questions, as JSON lines (path, status, body), to diff two builds' figures:
 *
 *   npx tsx bench/dump-answers.ts --db DB --out /tmp/answers-before.jsonl [--to 2018-12,2018-03]
 *   diff /tmp/answers-before.jsonl /tmp/answers-after.jsonl
 *
 * Routes × areas × categories × periods × sources (rolling, ranks, trend, repeat, hotspots, outcomes, league,
 * explain), each asked of a fresh app on a read-only database. The SQL text `/api/explain` shows is left out
 * (a statement's text may change while its figures stay the same).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string' }, to: { type: 'string', default: '2018-12,2018-03' } } });
if (!values.db || !values.out) throw new Error('expected --db FILE --out FILE');
const AREAS = ['Barnet', 'Camden', 'Westminster', 'Hackney', 'City of London', 'No location'];
const CATEGORIES = ['burglary', 'robbery', 'asb', 'vehicle-crime', 'violence-and-sexual-offences', 'mopac7', 'drugs'];
const PERIODS = ['', '&period=fytd', '&period=quarter&vs=previous', '&period=month', '&period=fy'];
const SOURCES = ['', '&source=policeuk', '&source=mps', '&source=local'];
const INDICATORS = ['burglary', 'asb', 'robbery', 'domestic-abuse', 'knife-crime', 'hate-crime', 'violence-with-injury', 'mopac7'];
const TOS = values.to.split(',');

const paths: string[] = [];
const e = encodeURIComponent;
for (const t of TOS) {
  for (const a of AREAS) {
    for (const c of CATEGORIES) {
      for (const s of SOURCES) for (const p of PERIODS) paths.push(`/api/rolling?area=${e(a)}&category=${c}&to=${t}${s}${p}`);
      paths.push(`/api/rolling?area=${e(a)}&category=${c}&to=${t}&source=policeuk&baseline=2016`);
      paths.push(`/api/trend?area=${e(a)}&category=${c}&to=${t}&source=policeuk`);
      paths.push(`/api/trend?area=${e(a)}&category=${c}&to=${t}`);
      paths.push(`/api/hotspots?source=policeuk&area=${e(a)}&category=${c}&to=${t}`);
    }
    for (const s of SOURCES) for (const p of PERIODS) paths.push(`/api/outcomes?area=${e(a)}&to=${t}${s}${p}`);
    for (const i of INDICATORS) {
      for (const s of SOURCES) for (const u of ['', '&unit=location', '&unit=victim']) {
        paths.push(`/api/repeat?area=${e(a)}&indicator=${i}&to=${t}${s}${u}`);
        paths.push(`/api/repeat?area=${e(a)}&indicator=${i}&to=${t}${s}${u}&min_incidents=3`);
      }
      paths.push(`/api/explain?route=outcomes&area=${e(a)}&indicator=${i}&to=${t}`);
      paths.push(`/api/explain?route=rolling&area=${e(a)}&category=${i}&to=${t}&source=policeuk`);
    }
  }
  for (const c of CATEGORIES) {
    for (const s of SOURCES) for (const m of ['rate', 'count']) paths.push(`/api/ranks?category=${c}&to=${t}${s}&measure=${m}`);
  }
  for (const i of INDICATORS) for (const p of PERIODS) paths.push(`/api/league?indicator=${i}&to=${t}${p}`);
}

/** The body without the SQL text an explanation shows. */
const strip = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'sql').map(([k, x]) => [k, strip(x)]));
  return v;
};

const db = await Database.open(values.db, { readOnly: true });
const app = createApp(db);
const lines: string[] = [];
try {
  for (const path of paths) {
    const res = await app.request(path);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = strip(JSON.parse(text));
    } catch {
      /* not JSON: kept as text */
    }
    lines.push(JSON.stringify({ path, status: res.status, body }));
  }
} finally {
  db.close();
}
writeFileSync(values.out, lines.join('\n') + '\n');
const ok = lines.filter((l) => l.includes('"status":200')).length;
console.log(`${paths.length} questions, ${ok} answered 200, written to ${values.out}`);
