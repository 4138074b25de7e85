/**
 * "How is this figure made?" in the dashboard (issue 15): a board tile's and an explorer chart title's button open a
 * modal dialog naming the SQL and the files loaded, whose rows CSV adds up to the figure; Esc closes it and focus
 * returns; axe-core finds nothing with it open. Expected figures come from the raw sample files (papaparse), never
 * from the SQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { fmtInt } from '../core/format.ts';
import { ARTIFACTS, axe, ready, start, useHarness } from './e2e-helpers.ts';
import { MPS_SAMPLE, SAMPLE, readCsv } from './helpers.ts';
import { describeWith } from './requires.ts';


const LOCAL_FILE = 'barnet-local-2017-2018.csv.gz';
/** Barnet's local burglary incidents in 2018, read straight from the gzipped sample. */
const localBurglary2018 = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(SAMPLE, 'local', LOCAL_FILE))).toString('utf8'), { header: true, skipEmptyLines: true })
  .data.filter((r) => r.type === 'crime' && r.category!.startsWith('Burglary') && r.date!.startsWith('2018-'));
/** Barnet's knife-flagged local crimes in 2018 (the knife-crime indicator: type crime, knife = Y), from the raw sample. */
const localKnife2018 = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(SAMPLE, 'local', LOCAL_FILE))).toString('utf8'), { header: true, skipEmptyLines: true })
  .data.filter((r) => r.type === 'crime' && r.knife === 'Y' && r.date!.startsWith('2018-'));
/** Barnet's MPS burglary (every minor category of the major category Burglary) in 2018, from the wide CSV. */
const mpsBurglary2018 = readCsv(MPS_SAMPLE)
  .filter((r) => r.Borough === 'Barnet' && r['Major Category'] === 'Burglary')
  .reduce((s, r) => s + Array.from({ length: 12 }, (_, i) => Number(r[`2018${String(i + 1).padStart(2, '0')}`])).reduce((a, b) => a + b, 0), 0);

/** Whether the focused element is `selector` (the button that opened the dialog). */
const focusedIs = (page: Page, selector: string) => page.evaluate((s) => document.activeElement === document.querySelector(s), selector);

