import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CountResult, Scorecard } from '../core/types.ts';
import { fmt1, ordinal } from '../core/format.ts';
import { loadFiles } from '../data/load.ts';
import { ARTIFACTS, openPage, start, type Harness } from './e2e-helpers.ts';
import { ROOT, SAMPLE, readCsv, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';

/*
 * "How we compare" from the scorecard alone (issue 20), on a source that covers 3 boroughs and no public source: the
 * Barnet local sample cut to its incidents from April 2017 on, and the whole sample relabelled as Camden and as
 * Haringey. By hand:
 * - 12 months to December 2018: all three complete, so each is ranked among "the 3 boroughs with a local extract",
 *   never as London: no London rate, no verdict against London.
 * - 12 months to December 2017: Barnet has April to December (9 of 12 months): not ranked, "Not ranked (9 of 12
 *   months)", while Camden and Haringey (complete) are ranked between themselves.
 */
const dir = mkdtempSync(join(tmpdir(), 'saferboard-compare-'));
const raw = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'), { header: true, skipEmptyLines: true });
const write = (name: string, rows: Record<string, string>[]) => {
  const file = join(dir, name);
  writeFileSync(file, Papa.unparse(rows, { columns: raw.meta.fields, newline: '\n' }) + '\n');
  return file;
};
const relabel = (name: string) => raw.data.map((r) => ({ ...r, area: name, incident_id: `${name.slice(0, 3).toUpperCase()}${r.incident_id}` }));
const FILES = [
  write('barnet-local-from-2017-04.csv', raw.data.filter((r) => r.date! >= '2017-04-01')),
  write('camden-local-2017-2018.csv', relabel('Camden')),
  write('haringey-local-2017-2018.csv', relabel('Haringey')),
];

/** Burglary (residential and business) crimes of the sample in 2018, by hand: the same in each of the three extracts. */
const BURGLARY_2018 = raw.data.filter((r) => r.type === 'crime' && r.category!.startsWith('Burglary - ') && r.date!.startsWith('2018-')).length;
const POPULATION_2018 = new Map(readCsv(join(ROOT, 'data/reference/population.csv')).filter((r) => r.year === '2018').map((r) => [r.code!, Number(r.population)]));
const CODES = { Barnet: 'E09000003', Camden: 'E09000007', Haringey: 'E09000014' };

describeWith('chromium')('How we compare from the scorecard: a local extract for 3 boroughs, no public source', () => {
  let h: Harness;
  beforeAll(async () => {
    const db = tempDb();
    await loadFiles(FILES, { db });
    h = await start({ db });
  }, 180_000);
  afterAll(async () => h?.stop());

  /** The board for Barnet, every request it made, and its scorecard as /api/outcomes gives it. */
  async function board(to: string) {
    const requested: string[] = [];
    const { page, errors } = await openPage(h, `/?area=Barnet&to=${to}`, undefined, (p) => p.on('request', (r) => void requested.push(r.url())));
    const api = (await (await fetch(`${h.base}/api/outcomes?area=Barnet&to=${to}`)).json()) as Scorecard;
    const counts = api.outcomes.flatMap((o) => o.indicators).filter((i): i is CountResult => i.kind === 'count');
    return { page, errors, requested, counts, row: (id: string) => page.locator(`table.compare tr[data-indicator="${id}"] td`).allTextContents() };
  }

  it('12 months to December 2018: Barnet ranked among the 3 boroughs with a local extract, its rate by hand, no London rate', async () => {
    expect(BURGLARY_2018).toBeGreaterThan(100);
    const { page, errors, requested, counts, row } = await board('2018-12');
    // the same count in three boroughs: the rank is the population's order (a larger population, a lower rate, better)
    const rate = (b: keyof typeof CODES) => (1000 * BURGLARY_2018) / POPULATION_2018.get(CODES[b])!;
    const rank = 1 + (['Camden', 'Haringey'] as const).filter((b) => rate(b) < rate('Barnet')).length;
    expect(await row('burglary')).toEqual([fmt1(rate('Barnet')), 'No rate', `${ordinal(rank)} of the 3 boroughs with a local extract`, '—', 'local extract']);
    // no row claims London: every compared indicator is ranked among the 3
    const compared = counts.filter((i) => i.compare);
    expect(compared.length).toBeGreaterThan(3);
    expect(await page.locator('table.compare tbody tr').count()).toBe(compared.length);
    for (const i of compared) expect(i.compare, i.id).toMatchObject({ london_rate_per_1000: null, vs_london: null, of: 3, scope: { london: false } });
    const text = (await page.locator('table.compare tbody').textContent())!;
    expect(text).not.toMatch(/ of 32|than London|Similar to London/);
    expect(requested.filter((u) => u.includes('/api/league'))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'board-compare-3-boroughs.png'), fullPage: true });
    // the row's "How is this figure made?" explains the row's own figure: the local extract's count, among the 3
    await page.locator('table.compare tr[data-indicator="burglary"] button.explain').click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    await expect(page.locator('dialog .explain-value strong').getAttribute('data-value')).resolves.toBe(String(BURGLARY_2018));
    await expect(page.locator('dialog').textContent()).resolves.toMatch(/local/i);
    await page.keyboard.press('Escape');
    await page.locator('dialog').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('12 months to December 2017: Barnet has 9 of 12 months, "Not ranked (9 of 12 months)", while Camden and Haringey are ranked', async () => {
    const { page, errors, requested, counts, row } = await board('2017-12');
    const burglary = counts.find((i) => i.id === 'burglary')!;
    expect(burglary).toMatchObject({ state: 'partial', months_covered: 9, rank: null });
    expect(burglary.compare).toMatchObject({ source: 'local', rank: null, rate_per_1000: null, months_covered: 9, months: 12, of: 2, scope: { london: false, label: 'the 2 boroughs with a local extract' } });
    expect(await row('burglary')).toEqual(['No rate', 'No rate', 'Not ranked (9 of 12 months)', '—', 'local extract']);
    expect(requested.filter((u) => u.includes('/api/league'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
