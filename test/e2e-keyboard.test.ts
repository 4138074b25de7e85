/**
 * Keyboard use (issue 15): every control, link and download of each view is reached by Tab, in the page's reading
 * order, with a visible focus ring; a control changed by keyboard keeps the focus in the new view; the skip link,
 * "Show data" and the downloads work from the keyboard alone.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ready, useHarness } from './e2e-helpers.ts';
import { describeWith } from './requires.ts';


const VIEWS: [string, string][] = [
  ['board', '/?area=Barnet&to=2018-12'],
  ['explorer', '/explore?area=Barnet&category=burglary&source=mps&from=2017-01&to=2018-12'],
  ['assessment', '/assessment?area=Barnet&to=2018-12'],
];

/** Numbers every element a keyboard user should reach (visible, enabled, not taken out of the tab order), in DOM order. */
const tabbables = (page: Page) =>
  page.evaluate(() => {
    const sel = 'a[href], button, select, input, textarea, summary, [tabindex]';
    const els = [...document.querySelectorAll<HTMLElement>(sel)].filter((el) => {
      if ((el as HTMLButtonElement).disabled || el.getAttribute('tabindex') === '-1') return false;
      if (el.closest('[hidden], [inert]')) return false;
      // the skip link sits off screen until focused; anything else must be rendered
      return el.classList.contains('skip') || el.getClientRects().length > 0;
    });
    els.forEach((el, i) => (el.dataset.kb = String(i)));
    return { count: els.length, positive: [...document.querySelectorAll('[tabindex]')].filter((el) => Number(el.getAttribute('tabindex')) > 0).length };
  });

/** What has the focus: its `data-kb` number, a description, and whether its focus ring shows. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const css = getComputedStyle(el);
    const ring = css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) >= 2;
    const name = (el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').trim().slice(0, 40);
    const r = el.getBoundingClientRect();
    const clip = { x: Math.max(0, r.x - 8), y: Math.max(0, r.y - 8), width: r.width + 16, height: r.height + 16 };
    return { kb: el.dataset.kb ?? null, what: `${el.tagName.toLowerCase()} "${name}"`, ring, clip };
  });

describeWith('chromium')('keyboard: every control reachable in order, with a visible focus', () => {
  const h = useHarness();

  for (const [what, path] of VIEWS)
    it(`${what}: Tab reaches every control, link and download in reading order`, async () => {
      const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(h.base + path);
      await ready(page);
      const { count, positive } = await tabbables(page);
      expect(positive, 'no positive tabindex: it breaks the reading order').toBe(0);
      expect(count).toBeGreaterThanOrEqual(8);
      const order: number[] = [];
      const problems: string[] = [];
      // a stop inside a native control (a month field's calendar button) draws its ring inside the control, where
      // computed styles cannot see it: the control must then look different once the focus has left it
      let pending: { what: string; clip: { x: number; y: number; width: number; height: number }; image: Buffer } | null = null;
      // a month field has three stops (month, year, calendar button): up to three presses per control
      for (let i = 0; i < 3 * count; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        if (pending) {
          const after = await page.screenshot({ clip: pending.clip });
          if (after.equals(pending.image)) problems.push(`${pending.what} has the focus but no visible focus ring`);
          pending = null;
        }
        if (!f) break;
        if (f.kb === null) problems.push(`focus reached ${f.what}, which is not a control`);
        else if (order.at(-1) !== Number(f.kb)) order.push(Number(f.kb));
        if (!f.ring) {
          await page.evaluate(() => document.activeElement?.scrollIntoView({ block: 'center' }));
          const g = (await focused(page))!;
          pending = { what: g.what, clip: g.clip, image: await page.screenshot({ clip: g.clip }) };
        }
        if (f.kb !== null && Number(f.kb) === count - 1) break;
      }
      await page.close();
      expect(problems).toEqual([]);
      // DOM order is reading order (the layout follows the DOM): the Tab order is exactly 0, 1, 2, …
      expect(order).toEqual(Array.from({ length: count }, (_, i) => i));
    }, 120_000);

  it('the skip link moves the focus to the content', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(h.base + VIEWS[0]![1]);
    await ready(page);
    await page.keyboard.press('Tab');
    expect((await focused(page))?.what).toBe('a "Skip to content"');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // the next Tab goes to the view's first control, past the site's navigation
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    await page.close();
  }, 60_000);

  it('a control changed from the keyboard redraws the view and keeps the focus on it', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(h.base + VIEWS[0]![1]);
    await ready(page);
    await page.focus('select[name="area"]');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('area') !== 'Barnet');
    await ready(page);
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name)).toBe('area');
    const area = await page.evaluate(() => new URLSearchParams(location.search).get('area'));
    expect(await page.locator('h1').textContent()).toContain(await page.locator('select[name="area"] option:checked').textContent());
    expect(area).not.toBe('Barnet');
    await page.close();
  }, 60_000);

  it('"Show data" and the downloads work from the keyboard', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.goto(h.base + VIEWS[1]![1]);
    await ready(page);
    const panel = page.locator('[data-panel="trend-burglary"]');
    const toggle = panel.locator('.tools button[aria-controls]');
    expect(await toggle.textContent()).toBe('Show data');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await panel.locator('table.data').isVisible()).toBe(true);
    await page.keyboard.press(' ');
    expect(await panel.locator('table.data').isVisible()).toBe(false);
    for (const [label, ext] of [['CSV', 'csv'], ['SVG', 'svg'], ['PNG', 'png']] as const) {
      await panel.getByRole('button', { name: label, exact: true }).focus();
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^barnet-trend-burglary-2017-01-2018-12\\.${ext}$`));
    }
    await page.close();
  }, 60_000);
});
