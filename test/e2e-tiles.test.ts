import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { expect, it } from 'vitest';
import type { IndicatorResult, Scorecard } from '../core/types.ts';
import { ARTIFACTS, openPage, useHarness } from './e2e-helpers.ts';
import { SAMPLE } from './helpers.ts';
import { describeWith } from './requires.ts';

/*
 * The board's tiles as a member reads them (issue 22, item 1), on the bundled sample, for Barnet (a local extract,
 * no London rank for most tiles) and Haringey (MPS figures with London ranks, many indicators with no data):
 * - one explanation control per figure (the earlier period's explanation is inside its dialog);
 * - no sentence that only repeats the figure: the tile's figure is written once;
 * - no target or colour word on a tile whose indicator has no target; a tile with a target names it;
 * - no developer's words (source ids, column names, SQL ranges);
 * - a trend line is named for assistive technology.
 * Barnet's anti-social behaviour figure is counted by hand from the raw extract.
 */
const raw = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'), { header: true, skipEmptyLines: true }).data;
const ASB_2018 = raw.filter((r) => r.type === 'asb' && r.date!.startsWith('2018-')).length;
const ASB_2017 = raw.filter((r) => r.type === 'asb' && r.date!.startsWith('2017-')).length;

/** The figure as a tile writes it, and a pattern finding it as a whole number (not "12" in "12 months"). */
const figureText = (i: IndicatorResult, v: number) => (i.unit === 'count' ? v.toLocaleString('en-GB') : i.unit === 'percent' ? `${(Math.round(v * 10) / 10).toFixed(1)}%` : (Math.round(v * 10) / 10).toFixed(1));
const asNumber = (s: string) => new RegExp(`(?<![\\d.,])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d.,%]|\\s*months?\\b)`, 'g');
const DEVELOPER = /period_end|\d{4}-\d{2}\.\.|\bpoliceuk\b|\bstopsearch\b|\bmps\b(?! )|local, |\bsql\b|\bnull\b|undefined|NaN/;
const TARGET_WORDS = /\btarget\b|\b(Green|Amber|Red|Grey):/i;

describeWith('chromium')('board tiles: one control per figure, the figure once, target words only with a target', () => {
  const h = useHarness();

  for (const [area, to] of [['Barnet', '2018-12'], ['Haringey', '2018-12']] as const) {
    it(`${area}, 12 months to ${to}`, async () => {
      const api = (await (await fetch(`${h.base}/api/outcomes?area=${area}&to=${to}`)).json()) as Scorecard;
      const all = api.outcomes.flatMap((o) => o.indicators);
      const { page, errors } = await openPage(h, `/?area=${area}&to=${to}`);
      expect(await page.locator('article.tile').count()).toBe(all.length);
      let withFigure = 0;
      let withTarget = 0;
      let sparks = 0;
      for (const ind of all) {
        const tile = page.locator(`article.tile[data-indicator="${ind.id}"]`);
        // one control explains the figure; none explains "the earlier figure" apart
        expect(await tile.locator('button').count(), ind.id).toBe(1);
        expect(await tile.locator('button.explain').count(), ind.id).toBe(1);
        const text = (await tile.evaluate((el) => {
          const copy = el.cloneNode(true) as HTMLElement;
          // the button's hidden words name the figure for a screen reader: not a sentence of the tile
          for (const vh of copy.querySelectorAll('.vh, svg')) vh.remove();
          return copy.textContent ?? '';
        }))!;
        const value = ind.kind === 'manual' ? ind.value : ind.current;
        if (typeof value === 'number' && ind.state !== 'none') {
          withFigure++;
          const shown = figureText(ind, value);
          expect(await tile.locator('.value').textContent(), ind.id).toBe(shown);
          expect(text.match(asNumber(shown))?.length ?? 0, `${ind.id}: "${shown}" written more than once in "${text}"`).toBe(1);
        } else expect(await tile.locator('.value').textContent(), ind.id).toBe('No data');
        if (ind.target === null) expect(text, `${ind.id} has no target: "${text}"`).not.toMatch(TARGET_WORDS);
        else {
          withTarget++;
          expect(text, ind.id).toContain('Target');
        }
        expect(text, ind.id).not.toMatch(DEVELOPER);
        // a sentence is there only to add: it never starts with the indicator's label and its figure
        for (const s of await tile.locator('.summary').allTextContents()) expect(s, ind.id).not.toContain(`${ind.label}:`);
        const spark = tile.locator('.spark svg');
        if (await spark.count()) {
          sparks++;
          expect(await spark.getAttribute('role'), ind.id).toBe('img');
          expect(await spark.getAttribute('aria-label'), ind.id).toMatch(new RegExp(`^${ind.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, trend: `));
        }
      }
      expect(withFigure, 'tiles with a figure').toBeGreaterThan(3);
      expect(withTarget, 'tiles with a target').toBeGreaterThan(0);
      expect(sparks, 'tiles with a trend').toBeGreaterThan(0);
      // no tile without a target says "on target" anywhere on the board
      for (const t of await page.locator('article.tile').all()) {
        const id = await t.getAttribute('data-indicator');
        if (all.find((i) => i.id === id)!.target === null) expect(await t.textContent(), id!).not.toMatch(/on target/i);
      }
      // the summary matrix counts every indicator once; a special-cause month is in its row
      const counts = await page.locator('table.matrix tbody td').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-count'))));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(all.length);
      for (const i of all)
        if (i.kind === 'count' && i.spc && i.spc.variation.startsWith('special-cause'))
          expect(Number(await page.locator(`table.matrix tr[data-variation="${i.spc.variation}"] td`).last().getAttribute('data-count')), i.id).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, `board-tiles-${area.toLowerCase()}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  }

  it("Barnet: the ASB tile's one control explains both periods, counted by hand from the extract", async () => {
    const { page, errors } = await openPage(h, '/?area=Barnet&to=2018-12');
    const tile = page.locator('article.tile[data-indicator="asb"]');
    await expect(tile.locator('.value').getAttribute('data-value')).resolves.toBe(String(ASB_2018));
    expect(await tile.locator('.change').getAttribute('data-change')).toBe(String(ASB_2018 - ASB_2017));
    await tile.locator('button.explain').click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    const dialog = page.locator('dialog.explain-dialog');
    await expect(dialog.locator('.explain-value strong').getAttribute('data-value')).resolves.toBe(String(ASB_2018));
    const switches = dialog.locator('.explain-switch');
    expect(await switches.count()).toBe(2);
    await switches.nth(1).click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    await expect(dialog.locator('.explain-value strong').getAttribute('data-value')).resolves.toBe(String(ASB_2017));
    expect(await switches.nth(1).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.closest('article')?.getAttribute('data-indicator'))).toBe('asb');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
