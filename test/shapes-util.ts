/**
 * Shared by the test/shapes-*.test.ts files (issue 19, item 4: the shapes never tested): open an app over a fresh
 * database loaded with some files, ask it in-process, and a few plain helpers (months, "no figure" checks).
 * Expected figures never come from here: each test computes them from the raw files with plain loops.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { tempDb } from './helpers.ts';

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `saferboard-shapes-${prefix}-`));

/** Every month from `from` to `to` (YYYY-MM), inclusive. */
export function months(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    if (s > to) return out;
    out.push(s);
    if (m === 12) [y, m] = [y + 1, 1];
    else m += 1;
  }
}

export type Res = { status: number; body: any; text: string };
export type App = {
  get: (url: string) => Promise<Res>;
  ok: (url: string) => Promise<any>;
  /** the raw response (a download's bytes) */
  request: (url: string) => Promise<Response>;
  close: () => void;
  path: string;
};

/** Loads `files` (in one load per inner array) into a fresh database and opens the app over it, read-only. */
export async function openApp(...loads: string[][]): Promise<App> {
  const path = tempDb();
  for (const files of loads) await loadFiles(files, { db: path });
  const db = await Database.open(path, { readOnly: true });
  const app = createApp(db, { token: '' });
  const get = async (url: string): Promise<Res> => {
    const res = await app.request(url);
    const text = await res.text();
    let body: any = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: res.status, body, text };
  };
  const ok = async (url: string) => {
    const r = await get(url);
    expect(r.status, `${url}: ${r.text.slice(0, 300)}`).toBe(200);
    return r.body;
  };
  return { get, ok, request: async (url: string) => app.request(url), close: () => db.close(), path };
}

/** No NaN or Infinity anywhere in a response's text (JSON cannot hold them, but strings and sentences can). */
export const expectNoNaN = (r: Res, url = '') => expect(r.text, url).not.toMatch(/\bNaN\b|Infinity/);

/**
 * A figure with no data says so: a 400 (the source cannot express it / does not cover it), or a 200 whose
 * `pick(body)` is null (never 0).
 */
export function expectNoFigure(r: Res, pick: (body: any) => unknown, url = '') {
  expectNoNaN(r, url);
  if (r.status === 400) return;
  expect(r.status, url).toBe(200);
  expect(pick(r.body), `${url}: ${r.text.slice(0, 400)}`).toBeNull();
}
