import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { ARTIFACTS, openPage, pdfText, start, type Harness } from './e2e-helpers.ts';
import { MPSDASH_KNIFE, MPSDASH_OTHER, cli, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';

const LABEL = 'Positive outcome rate (MPS measure, not a sanction-detection rate)';

describeWith('chromium', 'pdftotext')('the board and the pack from the MPS dashboard alone', () => {
  const db = tempDb();
  let h: Harness;
  beforeAll(async () => {
    await loadFiles([MPSDASH_OTHER, MPSDASH_KNIFE], { db });
    h = await start({ db });
  }, 240_000);
  afterAll(async () => h?.stop());

  it("Barnet's tiles show the dashboard's figures with their London rank and positive outcome rate; knife injuries say they count victims", async () => {
    const { page, errors } = await openPage(h, '/?area=Barnet&to=2023-07');
    const knife = page.locator('article.tile[data-indicator="knife-crime"]');
    await expect(knife.locator('.positive-outcomes').textContent()).resolves.toMatch(new RegExp(`^${LABEL.replace(/[()]/g, '\\$&')}: [\\d.]+% \\([\\d,]+ of [\\d,]+ offences\\); \\d+(st|nd|rd|th) of 32 London boroughs`));
    await expect(knife.locator('.rank').textContent()).resolves.toMatch(/^London rank \d+(st|nd|rd|th) of 32$/);
    await expect(knife.locator('.source').textContent()).resolves.toBe('Source: MPS dashboard');
    const victims = page.locator('article.tile[data-indicator="knife-injury-u25"]');
    await expect(victims.locator('.note').textContent()).resolves.toMatch(/a count of victims/);
    await expect(victims.locator('.positive-outcomes').count()).resolves.toBe(0);
    await page.locator('article.tile[data-indicator="domestic-abuse"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'board-mpsdash.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the pack carries the positive outcome rate line', () => {
    const out = mkdtempSync(join(tmpdir(), 'saferboard-pack-'));
    const run = cli(['report', '--area', 'Barnet', '--to', '2023-07', '--db', db, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(join(out, 'board-pack.html'), 'utf8');
    expect(html.match(/class="summary positive-outcomes">Positive outcome rate \(MPS measure, not a sanction-detection rate\)/g)?.length).toBeGreaterThanOrEqual(8);
    expect(pdfText(join(out, 'board-pack.pdf')).replace(/\s+/g, ' ')).toContain('Positive outcome rate (MPS measure, not a');
  });
});
