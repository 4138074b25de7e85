import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { round } from './spawn.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const rssMiB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024, 1) : null;
};

/**
 * B3: starts a real `saferboard serve` on 127.0.0.1 (an ephemeral port), then runs autocannon against each path
 * in turn: requests/s, p50/p99 latency, errors and non-2xx, and the server's RSS before and after. Stops the
 * server it started.
 * @example await benchUnderLoad(db, { '/api/ranks?...': 'ranks' }, { connections: 50, seconds: 20 });
 */
export async function benchUnderLoad(dbPath: string, paths: Record<string, string>, o: { connections: number; seconds: number }) {
  const out: Record<string, unknown> = {};
  // a fresh server per route, so one route's backlog never delays the next
  for (const [name, path] of Object.entries(paths)) out[name] = await underLoad(dbPath, path, o);
  return out;
}

async function underLoad(dbPath: string, path: string, o: { connections: number; seconds: number }) {
  const server = spawn(process.execPath, [`${ROOT}bin/saferboard.js`, 'serve', '--db', dbPath, '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s: ${err}`)), 60_000);
      server.stderr!.on('data', (d) => {
        err += d;
        const m = /serving .* on http:\/\/[^:]+:(\d+)/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    const url = `http://127.0.0.1:${port}${path}`;
    let t = performance.now();
    const probe = await fetch(url);
    await probe.arrayBuffer();
    const singleMs = round(performance.now() - t, 1);
    if (probe.status !== 200) return { path, available: false, status: probe.status };
    const before = rssMiB(server.pid!);
    t = performance.now();
    const r = await autocannon({ url, connections: o.connections, duration: o.seconds, timeout: 30 });
    return {
      path,
      available: true,
      connections: o.connections,
      seconds: o.seconds,
      singleRequestMs: singleMs,
      requestsPerSecond: round(r.requests.average, 1),
      requests: r.requests.total,
      latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      wallSeconds: round((performance.now() - t) / 1000, 1),
      rssMiB: { before, after: rssMiB(server.pid!) },
    };
  } finally {
    server.kill('SIGTERM');
  }
}
