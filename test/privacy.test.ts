import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../data/db.ts';
import { ROOT, SAMPLE, fixture, serveCli, tempDb } from './helpers.ts';

/** Every raw victim and location id in the local extracts the tests load, read straight from the files. */
function rawIds(): Set<string> {
  const ids = new Set<string>();
  const add = (rows: Record<string, string>[], columns: string[]) =>
    rows.forEach((r) => columns.forEach((c) => r[c]?.trim() && ids.add(r[c]!.trim())));
  const sample = gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8');
  add(Papa.parse<Record<string, string>>(sample, { header: true, skipEmptyLines: true }).data, ['victim_id', 'location_id']);
  const cris = readFileSync(fixture('local/cris-extract.csv'), 'utf8');
  add(Papa.parse<Record<string, string>>(cris, { header: true, skipEmptyLines: true }).data, ['Victim URN']);
  return ids;
}

/**
 * The raw ids that occur in a text: every id-shaped substring, starting at every position, not followed by a digit
 * (`strict`: with no letter or digit on either side and at least 6 characters long, for binary files, where
 * compressed digit runs such as "…709B0300020…" or "\0B0000\x10" in a column segment are not ids).
 */
function leaks(text: string, ids: Set<string>, strict = false): string[] {
  const found = new Set<string>();
  const edge = strict ? /[A-Za-z0-9]/ : /\d/;
  for (const m of text.matchAll(/(?=([A-Za-z]{1,4}[-_]?\d{3,8}))/g))
    for (let end = m[1]!.length; end >= (strict ? 6 : 4); end--) {
      const candidate = m[1]!.slice(0, end);
      const before = strict ? (text[m.index - 1] ?? '') : '';
      if (ids.has(candidate) && !edge.test(text[m.index + end] ?? '') && !edge.test(before)) found.add(candidate);
    }
  return [...found];
}

let stopServer = () => {};
afterAll(() => stopServer());

describe('privacy: raw victim and location ids never leave the extract', () => {
  it('appear nowhere in the database file, the logs, or any API response', async () => {
    const ids = rawIds();
    expect(ids.size).toBeGreaterThan(1000);
    expect(ids.has('VX-001')).toBe(true);
    // the scan sees an id wherever it is, even run together with other text
    expect(leaks('xxVX-001;"P048260",aB0707z', ids).sort()).toEqual(['B0707', 'P048260', 'VX-001'].filter((i) => ids.has(i)).sort());
    expect(leaks('709B0300020', ids, true)).toEqual([]);
    expect(leaks('\u0000B0000\u0010', ids, true)).toEqual([]);
    expect(leaks('\u0000B0000\u0010', ids)).toEqual(ids.has('B0000') ? ['B0000'] : []);
    expect(leaks('\u0007P048260\u0000', ids, true)).toEqual(ids.has('P048260') ? ['P048260'] : []);
    const db = tempDb();
    const logs: string[] = [];
    const env = { ...process.env, SAFERBOARD_SECRET: 'privacy-test-key' };
    for (const args of [
      ['load', '--db', db, SAMPLE],
      ['load', '--db', db, '--mapping', fixture('local/cris-mapping.json'), fixture('local/cris-extract.csv')],
    ]) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/saferboard.js'), ...args], { cwd: process.cwd(), encoding: 'utf8', env });
      expect(r.status, r.stderr).toBe(0);
      logs.push(r.stdout, r.stderr);
    }

    // the database file (and anything beside it), byte for byte; DuckDB compresses most strings, so this is the
    // weaker check: the decisive one reads back every stored text value below
    for (const f of readdirSync(dirname(db)))
      expect(leaks(readFileSync(join(dirname(db), f)).toString('latin1'), ids, true), f).toEqual([]);
    // every text value stored in every table
    const database = await Database.open(db, { readOnly: true });
    const columns = await database.all<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
       WHERE data_type = 'VARCHAR' AND table_schema = 'main'`,
    );
    for (const { t, c } of columns) {
      const values = await database.all<{ v: string }>(`SELECT DISTINCT "${c}" AS v FROM "${t}" WHERE "${c}" IS NOT NULL`);
      expect(leaks(values.map((r) => r.v).join('\n'), ids), `${t}.${c}`).toEqual([]);
    }
    const indicators = (await database.all<{ id: string }>(`SELECT DISTINCT id FROM indicator_filters`)).map((r) => r.id);
    database.close();

    // a real server: its log and the answer to every route, for every indicator, unit, source and output format
    const served = await serveCli(db, { env: { SAFERBOARD_SECRET: 'privacy-test-key' } });
    stopServer = served.stop;
    const base = served.base;
    const urls = ['/api/meta', '/api/health', '/', '/explore', '/assessment'];
    for (const area of ['Barnet', 'E09000003']) {
      for (const pub of ['', '&public=1']) {
        urls.push(`/api/outcomes?area=${area}&to=2018-12${pub}`, `/api/outcomes?area=${area}&to=2018-12&source=local${pub}`);
        for (const indicator of indicators)
          for (const unit of ['victim', 'location'])
            urls.push(`/api/repeat?source=local&area=${area}&indicator=${indicator}&to=2018-12&unit=${unit}${pub}`);
        for (const category of ['burglary', 'asb', 'domestic-abuse', 'knife-crime'])
          for (const format of ['json', 'csv', 'arrow']) {
            urls.push(`/api/trend?source=local&area=${area}&category=${category}&format=${format}${pub}`);
            urls.push(`/api/ranks?source=local&category=${category}&to=2018-12&format=${format}${pub}`);
          }
        // the rows behind a figure (victims and places only as their pseudonyms) and its explanation
        for (const category of ['burglary', 'asb', 'domestic-abuse', 'knife-crime']) {
          for (const format of ['json', 'csv']) urls.push(`/api/rows?route=rolling&source=local&area=${area}&category=${category}&to=2018-12&format=${format}${pub}`);
          urls.push(`/api/explain?route=rolling&source=local&area=${area}&category=${category}&to=2018-12${pub}`);
        }
      }
      urls.push(`/api/hotspots?source=policeuk&area=${area}&category=burglary`, `/api/hotspots?source=local&area=${area}&category=burglary`, `/api/hotspots?source=local&area=${area}&category=asb`, `/api/rolling?source=local&area=${area}&category=burglary&to=2018-12`);
    }
    let answered = 0;
    for (const url of urls) {
      const res = await fetch(base + url);
      const body = Buffer.from(await res.arrayBuffer()).toString('latin1');
      expect(res.status, url).toBeLessThan(500);
      expect(leaks(body, ids), url).toEqual([]);
      answered += res.status === 200 ? 1 : 0;
    }
    expect(answered).toBeGreaterThan(urls.length / 2);
    served.child.kill('SIGTERM');
    await new Promise((r) => served.child.once('exit', r));
    expect(leaks([...logs, served.log()].join('\n'), ids), 'logs').toEqual([]);
  }, 300_000);
});
