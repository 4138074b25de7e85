import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, ready, useHarness } from './e2e-helpers.ts';
import { MPS_SAMPLE, readCsv } from './helpers.ts';
import { describeWith } from './requires.ts';

const VIEWS = ['/', '/explore', '/assessment'];
/** The 400 the page asks the API for its suggestion: expected in the console, nothing else is. */
const probe = (text: string) => /status of 400/.test(text);
/**
 * The latest month loaded, from the raw MPS sample's month columns (YYYYMM): the local sample mirrors its months
 * and police.uk's end earlier, so it is the latest of every source and of MPS alone.
 */
const LAST = Object.keys(readCsv(MPS_SAMPLE)[0]!).filter((k) => /^\d{6}$/.test(k)).sort().at(-1)!;
const LAST_MONTH = `${LAST.slice(0, 4)}-${LAST.slice(4)}`;
const LAST_WORDS = new Date(`${LAST_MONTH}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The bad-link message: its items and the corrected link. */
async function message(page: Page) {
  const box = page.locator('.bad-address[role="alert"]');
  expect(await box.count()).toBe(1);
  return {
    items: await box.locator('li').allTextContents(),
    link: new URL((await box.locator('a.corrected').getAttribute('href'))!, 'http://x'),
    // the view drew nothing else: no chart panel, no controls
    panels: await page.locator('[data-panel], form.controls, section.outcome').count(),
  };
}

describeWith('chromium')('a bad link is handled one way in the board, the explorer and the assessment', () => {
  const h = useHarness();

  it('an unknown area: the same plain message with the API\'s suggestion, and a link to the corrected view', async () => {
    const seen: string[][] = [];
    for (const view of VIEWS) {
      const { page, errors } = await openPage(h, `${view}?area=Harringay`, probe);
      const m = await message(page);
      seen.push(m.items);
      expect(m.items, view).toEqual(['Unknown area "Harringay": did you mean Haringey?']);
      expect(m.panels, view).toBe(0);
      expect(m.link.pathname, view).toBe(view);
      expect(m.link.searchParams.get('area'), view).toBe('Haringey');
      await page.locator('a.corrected').click();
      await ready(page);
      expect(await page.locator('.bad-address').count(), view).toBe(0);
      await expect(page.locator('h1').first().textContent(), view).resolves.toContain('Haringey');
      expect(errors, view).toEqual([]);
      await page.close();
    }
    expect(new Set(seen.map((s) => s.join())).size).toBe(1);
    // a name nothing is near: no suggestion, the corrected link drops it (the view's usual area)
    const { page } = await openPage(h, '/?area=Narnia', probe);
    const m = await message(page);
    expect(m.items).toEqual(['Unknown area "Narnia": saferboard shows London\'s 32 boroughs and the City of London.']);
    expect(m.link.searchParams.has('area')).toBe(false);
    await page.close();
  });

  it('a future month: "after the latest month loaded", never clamped silently, in all three views', async () => {
    for (const view of VIEWS) {
      const { page, errors } = await openPage(h, `${view}?area=Barnet&to=2030-01`);
      const m = await message(page);
      expect(m.items, view).toHaveLength(1);
      expect(m.items[0], view).toMatch(new RegExp(`^January 2030 is after the latest month loaded( from MPS)? \\(${LAST_WORDS}\\)\\.$`));
      expect(m.panels, view).toBe(0);
      expect(m.link.searchParams.get('to'), view).toBe(LAST_MONTH);
      expect(m.link.searchParams.get('area'), view).toBe('Barnet');
      await page.locator('a.corrected').click();
      await ready(page);
      expect(await page.locator('.bad-address').count(), view).toBe(0);
      expect(await page.locator('input[name="to"]').inputValue(), view).toBe(LAST_MONTH);
      expect(errors, view).toEqual([]);
      await page.close();
    }
    // not a month at all: named, and the corrected link leaves it out
    for (const view of VIEWS) {
      const { page } = await openPage(h, `${view}?area=Barnet&to=2018-13`);
      const m = await message(page);
      expect(m.items, view).toEqual([`"2018-13" is not a month: write it as year and month, for example ${LAST_MONTH}.`]);
      expect(m.link.searchParams.has('to'), view).toBe(false);
      await page.close();
    }
  });

  it('an unknown category is named with the suggestion; one the source cannot show is named too', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary,robbery,burgalry', probe);
    let m = await message(page);
    expect(m.items).toEqual(['Unknown category "burgalry": did you mean Burglary?']);
    expect(m.link.searchParams.get('category')).toBe('burglary,robbery');
    await page.locator('a.corrected').click();
    await ready(page);
    expect(await page.locator('select[name="category"] option:checked').allTextContents()).toEqual(['Burglary', 'Robbery']);
    expect(await page.locator('[data-panel="trend-robbery"]').getAttribute('data-state')).toBe('ready');

    await page.goto(`${h.base}/explore?area=Barnet&source=policeuk&category=burglary-residential`);
    await ready(page);
    m = await message(page);
    expect(m.items).toEqual(['Residential burglary is not one of the categories data.police.uk street-level crime and ASB records.']);
    expect(m.link.searchParams.has('category')).toBe(false);
    expect(m.link.searchParams.get('source')).toBe('policeuk');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('several problems at once are all named, and one link corrects them all', async () => {
    const { page } = await openPage(h, '/?area=Harringay&to=2030-01&period=weekly', probe);
    const m = await message(page);
    expect(m.items).toHaveLength(3);
    expect(m.items[2]).toBe('Unknown period "weekly": choose 12 months, financial year to date, quarter, month or financial year (to March).');
    expect(Object.fromEntries(m.link.searchParams)).toEqual({ area: 'Haringey', to: LAST_MONTH });
    await page.close();
  });
});
