/**
 * A dashboard file cut to a few boroughs (issue 23; "a source covers only what its loaded data holds"): the boroughs it
 * does not hold are a gap, never 0, and a later refresh cut to one borough replaces that borough's months only.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { MPSDASH_OTHER, query, tempDb } from './helpers.ts';

const BARNET = 'E09000003';
const CAMDEN = 'E09000007';
const dir = mkdtempSync(join(tmpdir(), 'saferboard-mpsdash-cut-'));
const [header, ...rows] = Papa.parse<string[]>(readFileSync(MPSDASH_OTHER, 'utf8'), { skipEmptyLines: true }).data;
const col = (name: string) => header!.indexOf(name);
const [MONTH, TYPE, CODE, SUBTYPE, MEASURE, COUNT, REFRESH] = ['Month_Year', 'Area Type', 'Area code', 'Crime Subtype', 'Measure', 'Count', 'Refresh Date'].map(col);
const write = (name: string, body: string[][]) => {
  const path = join(dir, name);
  writeFileSync(path, Papa.unparse([header!, ...body]) + '\n');
  return path;
};
const isDaOffences = (r: string[]) => r[TYPE!] === 'Borough' && r[SUBTYPE!] === 'Domestic Abuse' && r[MEASURE!] === 'Offences';
/** the raw file's domestic abuse offences of a borough in August 2021, by a plain loop */
const rawDa = (code: string) => rows.filter((r) => isDaOffences(r) && r[CODE!] === code && r[MONTH!]!.startsWith('2021-08')).reduce((n, r) => n + Number(r[COUNT!]), 0);
const counts = (db: string) =>
  query<{ area_code: string; count: number }>(db, `SELECT area_code, count::INTEGER AS count FROM monthly_counts
    WHERE source = 'mpsdash' AND category_id = 'domestic-abuse' AND month = DATE '2021-08-01' AND area_code IN ('${BARNET}', '${CAMDEN}') ORDER BY 1`);
const covered = (db: string) =>
  query<{ area_code: string }>(db, `SELECT DISTINCT area_code FROM category_coverage
    WHERE source = 'mpsdash' AND category_id = 'domestic-abuse' AND month = DATE '2021-08-01' AND area_code IN ('${BARNET}', '${CAMDEN}') ORDER BY 1`);

describe('an MPS dashboard file cut to one borough', () => {
  const cut = write('barnet-only.csv', rows.filter((r) => r[CODE!] === BARNET && r[MONTH!]!.startsWith('2021-0')));
  const db = tempDb();
  beforeAll(async () => {
    await loadFiles([cut], { db });
  });

  it('covers Barnet only: Camden, absent from the file, is a gap, not 0', async () => {
    expect(rawDa(BARNET)).toBeGreaterThan(0);
    expect(await covered(db)).toEqual([{ area_code: BARNET }]);
    expect(await counts(db)).toEqual([{ area_code: BARNET, count: rawDa(BARNET) }]);
  });

  it('a later refresh cut to Barnet replaces Barnet only: Camden keeps the full file’s figure', async () => {
    const full = tempDb();
    await loadFiles([MPSDASH_OTHER], { db: full });
    expect(await counts(full)).toEqual([
      { area_code: BARNET, count: rawDa(BARNET) },
      { area_code: CAMDEN, count: rawDa(CAMDEN) },
    ]);
    const later = write(
      'barnet-later.csv',
      rows
        .filter((r) => r[CODE!] === BARNET && r[MONTH!]!.startsWith('2021-08'))
        .map((r) => r.map((v, i) => (i === REFRESH ? '2027-01-01' : i === COUNT && isDaOffences(r) ? '999' : v))),
    );
    await loadFiles([later], { db: full });
    expect(await counts(full)).toEqual([
      { area_code: BARNET, count: 999 },
      { area_code: CAMDEN, count: rawDa(CAMDEN) },
    ]);
    // and an older refresh of the whole file does not undo it
    await loadFiles([MPSDASH_OTHER], { db: full });
    expect((await counts(full))[0]).toEqual({ area_code: BARNET, count: 999 });
  });
});
