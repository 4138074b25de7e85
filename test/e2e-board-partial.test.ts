import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IndicatorResult, Scorecard } from '../core/types.ts';
import { loadFiles } from '../data/load.ts';
import {
  ARTIFACTS,
  openPage,
  ready,
  start,
  type Harness,
} from './e2e-helpers.ts';
import { MPS_SAMPLE, SAMPLE, cli, readCsv, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';


/*
 * Coverage shape (a) of issue 12: a local extract that starts in the middle of the previous window. The bundled
 * local sample (January 2017 to December 2018) cut to its incidents from April 2017 on, loaded with the MPS sample
 * (January 2017 to December 2018). By hand:
 * - 12 months to December 2017: the local window has April to December 2017 (9 of 12 months) and its previous window
 *   (2016) none; MPS has all 12 months of 2017 and none of 2016. So indicators only a local extract can express (ASB,
 *   domestic abuse, hate crime, knife crime, repeats) are partial, "in 9 of 12 months"; MPS categories are numbers
 *   but not compared; manual values have none. No exception can be listed.
 * - 12 months to December 2018: the local current window is complete, its previous window (2017) has 9 of 12 months,
 *   so no local figure is compared; MPS has both years: any exception comes from MPS.
 */
const dir = mkdtempSync(join(tmpdir(), 'saferboard-partial-'));
const raw = Papa.parse<Record<string, string>>(
  gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'),
  {
    header: true,
    skipEmptyLines: true,
  },
);
const kept = raw.data.filter((r) => r.date! >= '2017-04-01');
const LOCAL = join(dir, 'barnet-local-from-2017-04.csv');
writeFileSync(LOCAL, Papa.unparse(kept, { columns: raw.meta.fields, newline: '\n' }) + '\n');
const in2017 = kept.filter((r) => r.date! <= '2017-12-31');
/** the local months of 2017, and two counts over them, straight from the rows */
const LOCAL_MONTHS_2017 = new Set(in2017.map((r) => r.date!.slice(0, 7))).size;
const ASB_2017 = in2017.filter((r) => r.type === 'asb').length;
const KNIFE_2017 = in2017.filter((r) => r.type === 'crime' && r.knife === 'Y').length;

const indicatorsOf = (s: Scorecard) => s.outcomes.flatMap((o) => o.indicators);

describeWith('chromium')(
  'board view on a local extract that starts inside the previous window (issue 12, shape a)',
  () => {
    let h: Harness;
    const packs: Record<string, string> = {};
    const get = async (path: string) => (await (await fetch(h.base + path)).json()) as Scorecard;

    beforeAll(async () => {
      const db = tempDb();
      await loadFiles([MPS_SAMPLE, LOCAL], { db });
      // the pack, as an analyst writes it (before the server holds the database)
      for (const [key, args] of [
        ['2017-12', []],
        ['2018-12', []],
        ['2018-12-quarter-previous', ['--period', 'quarter', '--vs', 'previous']],
      ] as const) {
        const out = join(dir, `pack-${key}`);
        const r = cli([
          'report',
          '--db',
          db,
          '--area',
          'Barnet',
          '--to',
          key.slice(0, 7),
          '--out',
          out,
          ...args,
        ]);
        expect(r.code, r.stderr).toBe(0);
        packs[key] = join(out, 'exceptions.csv');
      }
      h = await start({ db });
    });
    afterAll(async () => h?.stop());

    it('the fixture is the shape asked for', () => {
      expect(LOCAL_MONTHS_2017).toBe(9);
      expect(ASB_2017).toBeGreaterThan(0);
      expect(KNIFE_2017).toBeGreaterThan(0);
    });

    it('12 months to December 2017: tiles say "in 9 of 12 months" or "No data" exactly where the API does; no exception', async () => {
      const api = await get('/api/outcomes?area=Barnet&to=2017-12');
      const all = indicatorsOf(api);
      const byId = new Map(all.map((i) => [i.id, i]));
      // the API agrees with the hand-worked shape
      expect(byId.get('asb')).toMatchObject({
        state: 'partial',
        source: 'local',
        months_covered: 9,
        months: 12,
        current: ASB_2017,
        complete: false,
        change: null,
        significance: null,
        rank: null,
        rag: 'grey',
      });
      expect(byId.get('knife-crime')).toMatchObject({ state: 'partial', current: KNIFE_2017, change: null });
      expect(byId.get('burglary')).toMatchObject({
        state: 'number',
        source: 'mps',
        complete: false,
        change: null,
        significance: null,
      });
      expect(byId.get('public-confidence')).toMatchObject({ state: 'none', current: null });
      expect(api.exceptions).toEqual([]);

      const { page, errors } = await openPage(h, '/?area=Barnet&to=2017-12');
      expect(await page.locator('.tile').count()).toBe(all.length);
      let partial = 0;
      for (const ind of all) {
        const tile = page.locator(`.tile[data-indicator="${ind.id}"]`);
        const figure = (await tile.locator('.figure').textContent())!;
        expect(await tile.getAttribute('data-state'), ind.id).toBe(ind.state);
        if (ind.state === 'partial') {
          partial++;
          expect(figure, ind.id).toContain(`in ${ind.months_covered} of ${ind.months} months`);
          expect(figure, ind.id).toContain('in 9 of 12 months');
          expect(await tile.getAttribute('class'), ind.id).toContain('rag-grey');
        } else expect(figure, ind.id).not.toMatch(/of 12 months/);
        if (ind.state === 'none') expect(await tile.locator('.value').textContent(), ind.id).toBe('No data');
        else {
          expect(figure, ind.id).not.toContain('No data');
          expect(await tile.locator('.value').getAttribute('data-value'), ind.id).toBe(
            String(ind.kind === 'manual' ? ind.value : ind.current),
          );
        }
        // no change line for a figure that is not compared
        expect(await tile.locator('.change').count(), ind.id).toBe(ind.change === null ? 0 : 1);
      }
      expect(partial).toBeGreaterThanOrEqual(5);
      expect(await page.locator('.exceptions li').count()).toBe(0);
      await expect(page.locator('.exceptions h2').textContent()).resolves.toBe(
        'Exceptions: no indicator changed significantly',
      );
      await expect(page.locator('.exceptions .headline').textContent()).resolves.toBe(api.headline);
      expect(readCsv(packs['2017-12']!)).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'board-partial-2017-12.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });

    it("12 months to December 2018: the board lists exactly the API's exceptions, in its order, as the pack does; none incomplete", async () => {
      const api = await get('/api/outcomes?area=Barnet&to=2018-12');
      const byId = new Map(indicatorsOf(api).map((i) => [i.id, i] as [string, IndicatorResult]));
      // with the full local sample asb and domestic-abuse-repeat were exceptions; here local's 2017 is 9 of 12 months
      expect(byId.get('asb')).toMatchObject({ state: 'number', complete: false, significance: null });
      expect(api.exceptions.length).toBeGreaterThan(0);
      for (const id of api.exceptions)
        expect(byId.get(id), id).toMatchObject({ complete: true, source: 'mps' });

      const { page, errors } = await openPage(h, '/?area=Barnet&to=2018-12');
      const listed = await page
        .locator('.exceptions li')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')));
      expect(listed).toEqual(api.exceptions);
      for (const id of listed) expect(byId.get(id!)!.complete, id!).toBe(true);
      const pack = readCsv(packs['2018-12']!);
      expect(pack.map((r) => r.indicator_id)).toEqual(listed);
      // each line says worse or better by polarity, and carries the engine's sentence
      for (const [n, li] of (await page.locator('.exceptions li').all()).entries()) {
        const ind = byId.get(listed[n]!)!;
        const text = (await li.textContent())!;
        expect(text).toBe(
          `${pack[n]!.verdict === 'significantly worse' ? 'Significantly worse' : 'Significantly better'}: ${ind.summary}`,
        );
      }
      // the "how we compare" table: one row per count indicator the engine compared (its `compare`), no /api/league
      const compared = indicatorsOf(api).filter((i) => i.kind === 'count' && i.compare !== null);
      expect(compared.length).toBeGreaterThan(0);
      expect(await page.locator('table.compare tbody tr').count()).toBe(compared.length);
      // here each is a London rank: the local extract covers Barnet alone, so a local-only indicator is compared with nobody
      for (const i of compared) expect(i.kind === 'count' && i.compare!.scope.london, i.id).toBe(true);
      expect(byId.get('asb')).toMatchObject({ compare: null });
      await page.screenshot({ path: join(ARTIFACTS, 'board-partial-2018-12.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });

    it('every count tile says its latest month in words (SPC), and "Unusual this month" lists exactly the API\'s unusual', async () => {
      const api = await get('/api/outcomes?area=Barnet&to=2018-12');
      const { page, errors } = await openPage(h, '/?area=Barnet&to=2018-12');
      // the loop below checks words only for count indicators with an SPC reading: there must be some, and one line each
      const withSpc = indicatorsOf(api).filter((i) => i.kind === 'count' && i.spc);
      expect(withSpc.length).toBeGreaterThan(0);
      expect(await page.locator('.tile .spc').count()).toBe(withSpc.length);
      for (const ind of indicatorsOf(api)) {
        const line = page.locator(`.tile[data-indicator="${ind.id}"] .spc`);
        const text = line.locator('.spc-text');
        if (ind.kind !== 'count' || !ind.spc) {
          expect(await line.count(), ind.id).toBe(0);
          continue;
        }
        expect((await text.textContent())?.trim(), ind.id).toBe(ind.spc.line);
        expect(ind.spc.line).toMatch(/^(Common cause variation|Special cause: (concern|improvement) — |Not enough data)/);
        // the icon names its variation: colour is not the only carrier
        expect(await line.locator('svg[role="img"]').getAttribute('aria-label'), ind.id).toBeTruthy();
      }
      const listed = await page.locator('.unusual li').evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')));
      expect(listed).toEqual(api.unusual);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('the Period and Compared with controls: the quarter against the one before, in the URL, as the pack lists it', async () => {
      const { page, errors } = await openPage(h, '/?area=Barnet&to=2018-12');
      await page.selectOption('select[name="period"]', 'quarter');
      await ready(page);
      await page.selectOption('select[name="vs"]', 'previous');
      await ready(page);
      const url = new URL(page.url());
      expect([
        url.searchParams.get('period'),
        url.searchParams.get('vs'),
        url.searchParams.get('to'),
      ]).toEqual(['quarter', 'previous', '2018-12']);
      const api = await get('/api/outcomes?area=Barnet&to=2018-12&period=quarter&vs=previous');
      // by hand: October to December 2018 against July to September 2018, both inside the local extract
      expect(api.period).toMatchObject({
        current: { from: '2018-10', to: '2018-12' },
        previous: { from: '2018-07', to: '2018-09' },
      });
      await expect(page.locator('h1').textContent()).resolves.toBe(
        `Performance update: Barnet, ${api.period.label}`,
      );
      await expect(page.locator('.exceptions .headline').textContent()).resolves.toBe(api.headline);
      const listed = await page
        .locator('.exceptions li')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')));
      expect(listed).toEqual(api.exceptions);
      expect(listed.length).toBeGreaterThanOrEqual(2);
      expect(readCsv(packs['2018-12-quarter-previous']!).map((r) => r.indicator_id)).toEqual(listed);
      // a complete figure's tile names the period
      const asb = indicatorsOf(api).find((i) => i.id === 'asb')!;
      expect(asb).toMatchObject({ state: 'number', complete: true, source: 'local' });
      await expect(page.locator('.tile[data-indicator="asb"] .figure').textContent()).resolves.toContain(
        `in ${api.period.label}`,
      );
      // a financial year ends in March: asked for one to December 2018, the board shows the year to March 2018
      await page.selectOption('select[name="period"]', 'fy');
      await ready(page);
      await expect(page.locator('main .note').first().textContent()).resolves.toBe(
        'A financial year ends in March: showing the financial year to March 2018.',
      );
      await expect(page.locator('h1').textContent()).resolves.toContain('financial year 2017/18');
      await page.screenshot({ path: join(ARTIFACTS, 'board-partial-fy.png'), fullPage: false });
      expect(errors).toEqual([]);
      await page.close();
    });

    it('the assessment draws on the same data, its part-years labelled with their months', async () => {
      const { page, errors } = await openPage(h, '/assessment?area=Barnet&to=2018-03');
      const fy = page.locator('[data-panel="financial-years"]');
      await expect(fy.getAttribute('data-state')).resolves.toBe('ready');
      // 2016/17: MPS has January to March 2017 only, so every row's 2016/17 cell says "3 of 12 months"
      expect(await fy.locator('text', { hasText: '3 of 12 months' }).count()).toBeGreaterThanOrEqual(8);
      // the source rule per year: 2016/17 from MPS (the local extract has none of it), 2017/18 from the local
      // extract (the first source with the whole year); ASB only from the local extract, and only for 2017/18
      await expect(fy.textContent()).resolves.toContain('Burglary (MPS, local)');
      await expect(fy.textContent()).resolves.toContain('Anti-social behaviour (local)');
      await page.screenshot({ path: join(ARTIFACTS, 'assessment-partial.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
