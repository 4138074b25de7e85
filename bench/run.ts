/**
 * `npm run bench [-- --quick] [--sizes 100k,1m,10m] [--name NAME] [--only b1,b2,b3,b4,b5,b6,b7]`
 * Generates the synthetic data (cached in bench/data/), runs B1-B5 (and B6, the board pack, on the bundled sample) and writes bench/results/<date>-<name>.json
 * (after every step, so an interrupted run keeps what it measured), then prints a Markdown summary.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { FORMATS } from '../data/formats/index.ts';
import { benchBaseline } from './baseline.ts';
import { benchCli } from './cli.ts';
import { benchDashboard } from './dashboard.ts';
import { generateLocal } from './generate-local.ts';
import { generatePoliceUk } from './generate-policeuk.ts';
import { parseCount } from './generate.ts';
import { benchIncrementalMonth, benchIngest } from './ingest.ts';
import { benchLatency, routes } from './latency.ts';
import { benchUnderLoad } from './load-test.ts';
import { benchPack, sampleDb } from './pack.ts';
import { renderReport } from './report.ts';
import { round, runChild } from './spawn.ts';
import { monthRange } from './synthetic.ts';

const ROOT = new URL('..', import.meta.url).pathname;
/** Bumped when the generated files change, so cached data under bench/data is written again. 2: each street file's
 * rows in data.police.uk's order (by LSOA name), as the real files are; the same rows as version 1. */
const GENERATOR_VERSION = 2;
const START = '2016-01';
/** Local extract rows: a tenth of the police.uk rows, at most this many (keeps the full run under 30 minutes). */
const LOCAL_CAP = 250_000;
/** Months of data at each scale: a borough-sized year or two up to ten years of the Met (~83,000 rows a month). */
const monthsFor = (rows: number) => (rows >= 5e6 ? 120 : rows >= 5e5 ? 36 : 24);

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    name: { type: 'string' },
    only: { type: 'string', default: 'b1,b2,b3,b4,b5,b6,b7' },
    seed: { type: 'string', default: '1' },
  },
});
const quick = values.quick;
const sizes = (values.sizes ?? (quick ? '100k,1m' : '100k,1m,10m')).split(',').map((s) => ({ label: s.toLowerCase(), rows: parseCount(s) }));
const only = new Set(values.only.split(','));
const reps = quick ? 10 : 30;
const loadSeconds = quick ? 5 : 20;
const name = values.name ?? (quick ? 'quick' : 'full');
const date = new Date().toISOString().slice(0, 10);
const resultsFile = join(ROOT, 'bench/results', `${date}-${name}.json`);
const hasLocal = FORMATS.some((f) => f.id === 'local');
const log = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const duckdbVersion = async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const v = (await c.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0]!.v as string;
  c.closeSync();
  instance.closeSync();
  return v;
};
const pkgVersion = (p: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;

/** The saferboard load time of the latest earlier results file that ran B1 at this size (for `--only b4`). */
function lastIngest(label: string): { seconds: number; file: string } | undefined {
  const dir = join(ROOT, 'bench/results');
  if (!existsSync(dir)) return undefined;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort().reverse()) {
    const b1 = JSON.parse(readFileSync(join(dir, f), 'utf8')).b1?.[label];
    if (b1) return { seconds: b1.saferboard.seconds, file: f };
  }
  return undefined;
}

const started = performance.now();
const results: Record<string, any> = {
  name, date, quick,
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 1), kernel: release() },
  versions: { node: process.version, duckdb: await duckdbVersion(), duckdbNodeApi: pkgVersion('@duckdb/node-api'), papaparse: pkgVersion('papaparse'), autocannon: pkgVersion('autocannon') },
  settings: { sizes, reps, loadTestSeconds: loadSeconds, connections: 50, seed: Number(values.seed), start: START, localFormat: hasLocal },
  data: {}, b1: {}, b1Month: {}, localLoad: {}, b2: {}, b3: null, b4: {}, b5: null, b6: null,
};
const save = () => {
  results.totalSeconds = round((performance.now() - started) / 1000, 1);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
};

