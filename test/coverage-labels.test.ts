import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../data/db.ts';
import { loadFiles, rebuildDerived } from '../data/load.ts';
import { POLICEUK_SAMPLE, fixture, query, readCsv, tempDb } from './helpers.ts';

const CUTS = fixture('shapes/police-uk-cuts');

/** Every street file under `dir`, read as it is: (force, month) -> the crime types its rows hold, lower-cased. */
function rawLabels(dir: string): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const month of readdirSync(dir))
    for (const f of readdirSync(join(dir, month)).filter((f) => f.endsWith('-street.csv')))
      for (const r of readCsv(join(dir, month, f))) {
        const key = `${r['Reported by']}|${r['Month']}-01`;
        (out.get(key) ?? out.set(key, new Set()).get(key)!).add(`|${r['Crime type']!.trim().toLowerCase()}`);
      }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

const coverage = (path: string) => query(path, `SELECT * FROM category_coverage ORDER BY ALL`);

// data/coverage.sql reads the crime types each police.uk (force, month) holds from slices.labels, which the load
// writes; a database loaded before they were recorded has none, and its coverage is read from the rows.
describe("a police.uk slice's crime types (slices.labels)", () => {
  it('are what its rows hold, for whole files and for cuts', async () => {
    for (const dir of [POLICEUK_SAMPLE, CUTS]) {
      const db = tempDb();
      await loadFiles([dir], { db });
      const got = await query<{ k: string; labels: string[] }>(
        db,
        `SELECT slice || '|' || strftime(month, '%Y-%m-%d') AS k, list_sort(labels) AS labels FROM slices WHERE source = 'policeuk'`,
      );
      expect(new Map(got.map((r) => [r.k, r.labels]))).toEqual(rawLabels(dir));
    }
  });

  it('when missing (a database loaded before), coverage is read from the rows and comes out the same', async () => {
    for (const dir of [POLICEUK_SAMPLE, CUTS]) {
      const path = tempDb();
      await loadFiles([dir], { db: path });
      const before = await coverage(path);
      // the cuts cover fewer categories than whole files: the rule reads the crime types, not only the slices
      expect(before.length).toBeGreaterThan(0);
      const db = await Database.open(path);
      try {
        await db.run('BEGIN TRANSACTION');
        await db.run(`UPDATE slices SET labels = NULL WHERE source = 'policeuk'`);
        await rebuildDerived(db);
        await db.run('COMMIT');
      } finally {
        db.close();
      }
      expect(await query(path, `SELECT count(*)::INTEGER AS n FROM slices WHERE source = 'policeuk' AND labels IS NOT NULL`)).toEqual([{ n: 0 }]);
      expect(await coverage(path)).toEqual(before);
    }
  });
});
