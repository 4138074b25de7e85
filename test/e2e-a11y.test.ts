import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { axe, ready, useHarness } from './e2e-helpers.ts';
import { cli, tempDb, SAMPLE } from './helpers.ts';
import { loadFiles } from '../data/load.ts';
import { describeWith } from './requires.ts';


const VIEWS: [string, string][] = [
  ['board', '/?area=Barnet&to=2018-12'],
  ['explorer', '/explore?area=Barnet&category=burglary&source=mps&from=2017-01&to=2018-12'],
  ['assessment', '/assessment?area=Barnet&to=2018-12'],
  // months before any data is loaded: every panel in its no-data state
  ['board, no data', '/?area=Barnet&to=2012-12'],
  ['explorer, no data', '/explore?area=Barnet&category=burglary&source=mps&from=2012-01&to=2012-12'],
  ['assessment, no data', '/assessment?area=Barnet&to=2012-12'],
  // an area nobody knows: the error state
  ['board, error', '/?area=Nowhere'],
  ['explorer, error', '/explore?area=Nowhere'],
  ['assessment, error', '/assessment?area=Nowhere'],
];

describeWith('chromium')('accessibility: axe-core at WCAG 2.2 A and AA', () => {
  const h = useHarness();

  for (const [what, path] of VIEWS)
    it(`${what}: ${path}`, async () => {
      // the server's Content-Security-Policy refuses injected scripts: the test context bypasses it
      const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(h.base + path);
      await ready(page);
      const found = await axe(page);
      await context.close();
      expect(found, `axe-core violations on ${path}:\n${found.join('\n')}`).toEqual([]);
    }, 60_000);

  // loading: the page as it stands while its data is on the way (every API answer held back until axe has run)
  for (const [what, path] of VIEWS.slice(0, 3))
    it(`${what}, loading: ${path}`, async () => {
      const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      // /api/meta answers, so each view gets as far as its own loading states; every other route waits
      await page.route(/\/api\/(?!meta)/, async (route) => {
        await held;
        await route.continue().catch(() => {});
      });
      await page.goto(h.base + path);
      await page.waitForSelector('[aria-busy="true"], main [role="status"]', { timeout: 30_000 });
      const busy = await page.locator('[aria-busy="true"], main p.status').count();
      const found = await axe(page);
      release();
      await context.close();
      expect(busy).toBeGreaterThan(0);
      expect(found, `axe-core violations on ${path} while loading:\n${found.join('\n')}`).toEqual([]);
    }, 60_000);

  it('the HTML board pack', async () => {
    const db = tempDb();
    await loadFiles([SAMPLE], { db });
    const out = mkdtempSync(join(tmpdir(), 'saferboard-a11y-'));
    const r = cli(['report', '--area', 'Barnet', '--to', '2018-12', '--db', db, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${join(out, 'board-pack.html')}`);
    const found = await axe(page);
    await page.close();
    expect(found, `axe-core violations in board-pack.html:\n${found.join('\n')}`).toEqual([]);
  }, 240_000);
});
