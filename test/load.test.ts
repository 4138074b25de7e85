import autocannon from 'autocannon';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, serveCli, tempDb } from './helpers.ts';

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

// Correctness under concurrency only: speed (requests/s, latency) and memory are measured in bench/ (npm run bench),
// as ratios within one run, never asserted here.
describe('under load', () => {
  it('50 concurrent clients for 20 s: every request answered 200, none timed out or reset', async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE, POLICEUK_SAMPLE], { db });
    const server = await serveCli(db);
    kill = server.stop;
    // every path answers on its own first
    for (const path of PATHS) expect((await fetch(server.base + path)).status, path).toBe(200);
    const result = await hammer(server.base, 20);
    console.log(
      `[load] ${result.requests.total} requests in 20 s, errors ${result.errors} (timeouts ${result.timeouts}, mismatches ${result.mismatches}, resets ${result.resets}), non-2xx ${result.non2xx}`,
    );
    expect(result.requests.total).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.resets).toBe(0);
    expect(result.non2xx).toBe(0);
    // the server is still whole after it
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
  }, 120_000);
});
