/**
 * Shape 1 (issue 19, item 4): a local extract that holds only a few categories, loaded beside the MPS sample.
 * The extract is cut in the test from the bundled synthetic sample (data/sample/local/barnet-local-2017-2018.csv.gz):
 * only "Burglary - Residential", "Personal Property" (personal robbery), "Wounding/GBH" and "Criminal Damage To a
 * Dwelling" rows — no business burglary, no theft, no vehicle crime, no ASB. Expected figures are counted from the
 * cut with plain loops; the MPS figures from the raw MPS sample CSV.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MPS_SAMPLE, SAMPLE, readCsv } from './helpers.ts';
import { type App, expectNoFigure, expectNoNaN, months, openApp, tempDir } from './shapes-util.ts';

const HELD = ['Burglary - Residential', 'Personal Property', 'Wounding/GBH', 'Criminal Damage To a Dwelling'];
const Y2017 = months('2017-01', '2017-12');
const Y2018 = months('2018-01', '2018-12');

describe('a local extract holding a few categories, beside the MPS sample', () => {
  const dir = tempDir('local-few');
  const file = join(dir, 'barnet-local-few-categories.csv');
  let rows: Record<string, string>[] = [];
  let app: App;

  /** Local incidents of the cut with one of `labels`, in `ms`: a plain loop over the raw rows. */
  const localCount = (labels: string[], ms: string[]) => {
    let n = 0;
    for (const r of rows) if (labels.includes(r.category!) && ms.includes(r.date!.slice(0, 7))) n++;
    return n;
  };
  /** MPS sample cells for Barnet whose major category is `major`, summed over `ms`. */
  const mpsCount = (major: string, ms: string[]) => {
    let n = 0;
    for (const r of readCsv(MPS_SAMPLE))
      if (r.Borough === 'Barnet' && r['Major Category'] === major) for (const m of ms) n += Number(r[m.replace('-', '')]);
    return n;
  };

  beforeAll(async () => {
    const all = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    rows = all.data.filter((r) => HELD.includes(r.category!));
    writeFileSync(file, Papa.unparse(rows, { columns: all.meta.fields }) + '\n');
    // the cut really is the shape asked for: a few categories, none of burglary-business, theft or vehicle crime
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(HELD));
    expect(rows.every((r) => r.date!.slice(0, 4) === '2017' || r.date!.slice(0, 4) === '2018')).toBe(true);
    app = await openApp([MPS_SAMPLE, file]);
  });
  afterAll(() => app?.close());

  it('figures for a category it holds equal the raw count, month by month and over 12 months', async () => {
    for (const [category, label] of [
      ['burglary-residential', 'Burglary - Residential'],
      ['robbery-personal', 'Personal Property'],
      ['wounding-gbh', 'Wounding/GBH'],
    ] as const) {
      const r = await app.ok(`/api/rolling?source=local&area=Barnet&category=${category}&to=2018-12`);
      expect(r.current, category).toMatchObject({ count: localCount([label], Y2018), complete: true });
      expect(r.previous, category).toMatchObject({ count: localCount([label], Y2017), complete: true });
      expect(r.change, category).toBe(localCount([label], Y2018) - localCount([label], Y2017));
      const t = await app.ok(`/api/trend?source=local&area=Barnet&category=${category}&from=2017-01&to=2018-12`);
      expect(t.rows.map((x: any) => x.count), category).toEqual([...Y2017, ...Y2018].map((m) => localCount([label], [m])));
    }
  });

  // a local extract covers a category only when its file holds that category's labels (issue 20)
  it('a category the extract does not hold is "no data" in rolling, trend and hotspots, never 0', async () => {
    expect(localCount(['Theft From M/V'], [...Y2017, ...Y2018])).toBe(0); // not in the cut at all
    const url = '/api/rolling?source=local&area=Barnet&category=theft-from-motor-vehicle&to=2018-12';
    expectNoFigure(await app.get(url), (b) => b.current.count, url);
    const fytd = '/api/rolling?source=local&area=Barnet&category=theft-from-motor-vehicle&period=fytd&to=2018-12';
    expectNoFigure(await app.get(fytd), (b) => b.current.count, fytd);
    const trend = '/api/trend?source=local&area=Barnet&category=theft-from-motor-vehicle&from=2018-01&to=2018-12';
    expectNoFigure(await app.get(trend), (b) => (b.rows.every((x: any) => x.count === null) ? null : b.rows.map((x: any) => x.count)), trend);
    const hot = '/api/hotspots?source=local&area=Barnet&category=theft-from-motor-vehicle&from=2018-01&to=2018-12';
    expectNoFigure(await app.get(hot), (b) => b.total, hot);
  });

  // a composite category is covered only when the extract holds every one of its parts (issue 20)
  it('a category only partly held (burglary without business burglary, MOPAC7 without theft) has no local figure', async () => {
    for (const category of ['burglary', 'burglary-business', 'mopac7', 'theft-from-person']) {
      const url = `/api/rolling?source=local&area=Barnet&category=${category}&to=2018-12`;
      expectNoFigure(await app.get(url), (b) => b.current.count, url);
    }
  });

  // the board takes a category from the first source that covers it: an extract that does not hold it is passed over (issue 20)
  it('the board takes burglary and MOPAC7 from MPS, with the raw MPS counts, not from the extract', async () => {
    const r = await app.get('/api/outcomes?area=Barnet&to=2018-12');
    expect(r.status).toBe(200);
    expectNoNaN(r);
    const ind = Object.fromEntries(r.body.outcomes.flatMap((o: any) => o.indicators).map((i: any) => [i.id, i]));
    // Burglary: MPS major category "Burglary" (business and community + residential), January to December 2018
    expect(ind.burglary).toMatchObject({ source: 'mps', current: mpsCount('Burglary', Y2018), previous: mpsCount('Burglary', Y2017) });
    expect(ind.mopac7.source).toBe('mps');
  });

  it('repeat residential burglary counts the residential burglaries the extract holds: the raw count', async () => {
    // the repeat indicator counts within residential burglary: its incidents are the extract's 2018 residential burglaries
    const rep = await app.ok('/api/repeat?source=local&area=Barnet&indicator=burglary-repeat&to=2018-12');
    expect(rep).toMatchObject({ complete: true, incidents: localCount(['Burglary - Residential'], Y2018) });
  });
});
