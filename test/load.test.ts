import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, tempDb } from './helpers.ts';

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const PATHS = [
  '/api/ranks?category=burglary&to=2018-12',
  '/api/rolling?area=Barnet&category=burglary-residential&to=2018-12',
  '/api/trend?area=Camden&category=mopac7',
  '/api/outcomes?area=Barnet&to=2018-12',
  '/api/meta',
];

const hammer = (url: string, duration: number) =>
  autocannon({
    url,
    connections: 50,
    duration,
    requests: PATHS.map((path) => ({ method: 'GET', path })),
  });

let kill = () => {};
afterAll(() => kill());

describe('under load', () => {
  it('50 concurrent clients for 30 s: zero errors, p99 recorded, memory after within 10% of before', async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE, POLICEUK_SAMPLE], { db });
    const port = await freePort();
    const server = spawn(process.execPath, [join(ROOT, 'bin/saferboard.js'), 'serve', '--db', db, '--port', String(port)], {
      stdio: 'ignore',
    });
    kill = () => server.kill('SIGKILL');
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await hammer(url, 10); // warm-up to a steady state: caches, JIT, DuckDB buffers, V8 heap
    const before = rssKb(server.pid!);
    const result = await hammer(url, 30);
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssKb(server.pid!);
    console.log(
      `[load] ${result.requests.total} requests in 30 s, ${result.requests.average} req/s, p50 ${result.latency.p50} ms, ` +
        `p99 ${result.latency.p99} ms, errors ${result.errors} (timeouts ${result.timeouts}, mismatches ${result.mismatches}, resets ${result.resets}), non-2xx ${result.non2xx}, RSS ${before} -> ${after} kB`,
    );
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result.requests.total).toBeGreaterThan(100);
    expect(result.latency.p99).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(before * 1.1);
  }, 120_000);
});
