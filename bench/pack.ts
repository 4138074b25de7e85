/**
 * B6 (issue 21): the board pack. `saferboard report` (the compiled CLI, in a fresh process: start-up, the engine's
 * results in-process, the charts, the HTML, Chromium, the PDF) against Chromium alone loading the HTML that run
 * wrote and printing it to PDF with the same options (`bench/children/print-html.mjs`, a fresh process too), in
 * turn, in the same run. The target: report ÷ printing ≤ 2.
 *   npx tsx bench/pack.ts [--db PATH] [--area Barnet] [--to 2018-12] [--reps 5] [--public] [--before DIR]
 * `--db` defaults to a database of the bundled sample (data/sample/, loaded into bench/data/sample.duckdb the first
 * time); `--before DIR` also times another checkout's `saferboard report` (built, with its dist/) in the same turns.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { round, stats } from './spawn.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const TIME = '/usr/bin/time';

interface Run {
  wallSeconds: number;
  cpuSeconds: number | null;
  stdout: string;
}

/** Runs `node ARGS` (under GNU time when present): wall seconds of the whole process, its CPU seconds and stdout. */
function node(args: string[], cwd = ROOT): Promise<Run> {
  const gnuTime = existsSync(TIME);
  const [cmd, ...argv] = gnuTime ? [TIME, '-v', process.execPath, ...args] : [process.execPath, ...args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      resolve({ wallSeconds, cpuSeconds: user && system ? round(Number(user[1]) + Number(system[1]), 2) : null, stdout });
    });
  });
}

export interface PackBenchOptions {
  dbPath: string;
  area: string;
  to: string;
  reps: number;
  publicPack?: boolean;
  /** another checkout (built) whose `saferboard report` is timed in the same turns */
  before?: string;
}

/**
 * B6: `saferboard report` against Chromium printing the same HTML, `reps` times each in turn; the ratio of medians.
 * @example await benchPack({ dbPath: 'bench/data/sample.duckdb', area: 'Barnet', to: '2018-12', reps: 5 })
 */
export async function benchPack({ dbPath, area, to, reps, publicPack = false, before }: PackBenchOptions) {
  const work = mkdtempSync(join(tmpdir(), 'saferboard-b6-'));
  const report = (root: string, out: string) =>
    node([join(root, 'bin/saferboard.js'), 'report', '--db', dbPath, '--area', area, '--to', to, '--out', out, ...(publicPack ? ['--public'] : [])], root);
  const runs: { report: Run; print: Run & { phases: Record<string, number> }; before?: Run }[] = [];
  try {
    // one run first, unmeasured: the page cache, and the HTML every printing run loads
    const out = join(work, 'pack');
    await report(ROOT, out);
    const html = join(out, 'board-pack.html');
    for (let i = 0; i < reps; i++) {
      const r = await report(ROOT, out);
      const p = await node([join(ROOT, 'bench/children/print-html.mjs'), html, join(work, 'print.pdf')]);
      const b = before ? await report(before, join(work, 'before')) : undefined;
      runs.push({ report: r, print: { ...p, phases: JSON.parse(p.stdout.trim().split('\n').at(-1)!) }, before: b });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const med = (xs: (number | null | undefined)[]) => (xs.every((x) => typeof x === 'number') ? stats(xs as number[]).median : null);
  const reportS = stats(runs.map((r) => r.report.wallSeconds));
  const printS = stats(runs.map((r) => r.print.wallSeconds));
  const beforeS = before ? stats(runs.map((r) => r.before!.wallSeconds)) : null;
  return {
    area, to, reps, public: publicPack,
    report: { ...reportS, cpuSeconds: med(runs.map((r) => r.report.cpuSeconds)) },
    print: {
      ...printS,
      cpuSeconds: med(runs.map((r) => r.print.cpuSeconds)),
      // inside the printing process (ms): launch and a page, the HTML loaded with its fonts, printing, closing
      phasesMs: Object.fromEntries(['launchMs', 'loadMs', 'printMs', 'closeMs'].map((k) => [k, med(runs.map((r) => r.print.phases[k]))])),
    },
    ratio: round(reportS.median / printS.median, 2),
    ...(beforeS ? { before: { ...beforeS, cpuSeconds: med(runs.map((r) => r.before!.cpuSeconds)), ratio: round(beforeS.median / printS.median, 2) } } : {}),
  };
}

/** The bundled sample loaded into bench/data/sample.duckdb (once). */
export async function sampleDb() {
  const db = join(ROOT, 'bench/data/sample.duckdb');
  if (!existsSync(db)) {
    mkdirSync(join(ROOT, 'bench/data'), { recursive: true });
    await node([join(ROOT, 'bin/saferboard.js'), 'load', '--db', db, '--progress', 'none', join(ROOT, 'data/sample')]);
  }
  return db;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      area: { type: 'string', default: 'Barnet' },
      to: { type: 'string', default: '2018-12' },
      reps: { type: 'string', default: '5' },
      public: { type: 'boolean', default: false },
      before: { type: 'string' },
    },
  });
  const r = await benchPack({ dbPath: values.db ?? (await sampleDb()), area: values.area, to: values.to, reps: Number(values.reps), publicPack: values.public, before: values.before });
  console.log(JSON.stringify(r, null, 2));
}
