import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBrowser, ready, reportMissingBrowser, start, type Harness } from './e2e-helpers.ts';
import { cli, tempDb, SAMPLE } from './helpers.ts';
import { loadFiles } from '../data/load.ts';

reportMissingBrowser();

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Violations that can only be fixed inside the view files (dashboard/src/views/*.ts), being rewritten on another
 * branch: `rule id` → the pages where it is expected. Keep this list short and empty it once they are fixed.
 */
const EXPECTED: Record<string, string[]> = {};

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }

/** Runs axe-core over the page at WCAG 2.2 A and AA; returns each violation as "rule: selectors". */
async function axe(page: Page, what: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations: Violation[] = await page.evaluate(
    (tags) => (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: Violation[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: tags } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))),
    TAGS,
  );
  return violations
    .filter((v) => !(EXPECTED[v.id] ?? []).includes(what))
    .map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.length} elements)\n${v.nodes.slice(0, 8).map((n) => `    ${n.target.join(' ')}  ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}`).join('\n')}`);
}

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

if (haveBrowser) {
  describe('accessibility: axe-core at WCAG 2.2 A and AA', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await start();
    }, 180_000);
    afterAll(async () => h?.stop());

    for (const [what, path] of VIEWS)
      it(`${what}: ${path}`, async () => {
        // the server's Content-Security-Policy refuses injected scripts: the test context bypasses it
        const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(h.base + path);
        await ready(page);
        const found = await axe(page, what);
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
        const found = await axe(page, `${what}, loading`);
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
      const found = await axe(page, 'pack');
      await page.close();
      expect(found, `axe-core violations in board-pack.html:\n${found.join('\n')}`).toEqual([]);
    }, 240_000);
  });
}
