/**
 * The board and the explorer of a partnership outside London (issue 24), in headless Chromium: `saferboard init --area
 * "Surrey Heath"` on the national comparison fixture (test/fixtures/national-compare/, tables inserted as the national data
 * layer's contract has them). No error, no NaN or "undefined", a gap never shown as 0, the funnel against the force area.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, openPage, start, type Harness } from './e2e-helpers.ts';
import { cli, nationalDb } from './helpers.ts';
import { describeWith } from './requires.ts';

describeWith('chromium')('a partnership outside London (Surrey Heath), in headless Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    const profile = join(mkdtempSync(join(tmpdir(), 'saferboard-e2e-national-')), 'saferboard.profile.json');
    const init = cli(['init', '--area', 'Surrey Heath', '--out', profile]);
    expect(init.code, init.stderr).toBe(0);
    h = await start({ db: await nationalDb(profile), env: { SAFERBOARD_PROFILE: profile } });
  }, 180_000);
  afterAll(async () => h?.stop());

  it('the board renders for the home area with no error and no zero for a gap', async () => {
    const { page, errors } = await openPage(h, '/?to=2024-01');
    expect(await page.locator('h1').textContent()).toBe('Performance update: Surrey Heath, 12 months to January 2024');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/NaN|undefined/);
    // by hand from the fixture: Surrey Heath's burglary over the 12 months is 138 (test/fixtures/national-compare/counts.csv)
    expect(text).toContain('138');
    await page.screenshot({ path: join(ARTIFACTS, 'national-board-surrey-heath.png'), fullPage: true });
    expect(errors).toEqual([]);
    // Guildford lacks 2023-06: its burglary is not shown as a number for the 12 months
    const g = await openPage(h, '/?area=Guildford&to=2024-01');
    const gt = (await g.page.locator('main').textContent()) ?? '';
    expect(gt).not.toMatch(/NaN|undefined/);
    expect(gt).toMatch(/11 of 12 months|no data|not complete|partial/i);
    await g.page.screenshot({ path: join(ARTIFACTS, 'national-board-guildford.png'), fullPage: true });
    expect(g.errors).toEqual([]);
    await page.close();
    await g.page.close();
  });

  it('the explorer draws the funnel against the force area (Thames Valley, every CSP complete)', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Slough&category=burglary&source=policeuk&to=2024-01');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/NaN|undefined/);
    expect(text).toMatch(/Thames Valley's/);
    await page.screenshot({ path: join(ARTIFACTS, 'national-explore-slough.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
