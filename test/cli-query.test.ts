/**
 * `saferboard query` calls the functions behind the routes (not the app's own HTTP interface): its JSON is the body
 * the route answers for the same parameters, and a bad parameter is the route's message with exit code 2.
 */
import { copyFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { SAMPLE, cli, tempDb } from './helpers.ts';

let dbPath: string;
let db: Database;
beforeAll(async () => {
  dbPath = tempDb();
  await loadFiles([SAMPLE], { db: dbPath });
  db = await Database.open(dbPath, { readOnly: true });
}, 180_000);
afterAll(() => db?.close());

const api = async (route: string, params: Record<string, string>) => {
  const res = await createApp(db, { token: '' }).request(`/api/${route}?${new URLSearchParams(params)}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const query = (route: string, params: Record<string, string>) =>
  cli(['query', route, '--db', dbPath, ...Object.entries(params).flatMap(([k, v]) => [`--${k}`, v])]);

describe('saferboard query answers what the route answers', () => {
  it.each([
    ['rolling', { source: 'mps', area: 'Barnet', category: 'burglary', to: '2018-12' }],
    ['rolling', { source: 'mps', area: 'barnet', category: 'burglary', to: '2018-12', period: 'quarter', vs: 'previous' }],
    ['ranks', { source: 'mps', category: 'burglary', to: '2018-12', measure: 'count' }],
    ['trend', { source: 'mps', area: 'E09000003', category: 'burglary', from: '2018-01', to: '2018-06' }],
  ] as const)('%s %o', async (route, params) => {
    const r = query(route, params);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/WARNING/);
    const { status, body } = await api(route, params);
    expect(status).toBe(200);
    expect(JSON.parse(r.stdout)).toEqual(body);
  });

  it('a bad parameter: the route’s message naming the bad value, exit code 2', async () => {
    const params = { source: 'mps', area: 'Barnet', category: 'burgalry', to: '2018-12' };
    const r = query('rolling', params);
    const { status, body } = await api('rolling', params);
    expect(status).toBe(400);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`saferboard query: ${body.error}`);
    expect(r.stderr).toMatch(/unknown category: "burgalry"/);
    // and a malformed month, caught by the route's own schema
    const bad = query('trend', { source: 'mps', area: 'Barnet', category: 'burglary', to: '2018-13' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/malformed month: "2018-13"/);
  });
});

describe('saferboard query on a database whose derived tables are out of date', () => {
  it('warns on stderr with the upgrade command, and still answers', async () => {
    const stale = tempDb();
    copyFileSync(dbPath, stale);
    // as a database loaded by another saferboard has it
    const instance = await DuckDBInstance.create(stale);
    const connection = await instance.connect();
    await connection.run(`UPDATE meta SET value = 'v0:old:old' WHERE key = 'derived_version'`);
    await connection.run('CHECKPOINT');
    connection.closeSync();
    instance.closeSync();
    const r = cli(['query', 'rolling', '--db', stale, '--source', 'mps', '--area', 'Barnet', '--category', 'burglary', '--to', '2018-12']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^saferboard query: WARNING: the tables of .* are out of date: it was loaded by another version of saferboard/m);
    expect(r.stderr).toContain(`saferboard upgrade --db ${stale}`);
    expect(JSON.parse(r.stdout).current.count).toBeTypeOf('number');
  });
});
