import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';
const ROOT = new URL('..', import.meta.url).pathname;

export interface ChildResult<T> {
  /** what the child printed as JSON on its last stdout line */
  result: T;
  /** wall time of the whole child process, start-up included */
  wallSeconds: number;
  /** peak resident set size of the child, MiB (GNU time's maximum RSS, else the child's own getrusage) */
  maxRssMiB: number;
  rssSource: 'gnu-time' | 'getrusage';
  /** user + system CPU seconds of the child (GNU time only): fairer than wall time on a shared machine */
  cpuSeconds: number | null;
}

/**
 * Runs a bench/children/*.ts script in a fresh Node process (under GNU time when present) and returns its JSON.
 * @example const r = await runChild<{ seconds: number }>('duckdb-ctas.ts', ['x.duckdb', 'dir']);
 */
export function runChild<T extends { maxRssKb?: number }>(script: string, args: string[], env: Record<string, string> = {}): Promise<ChildResult<T>> {
  const node = [process.execPath, '--import', 'tsx', `${ROOT}bench/children/${script}`, ...args];
  const gnuTime = existsSync(TIME);
  const [cmd, ...argv] = gnuTime ? [TIME, '-v', ...node] : node;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
      const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const kb = timed ? Number(timed[1]) : (result.maxRssKb ?? 0);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpuSeconds = user && system ? round(Number(user[1]) + Number(system[1]), 2) : null;
      resolve({ result, wallSeconds, maxRssMiB: round(kb / 1024, 1), rssSource: timed ? 'gnu-time' : 'getrusage', cpuSeconds });
    });
  });
}

export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Median and 95th percentile of a list of numbers. */
export function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { n: s.length, median: round(at(0.5)), p95: round(at(0.95)), min: round(s[0]!), max: round(s.at(-1)!) };
}