// the synthetic data (and B1-B5 on it) only when one of them is asked for: B6 and B7 read the bundled sample
for (const size of [...only].some((b) => b !== 'b6' && b !== 'b7') ? sizes : []) {
  const months = monthsFor(size.rows);
  const work = join(ROOT, 'bench/data', size.label);
  const dir = join(work, 'police-uk');
  const localFile = join(work, 'local/incidents.csv');
  const to = monthRange(START, months).at(-1)!;
  const from = monthRange(START, months).at(-24)!;
  const manifest = { version: GENERATOR_VERSION, rows: size.rows, months, start: START, seed: Number(values.seed), localRows: Math.min(Math.round(size.rows / 10), LOCAL_CAP) };
  const manifestFile = join(work, 'generated.json');
  if (!existsSync(manifestFile) || readFileSync(manifestFile, 'utf8') !== JSON.stringify(manifest)) {
    log(`${size.label}: generating ${size.rows} police.uk rows over ${months} months and ${manifest.localRows} local incidents`);
    rmSync(work, { recursive: true, force: true });
    const t = performance.now();
    generatePoliceUk({ out: dir, rows: size.rows, months, start: START, seed: manifest.seed });
    generateLocal({ file: localFile, rows: manifest.localRows, months, start: START, seed: manifest.seed });
    writeFileSync(manifestFile, JSON.stringify(manifest));
    results.data[size.label] = { ...manifest, generatedSeconds: round((performance.now() - t) / 1000, 1) };
  } else results.data[size.label] = { ...manifest, generatedSeconds: null, cached: true };
  const dbPath = join(work, 'saferboard.duckdb');

  if (only.has('b1') || !existsSync(dbPath)) {
    log(`${size.label}: B1 ingest (DuckDB read_csv, then saferboard load)`);
    const b1 = await benchIngest({ dir, work });
    results.b1[size.label] = b1;
    log(`${size.label}: B1 saferboard ${b1.saferboard.seconds} s vs DuckDB ${b1.duckdb.seconds} s: ratio ${b1.ratio}, RSS ${b1.saferboard.maxRssMiB} MiB`);
    log(`${size.label}: B1 one more month, into this database and into an empty one`);
    const month = await benchIncrementalMonth({ work, dbPath, rows: size.rows, months, start: START, seed: manifest.seed });
    results.b1Month[size.label] = month;
    log(`${size.label}: B1 one more month (${month.rows} rows): ${month.intoLarge.mean} s into this database, ${month.intoEmpty.mean} s into an empty one: ${month.ratio}`);
    if (hasLocal) {
      log(`${size.label}: loading the local extract`);
      const r = await runChild<{ seconds: number; rows: number; maxRssKb: number }>('saferboard-load.ts', [dbPath, localFile]);
      results.localLoad[size.label] = { rows: r.result.rows, seconds: round(r.result.seconds), maxRssMiB: r.maxRssMiB };
    }
    save();
  }
  if (only.has('b4')) {
    log(`${size.label}: B4 papaparse script vs saferboard`);
    const previous = results.b1[size.label] ? undefined : lastIngest(size.label);
    const loadSecs = results.b1[size.label]?.saferboard.seconds ?? previous?.seconds ?? 0;
    results.b4[size.label] = await benchBaseline({
      dir, dbPath, loadSeconds: loadSecs, reps, loadSecondsFrom: previous?.file ?? 'this run',
      question: { area: 'Barnet', areaCode: 'E09000003', category: 'burglary', crimeType: 'Burglary', to },
    });
    save();
  }
  if (only.has('b2')) {
    log(`${size.label}: B2 route latency`);
    results.b2[size.label] = { rows: size.rows, months, routes: await benchLatency(dbPath, { to, from, reps, budgetMs: quick ? 5000 : 20000 }) };
    save();
  }
  if (size === sizes.at(-1)) {
    const p = routes(to, from);
    if (only.has('b3')) {
      log(`${size.label}: B3 autocannon, 50 connections x ${loadSeconds} s per route`);
      results.b3 = await benchUnderLoad(dbPath, { outcomes: p.outcomes!, ranks: p.ranks! }, { connections: 50, seconds: loadSeconds })
        .then((r) => ({ size: size.label, ...r }))
        .catch((e: Error) => ({ size: size.label, error: e.message }));
      save();
    }
    if (only.has('b5')) {
      log(`${size.label}: B5 dashboard`);
      // issue 12: the needs assessment's first complete draw against the board view's, in the same run
      results.b5 = await benchDashboard(dbPath)
        .then(async (r) => {
          const assessment = await benchDashboard(dbPath, '/assessment').catch((e: Error) => ({ available: false, reason: e.message.split('\n')[0] }));
          const a = (assessment as { completeMs?: number }).completeMs;
          const b = (r as { completeMs?: number }).completeMs;
          return { size: size.label, ...r, assessment, assessmentOverBoard: a && b ? round(a / b, 2) : null };
        })
        .catch((e: Error) => ({ size: size.label, available: false, reason: e.message.split('\n')[0] }));
      save();
    }
  }
}
if (only.has('b6')) {
  // issue 21: the board pack against Chromium printing the same HTML, on the bundled sample (a 23-page Barnet pack)
  log('B6 board pack (bundled sample)');
  results.b6 = existsSync('/usr/bin/chromium')
    ? await benchPack({ dbPath: await sampleDb(), area: 'Barnet', to: '2018-12', reps: quick ? 3 : 5 }).catch((e: Error) => ({ available: false, reason: e.message.split('\n')[0] }))
    : { available: false, reason: '/usr/bin/chromium not installed' };
  save();
}
if (only.has('b7')) {
  // issue 21: how fast a command starts, against `node -e 0`, on the bundled sample's database
  log('B7 CLI start (bundled sample)');
  results.b7 = benchCli({ db: await sampleDb(), reps: quick ? 5 : 15 });
  save();
}
save();
log(`done in ${results.totalSeconds} s: ${resultsFile}`);
console.log(renderReport(results));
