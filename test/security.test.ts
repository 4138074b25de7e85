import { spawn } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, checksum, tempDb } from './helpers.ts';

let path: string;
let db: Database;
beforeAll(async () => {
  path = tempDb();
  await loadFiles([MPS_SAMPLE, POLICEUK_SAMPLE], { db: path });
  db = await Database.open(path, { readOnly: true });
});
afterAll(() => db.close());

describe('security headers', () => {
  it.each(['/api/meta', '/api/nope', '/api/trend?area=x&category=y', '/'])('%s', async (url) => {
    const res = await createApp(db, { token: undefined }).request(url);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('SAFERBOARD_TOKEN', () => {
  const app = () => createApp(db, { token: 's3cret-token' });
  it('refuses /api requests without the bearer token, with a 401 JSON', async () => {
    const cases: [Record<string, string>, number, RegExp][] = [
      [{}, 401, /needs a token/],
      [{ Authorization: 'Bearer wrong' }, 401, /invalid token/],
      [{ Authorization: 'Basic s3cret-token' }, 400, /malformed Authorization header/],
    ];
    for (const [headers, status, error] of cases) {
      const res = await app().request('/api/meta', { headers });
      expect(res.status).toBe(status);
      expect((await res.json()).error).toMatch(error);
    }
  });
  it('answers with the token', async () => {
    const res = await app().request('/api/meta', { headers: { Authorization: 'Bearer s3cret-token' } });
    expect(res.status).toBe(200);
  });
  it('warns at start-up when bound to a non-loopback address without a token', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/saferboard.js'), 'serve', '--db', path, '--host', '0.0.0.0', '--port', '0'], {
      env: { ...process.env, SAFERBOARD_TOKEN: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    for (let i = 0; i < 100 && !stderr.includes('serving'); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    expect(stderr).toContain('WARNING: serving on 0.0.0.0');
  });
});

describe('hostile requests (property-based)', () => {
  const ROUTES = ['trend', 'rolling', 'ranks', 'repeat', 'outcomes', 'hotspots', 'meta', 'health'];
  const PARAMS = ['source', 'area', 'category', 'indicator', 'from', 'to', 'baseline', 'measure', 'group', 'format', 'unit', 'public'];
  const NASTY = [
    "'; DROP TABLE monthly_counts; --",
    "Barnet' OR '1'='1",
    '1; SELECT * FROM areas',
    "burglary') UNION SELECT alias, code FROM area_aliases --",
    '../../../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '\u0000',
    '2018-12\u0000',
    'Barnet\u202e',
    '𝔅𝔞𝔯𝔫𝔢𝔱',
    'ＢＡＲＮＥＴ',
    '9'.repeat(400),
    'x'.repeat(20000),
    '2018-13',
    '0000-00',
    '-1',
    'NaN',
    'null',
    '[]',
    '{}',
    '$1',
    '$area',
    '?',
    'E09000003',
    'barnet',
    'burglary',
    'mps',
    'policeuk',
    '2018-12',
    '2017/18',
  ];
  const value = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 30 }));
  const request = fc.record({
    route: fc.constantFrom(...ROUTES),
    params: fc.array(fc.tuple(fc.constantFrom(...PARAMS), value), { maxLength: 8 }),
  });
  const SQL_LEAK = /\bSELECT\b[\s\S]*\bFROM\b|Binder Error|Parser Error|Catalog Error|Conversion Error|duckdb|\bat .+\.ts:\d+/i;

  it('thousands of random and malicious query strings: no 5xx, no stack trace, no SQL, database unchanged', async () => {
    const before = await checksum(path);
    const app = createApp(db, { token: undefined });
    let count = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ route, params }) => {
        const qs = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const res = await app.request(`/api/${route}?${qs}`);
        count++;
        expect(res.status).toBeLessThan(500);
        let body = await res.text();
        for (const [, v] of params) body = body.split(JSON.stringify(v).slice(1, -1)).join('').split(v).join('');
        expect(body).not.toMatch(SQL_LEAK);
      }),
      { numRuns: 2500, seed: 20261122 },
    );
    expect(count).toBe(2500);
    for (const url of ['/../../etc/passwd', '/api/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2F..%2Fpackage.json']) {
      const res = await app.request(url);
      expect(res.status).toBeLessThan(500);
      expect(await res.text()).not.toMatch(/root:x:0:0|"name": "saferboard"/);
    }
    expect(await checksum(path)).toBe(before);
  }, 240_000);
});