describeWith('chromium')('"How is this figure made?" in headless Chromium on the sample data', () => {
  const h = useHarness();

  it('board tile: the dialog names the SQL and the file, its rows CSV adds up to the tile, Esc closes and focus returns, axe finds nothing', async () => {
    expect(localBurglary2018.length).toBeGreaterThan(100);
    const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${h.base}/?area=Barnet&to=2018-12`);
    await ready(page);
    const tile = page.locator('article.tile[data-indicator="burglary"]');
    // the tile's figure is the raw file's count
    expect(Number(await tile.locator('.value').getAttribute('data-value'))).toBe(localBurglary2018.length);
    await expect(tile.locator('.source').textContent()).resolves.toMatch(/Local/i);
    const selector = 'article.tile[data-indicator="burglary"] button.explain >> nth=0';
    const button = page.locator(selector);
    // its accessible name says which figure
    const name = await button.evaluate((b) => b.textContent);
    expect(name).toMatch(/^How is this figure made\? Burglary .*, 12 months to December 2018$/);
    // by keyboard: focus it and press Enter
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.explain-dialog[open]');
    await dialog.waitFor();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    await page.screenshot({ path: join(ARTIFACTS, 'explain-dialog.png') });
    // focus moved into the modal dialog
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
    expect(await page.evaluate(() => document.querySelector('dialog')!.matches(':modal'))).toBe(true);
    const text = (await dialog.textContent())!;
    expect(text).toContain('queries/engine-counts.sql');
    expect(text).toContain('queries/macros.sql');
    expect(text).toContain(`${fmtInt(localBurglary2018.length)} for Burglary`);
    expect(text).toContain('Jan 2018 to Dec 2018');
    expect(text).toContain('local: the first source');
    // the files loaded: the sample's local extract, with its load id
    const files = await dialog.locator('table.explain-files tbody tr').allTextContents();
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(LOCAL_FILE);
    expect(await dialog.locator('table.explain-files tbody tr td').nth(1).textContent()).toMatch(/^\d+$/);
    // the bound parameters: the window's months
    const params = Object.fromEntries(
      (await dialog.locator('table.explain-params tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]))) as [string, string][],
    );
    expect(params).toMatchObject({ cf: '2018-01', ct: '2018-12', pf: '2017-01', pt: '2017-12' });
    // the engine's candidates (every indicator at once): the figure's own is keyed <indicator>@<source>
    expect(params.candidates).toContain('"key": "burglary@local"');
    // the SQL's text, behind its name
    const sql = dialog.locator('details.explain-sql[data-sql="queries/engine-counts.sql"]');
    await sql.locator('summary').click();
    expect(await sql.locator('pre code').textContent()).toMatch(/SELECT/i);
    // the rows: one CSV line per incident, as many as the tile's figure
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download these rows (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('barnet-burglary-local-rows-2018-01-2018-12.csv');
    const rows = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(localBurglary2018.length);
    expect(new Set(rows.map((r) => r.month.slice(0, 4)))).toEqual(new Set(['2018']));
    expect(rows.every((r) => r.file.endsWith(LOCAL_FILE) && r.type === 'crime')).toBe(true);
    // no raw victim id of the extract in the rows (pseudonyms only)
    const victims = new Set(localBurglary2018.map((r) => r.victim_id).filter(Boolean));
    expect(rows.some((r) => victims.has(r.victim_key!))).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'explain-dialog-rows.png') });
    // axe-core with the dialog open
    const found = await axe(page);
    expect(found, `axe-core violations with the dialog open:\n${found.join('\n')}`).toEqual([]);
    // Esc closes it and focus returns to the button
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedIs(page, 'article.tile[data-indicator="burglary"] button.explain')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('board tile: the comparison figure and a "How we compare" cell explain their own windows', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.base}/?area=Barnet&to=2018-12`);
    await ready(page);
    // the tile's one control opens the figure's dialog; the earlier period's figure is a switch inside it (issue 22)
    const tileButton = page.locator('article.tile[data-indicator="burglary"] button.explain');
    expect(await tileButton.count()).toBe(1);
    await tileButton.click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    const earlier = page.locator('dialog .explain-switch', { hasText: 'earlier' });
    await expect(earlier.textContent()).resolves.toContain('Jan 2017 to Dec 2017');
    await earlier.click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    await expect(page.locator('dialog .explain-what').textContent()).resolves.toContain('comparison period, Jan 2017 to Dec 2017');
    const expected2017 = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(join(SAMPLE, 'local', LOCAL_FILE))).toString('utf8'), { header: true, skipEmptyLines: true })
      .data.filter((r) => r.type === 'crime' && r.category!.startsWith('Burglary') && r.date!.startsWith('2017-')).length;
    await expect(page.locator('dialog .explain-value strong').getAttribute('data-value')).resolves.toBe(String(expected2017));
    await expect(page.locator('dialog').textContent()).resolves.toContain('Jan 2017 to Dec 2017');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('dialog').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.closest('article')?.getAttribute('data-indicator'))).toBe('burglary');
    // the How we compare cell: the ranks of the row's own source (compare.source) name the engine's SQL too
    // (the league's source is MPS: its count is the raw file's, the rate divides it by the population)
    const cell = page.locator('table.compare tr[data-indicator="burglary"] button.explain');
    await expect(cell.textContent()).resolves.toMatch(/^How is this figure made\? Burglary.* per 1,000 residents in Barnet, 12 months to December 2018$/);
    await cell.click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    await expect(page.locator('dialog').textContent()).resolves.toContain('queries/engine-counts.sql');
    await expect(page.locator('dialog .explain-value strong').getAttribute('data-value')).resolves.toBe(String(mpsBurglary2018));
    await expect(page.locator('dialog').textContent()).resolves.toContain('population mid-year estimate for 2018');
    await page.keyboard.press('Escape');
    await page.locator('dialog').waitFor({ state: 'detached' });
    await page.locator('article.tile[data-indicator="burglary"]').screenshot({ path: join(ARTIFACTS, 'explain-tile.png') });
    await page.close();
  }, 60_000);

  it('explorer: the trend title explains its rolling 12 months (MPS cells summing to the raw file) and the London bars their ranks', async () => {
    const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${h.base}/explore?area=Barnet&category=burglary&source=mps&from=2017-01&to=2018-12`);
    await ready(page);
    const panel = page.locator('[data-panel="trend-burglary"]');
    await expect(panel.locator('h3').textContent()).resolves.toContain(`${fmtInt(mpsBurglary2018)} in the 12 months to December 2018`);
    const button = panel.locator('button.explain');
    await expect(button.textContent()).resolves.toBe('How is this figure made? Burglary in Barnet, 12 months to December 2018');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    const dialog = page.locator('dialog.explain-dialog');
    const text = (await dialog.textContent())!;
    expect(text).toContain('queries/engine-series.sql');
    expect(await dialog.locator('.explain-value strong').getAttribute('data-value')).toBe(String(mpsBurglary2018));
    expect(await dialog.locator('table.explain-files tbody tr').allTextContents()).toEqual([expect.stringContaining('mps-borough-2017-2018.csv')]);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download these rows (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('barnet-burglary-mps-rows-2018-01-2018-12.csv');
    const cells = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(cells.reduce((s, r) => s + Number(r.count), 0)).toBe(mpsBurglary2018);
    const found = await axe(page);
    expect(found, `axe-core violations with the explorer dialog open:\n${found.join('\n')}`).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedIs(page, '[data-panel="trend-burglary"] button.explain')).toBe(true);
    // the London bars: route=ranks, the borough's count in the ranks
    await page.locator('[data-panel="london-burglary"] button.explain').click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    await expect(page.locator('dialog .explain-value strong').getAttribute('data-value')).resolves.toBe(String(mpsBurglary2018));
    await expect(page.locator('dialog').textContent()).resolves.toContain('queries/engine-counts.sql');
    await page.screenshot({ path: join(ARTIFACTS, 'explain-dialog-explorer.png') });
    await page.keyboard.press('Escape');
    await page.locator('dialog').waitFor({ state: 'detached' });
    // the knife-crime title: the local extract's knife-flagged crimes of 2018, and their incident rows
    await page.locator('[data-panel="knife-crime"] button.explain').click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    await expect(page.locator('dialog .explain-value strong').getAttribute('data-value')).resolves.toBe(String(localKnife2018.length));
    await expect(page.locator('dialog').textContent()).resolves.toContain(LOCAL_FILE);
    const [knifeRows] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download these rows (CSV)' }).click()]);
    const knife = Papa.parse<Record<string, string>>(readFileSync((await knifeRows.path())!, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(knife).toHaveLength(localKnife2018.length);
    await page.keyboard.press('Escape');
    await context.close();
  }, 90_000);

  it('a server with SAFERBOARD_TOKEN: the rows download still works (the token-aware fetch)', async () => {
    const t = await start({ env: { SAFERBOARD_TOKEN: 'explain-e2e-token' } });
    try {
      const page = await t.browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('dialog', (d) => void d.accept('explain-e2e-token'));
      await page.goto(`${t.base}/?area=Barnet&to=2018-12`);
      await ready(page);
      await page.locator('article.tile[data-indicator="burglary"] button.explain').first().click();
      await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download these rows (CSV)' }).click()]);
      const rows = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8'), { header: true, skipEmptyLines: true }).data;
      expect(rows).toHaveLength(localBurglary2018.length);
    } finally {
      await t.stop();
    }
  }, 180_000);
});
