/**
 * Issue 20: no like-for-like comparison across a change of classification, in the browser. The MPS sample (the MPS's
 * own classification, 2017-01..2018-12), then two Home Office-classification files for Barnet (2018-07..2019-06 and
 * 2019-07..2020-06: test/fixtures/mps/home-office-*-barnet.csv). Barnet's loaded months change classification at
 * 2018-07. Every view reads the engine's verdict: across the change it says "not compared" and why, and gives no
 * change, RAG or exception; with both windows on the Home Office side it compares as usual.
 * Expected counts come from the raw CSVs with plain loops.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { openPage, start, type Harness } from './e2e-helpers.ts';
import { MPS_SAMPLE, fixture, readCsv, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';
import { months } from './shapes-util.ts';

const HO = [
  [fixture('mps/home-office-2018-07-2019-06-barnet.csv'), months('2018-07', '2019-06')],
  [fixture('mps/home-office-2019-07-2020-06-barnet.csv'), months('2019-07', '2020-06')],
] as const;

/** Barnet's burglary by month after both loads: the sample to 2018-06, the Home Office files from 2018-07. */
function barnetBurglary(): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of readCsv(MPS_SAMPLE))
    if (r.Borough === 'Barnet' && r['Major Category'] === 'Burglary')
      for (const m of months('2017-01', '2018-06')) out.set(m, (out.get(m) ?? 0) + Number(r[m.replace('-', '')]));
  for (const [file, ms] of HO)
    for (const r of readCsv(file))
      if (r.BoroughName === 'Barnet' && r.MajorText === 'BURGLARY') for (const m of ms) out.set(m, (out.get(m) ?? 0) + Number(r[m.replace('-', '')]));
  return out;
}
const raw = barnetBurglary();
const sum = (from: string, to: string) => months(from, to).reduce((s, m) => s + raw.get(m)!, 0);
const REASON = "the MPS changed crime classification in July 2018: the files loaded for this area are in the MPS's own crime classification to June 2018 and in the Home Office's crime classification from July 2018, so categories before and after are not like for like";

describeWith('chromium')('views across a change of MPS classification (issue 20)', () => {
  let h: Harness;
  beforeAll(async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE], { db });
    await loadFiles(HO.map(([f]) => f), { db });
    h = await start({ db });
  }, 240_000);
  afterAll(async () => h?.stop());

  it("explorer: the trend title reads the engine's verdict, not compared across the change, compared after it", async () => {
    const title = async (to: string) => {
      const { page, errors } = await openPage(h, `/explore?area=Barnet&category=burglary&source=mps&from=2017-01&to=${to}`);
      const text = await page.locator('[data-panel="trend-burglary"] h3').textContent();
      expect(errors).toEqual([]);
      await page.close();
      return text;
    };
    // compared, 2,445 against 3,733 would read "down 35%"
    expect(sum('2018-07', '2019-06')).toBe(2445);
    expect(await title('2019-06')).toBe(`Burglary in Barnet: 2,445 in the 12 months to June 2019; not compared with the 12 months before: ${REASON}`);
    // both Home Office: 2,116 against 2,445 = -13.5%
    const [now, before] = [sum('2019-07', '2020-06'), sum('2018-07', '2019-06')];
    expect(Math.round((100 * (now - before)) / before)).toBe(-13);
    expect(await title('2020-06')).toBe(`Burglary in Barnet: ${now.toLocaleString('en-GB')} in the 12 months to June 2020, down 13% on the 12 months before`);
  });

  it('board: a tile whose windows straddle the change is grey with no change line and no exception; a year later it is compared', async () => {
    const { page, errors } = await openPage(h, '/?area=Barnet&to=2019-06');
    const tile = page.locator('article.tile[data-indicator="burglary"]');
    expect(await tile.getAttribute('class')).toContain('rag-grey');
    expect(await tile.locator('.change').count()).toBe(0);
    // the tile's sentence says only what its figure does not: why it is not compared (issue 22: the figure once)
    expect(await tile.locator('.summary').textContent()).toBe(`Not compared: ${REASON}.`);
    expect(await tile.locator('.value').textContent()).toBe('2,445');
    expect(await page.locator('section.exceptions li[data-indicator="burglary"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
    const later = await openPage(h, '/?area=Barnet&to=2020-06');
    const t2 = later.page.locator('article.tile[data-indicator="burglary"]');
    expect(await t2.locator('.change').getAttribute('data-change')).toBe(String(sum('2019-07', '2020-06') - sum('2018-07', '2019-06')));
    expect(await later.page.locator('section.exceptions li[data-indicator="burglary"]').count()).toBe(1);
    expect(later.errors).toEqual([]);
    await later.page.close();
  });

  it("assessment: financial years either side of the change are not shaded or compared, and no significant change is claimed across it", async () => {
    const { page, errors } = await openPage(h, '/assessment?area=Barnet&to=2020-03');
    const fy = page.locator('[data-panel="financial-years"]');
    // 2018/19 holds months of both classifications: neither it against 2017/18 nor 2019/20 against it is compared
    const titles = await fy.locator('svg title').allTextContents();
    const burglary = (year: string) => titles.find((t) => t.startsWith(`Burglary (MPS) ${year}: `));
    expect(burglary('2018/19')).toContain(`not compared with the year before: ${REASON}`);
    expect(burglary('2019/20')).toContain(`not compared with the year before: ${REASON}`);
    expect(burglary('2017/18')).not.toContain('not compared with the year before');
    await expect(fy.textContent()).resolves.toContain('n/a: series');
    const changes = page.locator('[data-panel="significant-changes"]');
    await expect(changes.textContent()).resolves.toContain(`Burglary, not compared: ${REASON}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
