/**
 * The comparison of a partnership outside London in the board, the board paper and the needs assessment (issue 24):
 * `saferboard init --area Slough` on the national comparison fixture (test/fixtures/national-compare/), whose profile
 * compares it with the partnerships of Thames Valley. Every rank shown is the one computed by hand from the raw
 * fixture (plain loops); no "London" rank, funnel or MOPAC7 wording anywhere.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, openPage, start, type Harness } from './e2e-helpers.ts';
import { NATIONAL, cli, nationalDb, readCsv } from './helpers.ts';
import { describeWith } from './requires.ts';
import { Database } from '../data/db.ts';
import { setProfilePath } from '../data/profile.ts';
import { buildPack } from '../api/report/index.ts';

const POP = new Map(readCsv(join(NATIONAL, 'population.csv')).map((p) => [p.code!, Number(p.population)]));
const COUNTS = readCsv(join(NATIONAL, 'counts.csv'));
const TV = ['E06000039', 'E22000303', 'E22000318'];
/** Slough's burglary rank among Thames Valley's 3 CSPs over the fixture's 12 months (all complete), by hand. */
function sloughRank(): number {
  const rate = (code: string) => COUNTS.filter((r) => r.code === code && r.category_id === 'burglary').reduce((s, r) => s + Number(r.count), 0) / POP.get(code)!;
  return 1 + TV.filter((c) => rate(c) < rate('E06000039')).length;
}
const ORD = ['', '1st', '2nd', '3rd'];
/** The view's text without its controls (the area list names every area loaded, London's boroughs included). */
const viewText = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
    main.querySelectorAll('select, style').forEach((e) => e.remove());
    return main.textContent ?? '';
  });

describeWith('chromium')('a partnership outside London compared with its force area (Slough, Thames Valley)', () => {
  let h: Harness;
  let db: string;
  let profile: string;
  beforeAll(async () => {
    profile = join(mkdtempSync(join(tmpdir(), 'saferboard-e2e-compare-')), 'saferboard.profile.json');
    const init = cli(['init', '--area', 'Slough', '--out', profile]);
    expect(init.code, init.stderr).toBe(0);
    db = await nationalDb(profile);
    h = await start({ db, env: { SAFERBOARD_PROFILE: profile } });
  }, 180_000);
  afterAll(async () => {
    setProfilePath(undefined);
    await h?.stop();
  });

  it('the board: each tile and "How we compare" give the rank in Thames Valley, never London', async () => {
    const { page, errors } = await openPage(h, '/?to=2024-01');
    const tile = (await page.locator('[data-indicator="burglary"] .rank').first().textContent()) ?? '';
    expect(tile).toBe(`Rank in Thames Valley: ${ORD[sloughRank()]} of 3`);
    const compare = (await page.locator('section.compare').textContent()) ?? '';
    expect(compare).toContain('How we compare: Slough and Thames Valley');
    expect(compare).toContain('Rank in Thames Valley (1 = best)');
    expect(compare).toContain(`${ORD[sloughRank()]} of 3`);
    const text = await viewText(page);
    expect(text).not.toMatch(/London|NaN|undefined/);
    await page.screenshot({ path: join(ARTIFACTS, 'national-board-slough.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the needs assessment: rank history and funnel within Thames Valley, no London rank, no MOPAC7', async () => {
    const { page, errors } = await openPage(h, '/assessment?to=2024-01');
    const text = await viewText(page);
    expect(text).not.toMatch(/London|MOPAC|NaN|undefined/);
    expect(text).toContain('Rank history in the comparison group');
    expect(text).toMatch(/the 3 CSPs of Thames Valley/);
    // the funnel: every member complete, so the line is Thames Valley's rate
    expect(await page.locator('[data-panel="funnel-burglary"] svg, section:has(h2:text("funnel plot")) svg').count()).toBeGreaterThan(0);
    expect(text).toContain("Thames Valley's rate");
    await page.screenshot({ path: join(ARTIFACTS, 'national-assessment-slough.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the board paper prints the rank column with the force area\'s name, its glossary entry and source use', async () => {
    setProfilePath(profile);
    const open = await Database.open(db, { readOnly: true });
    let html: string;
    let annex: string;
    try {
      ({ html, annex } = await buildPack(open, { area: 'Slough', to: '2024-01', threshold: null }, new Date('2024-02-15T12:00:00Z')));
    } finally {
      open.close();
    }
    expect(html).toContain('<th scope="col">Rank in Thames Valley (1 = best)</th>');
    expect(html).toMatch(new RegExp(`<tr class="rag-row-\\w+" data-indicator="burglary">[\\s\\S]*?<td class="num">${ORD[sloughRank()]} of 3</td>`));
    expect(html).toContain('<dt>Rank in Thames Valley</dt>');
    expect(html).toMatch(/used for \d+ indicators? and ranks in Thames Valley/);
    expect(html).not.toMatch(/London|borough/);
    expect(annex).toContain('Rank in Thames Valley');
    expect(annex).not.toMatch(/London rank/);
    const page = await h.browser.newPage({ viewport: { width: 1123, height: 794 } });
    await page.setContent(html);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(ARTIFACTS, 'national-paper-slough.png'), fullPage: true });
    await page.close();
  });
});
