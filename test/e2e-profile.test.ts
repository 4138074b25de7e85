import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ARTIFACTS,
  openPage,
  start,
  type Harness,
} from './e2e-helpers.ts';
import { ROOT, cli, readCsv } from './helpers.ts';
import { describeWith } from './requires.ts';


// the codes from the area reference, not from the API
const AREAS = readCsv(join(ROOT, 'data/reference/areas.csv'));
const code = (name: string) => AREAS.find((a) => a.name === name)!.code;

describeWith('chromium')('the dashboard and the partnership profile, in headless Chromium', () => {
  let h: Harness;
  beforeAll(async () => {
    // a partnership whose home area is Camden, set up as an analyst would
    const profile = join(mkdtempSync(join(tmpdir(), 'saferboard-e2e-profile-')), 'saferboard.profile.json');
    const init = cli(['init', '--area', 'Camden', '--out', profile]);
    expect(init.code, init.stderr).toBe(0);
    h = await start({ env: { SAFERBOARD_PROFILE: profile } });
  });
  afterAll(async () => h?.stop());

  const selected = (page: import('playwright-core').Page) =>
    page.locator('select[name="area"] option:checked');

  it('every view opens on the home area when the URL names none', async () => {
    const { page, errors } = await openPage(h, '/?to=2018-12');
    expect(await page.locator('h1').textContent()).toBe(
      'Performance update: Camden, 12 months to December 2018',
    );
    expect(await selected(page).textContent()).toBe('Camden');
    expect(await selected(page).getAttribute('value')).toBe(code('Camden'));
    await page.screenshot({ path: join(ARTIFACTS, 'profile-home-camden.png'), fullPage: false });
    for (const [path, heading] of [
      ['/explore', /in Camden$/],
      ['/assessment', /: Camden$/],
    ] as const) {
      await page.goto(h.base + path);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.locator('h1').textContent(), path).toMatch(heading);
      expect(await selected(page).textContent(), path).toBe('Camden');
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the City of London page shows the City of London selected', async () => {
    const { page, errors } = await openPage(h, '/?area=City%20of%20London&to=2018-12');
    expect(await page.locator('h1').textContent()).toBe(
      'Performance update: City of London, 12 months to December 2018',
    );
    expect(await selected(page).allTextContents()).toEqual(['City of London']);
    await page.screenshot({ path: join(ARTIFACTS, 'profile-city-of-london.png'), fullPage: false });
    await page.goto(`${h.base}/assessment?area=City%20of%20London`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await selected(page).allTextContents()).toEqual(['City of London']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every spelling the API accepts works in the URL', async () => {
    for (const spelling of ['London%20Borough%20of%20Barnet', 'E09000003', 'barnet', '%20BARNET%20']) {
      const { page, errors } = await openPage(h, `/?area=${spelling}&to=2018-12`);
      expect(await page.locator('h1').textContent(), spelling).toBe(
        'Performance update: Barnet, 12 months to December 2018',
      );
      expect(await selected(page).getAttribute('value'), spelling).toBe(code('Barnet'));
      expect(await page.locator('section.outcome').count(), spelling).toBe(7);
      expect(errors, spelling).toEqual([]);
      await page.close();
    }
    const { page } = await openPage(h, '/?area=Barnett');
    expect(await page.locator('[role="alert"]').first().textContent()).toContain('Unknown area "Barnett"');
    await page.close();
  });
});
