/**
 * B7 (issue 21): how fast a command starts. `saferboard --help` and `saferboard query rolling …` (the compiled CLI,
 * a real answer from a database) against `node -e 0`, the floor any Node command pays, taking turns in one run so
 * the machine's load falls on all three alike. Target: each ≤ 3 × `node -e 0`.
 * `npx tsx bench/cli.ts [--db DB] [--reps 15]` (default: the bundled sample's database, bench/data/sample.duckdb).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { round, stats } from './spawn.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/saferboard.js');
const TIME = '/usr/bin/time';

interface Sample {
  wall: number;
  cpu: number | null;
}

/** One run of a command: wall seconds, and user + system CPU seconds under GNU time when it is installed. */
function timeOnce(argv: string[]): Sample {
  const gnu = existsSync(TIME);
  const started = performance.now();
  const r = gnu
    ? spawnSync(TIME, ['-f', 'CPU %U %S', ...argv], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
    : spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(-500)}`);
  const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : null };
}

/** The three commands, in turn, `reps` times each after one unmeasured round; medians and ratios to `node -e 0`. */
export function benchCli({ db, reps = 15 }: { db: string; reps?: number }) {
  const commands: Record<string, string[]> = {
    'node -e 0': [process.execPath, '-e', '0'],
    'saferboard --help': [process.execPath, BIN, '--help'],
    'saferboard query rolling': [process.execPath, BIN, 'query', 'rolling', '--db', db, '--area', 'Barnet', '--category', 'burglary', '--to', '2018-12'],
  };
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i <= reps; i++)
    for (const [name, argv] of Object.entries(commands)) {
      const s = timeOnce(argv);
      if (i > 0) samples[name]!.push(s);
    }
  const summary = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => {
      const cpu = list.map((s) => s.cpu).filter((c): c is number => c !== null);
      return [name, { wall: stats(list.map((s) => s.wall)), cpuMedian: cpu.length ? stats(cpu).median : null }];
    }),
  );
  const floor = summary['node -e 0']!;
  const ratio = (name: string) => ({
    wall: round(summary[name]!.wall.median / floor.wall.median, 2),
    cpu: summary[name]!.cpuMedian !== null && floor.cpuMedian ? round(summary[name]!.cpuMedian! / floor.cpuMedian, 2) : null,
  });
  return {
    available: true,
    reps,
    commands: summary,
    ratios: { help: ratio('saferboard --help'), queryRolling: ratio('saferboard query rolling') },
    target: 'each ≤ 3 × node -e 0 (wall, medians)',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, reps: { type: 'string', default: '15' } } });
  const { sampleDb } = await import('./pack.ts');
  const db = values.db ?? (await sampleDb());
  console.log(JSON.stringify(benchCli({ db, reps: Number(values.reps) }), null, 1));
}
