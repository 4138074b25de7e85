/**
 * The explorer's "Compare with" choice outside London (issue 24), in headless Chromium, on the real Thames Valley
 * January 2024 street file (test/fixtures/national): Slough compared with its region (South East) and with the
 * product's own peer group, over the month (a 12-month window is not complete with one month loaded). The rank and
 * "of N" are checked against a plain loop over the raw file with the shipped lookups and mid-2023 populations; the
 * region's rate is absent (only one of its forces is loaded), and the panels say so rather than show a zero.
 */
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { ARTIFACTS, axe, openPage, ready, useHarness } from './e2e-helpers.ts';
import { ROOT, fixture } from './helpers.ts';
import { describeWith } from './requires.ts';

const TV = fixture('national/2024-01-thames-valley-street.csv');
const REF = join(ROOT, 'data/reference/national');
const csv = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
const gz = (file: string) => csv(gunzipSync(readFileSync(join(REF, file))).toString('utf8'));
const plain = (file: string) => csv(readFileSync(join(REF, file), 'utf8'));
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;

/**
 * By hand from the raw file and the shipped lookups: each CSP's burglaries in January 2024 (by the LSOA's CSP), its
 * mid-2023 population (a whole district's estimate; a part of a split district, the district's estimate shared by its
 * Census 2021 LSOA share, docs/reference-data.md) and its rate per 1,000, keyed by CSP name.
 */
function byHand() {
  const lsoas = gz('lookup-lsoa21-csp24.csv.gz');
  const census = new Map(gz('lsoa21-population-2021.csv.gz').map((r) => [r.lsoa21_code!, Number(r.population_2021)]));
  const mid2023 = new Map(plain('lad-population-mid2023.csv').map((r) => [r.lad_code!, Number(r.population)]));
  const regionOf = new Map(plain('forces.csv').map((r) => [r.pfa_code!, r.region!]));
  const cspOf = new Map(lsoas.map((l) => [l.lsoa21_code!, l]));
  // Census 2021 by CSP and by district (for a split district's shares)
  const cspCensus = new Map<string, number>();
  const ladCensus = new Map<string, number>();
  const ladsOfCsp = new Map<string, Set<string>>();
  for (const l of lsoas) {
    const p = census.get(l.lsoa21_code!) ?? 0;
    cspCensus.set(l.csp24_name!, (cspCensus.get(l.csp24_name!) ?? 0) + p);
    ladCensus.set(l.lad24_code!, (ladCensus.get(l.lad24_code!) ?? 0) + p);
    ladsOfCsp.set(l.csp24_name!, (ladsOfCsp.get(l.csp24_name!) ?? new Set()).add(l.lad24_code!));
  }
  const cspsOfLad = new Map<string, Set<string>>();
  for (const l of lsoas) cspsOfLad.set(l.lad24_code!, (cspsOfLad.get(l.lad24_code!) ?? new Set()).add(l.csp24_name!));
  const population = (csp: string) => {
    let total = 0;
    for (const lad of ladsOfCsp.get(csp)!) {
      if (cspsOfLad.get(lad)!.size === 1) total += mid2023.get(lad)!;
      else {
        // the CSP's Census 2021 population within this district, over the district's
        const share = lsoas.filter((l) => l.lad24_code === lad && l.csp24_name === csp).reduce((s, l) => s + (census.get(l.lsoa21_code!) ?? 0), 0);
        total += (mid2023.get(lad)! * share) / ladCensus.get(lad)!;
      }
    }
    return total;
  };
  // the South East's CSPs (every CSP whose force area's region is the South East), and those in the file
  const southEast = new Set(lsoas.filter((l) => regionOf.get(l.pfa24_code!) === 'South East').map((l) => l.csp24_name!));
  const counts = new Map<string, number>();
  const present = new Set<string>();
  for (const row of csv(readFileSync(TV, 'utf8'))) {
    const l = cspOf.get(row['LSOA code']!);
    if (!l || l.pfa24_name !== 'Thames Valley') continue; // a row in another force's area is not the force's own CSPs'
    present.add(l.csp24_name!);
    if (row['Crime type'] === 'Burglary') counts.set(l.csp24_name!, (counts.get(l.csp24_name!) ?? 0) + 1);
  }
  const rate = (csp: string) => ((counts.get(csp) ?? 0) / population(csp)) * 1000;
  /** the rank (1 = lowest rate) of `csp` among `members` present in the file, and how many were ranked */
  const rankAmong = (csp: string, members: string[]) => {
    const ranked = members.filter((m) => present.has(m)).sort((a, b) => rate(a) - rate(b));
    return { rank: ranked.indexOf(csp) + 1, of: ranked.length };
  };
  return { southEast, present, counts, rate, rankAmong };
}

describeWith('chromium')("the explorer's Compare with outside London (Slough, Thames Valley file), in headless Chromium", () => {
  const h = useHarness({ files: [TV] });

  const hand = byHand();

  it('offers the force area (default), the region and the peer group in a labelled select; keyboard-usable; axe clean', async () => {
    const context = await h.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${h.base}/explore?area=Slough&category=burglary&source=policeuk&to=2024-01&period=month`);
    await ready(page);
    const select = page.getByLabel('Compare with', { exact: true });
    expect(await select.evaluate((e) => e.tagName)).toBe('SELECT');
    expect(await select.locator('option').allTextContents()).toEqual([
      'Its force area: the CSPs of Thames Valley (default)',
      'Its region: the CSPs of South East',
      "Its peer group (saferboard's own, not the Home Office MSG)",
    ]);
    expect(await select.inputValue()).toBe('force');
    // the force area by default: Slough among Thames Valley's 16 CSPs, as counted by hand
    const tvMembers = [...hand.present];
    const tv = hand.rankAmong('Slough', tvMembers);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(`Slough ranks ${ordinal(tv.rank)} of the ${tv.of} CSPs of Thames Valley`);
    expect(await axe(page), 'axe-core violations').toEqual([]);
    // by keyboard: focus the select and move down one option (the region); the view follows the URL
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/compare=region/);
    await ready(page);
    expect(await page.getByLabel('Compare with', { exact: true }).inputValue()).toBe('region');
    await context.close();
  }, 60_000);

  it('the region: rank and "of N" as counted by hand, no rate for the incomplete region and no zero for a gap', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Slough&category=burglary&source=policeuk&to=2024-01&period=month&compare=region');
    const se = hand.rankAmong('Slough', [...hand.southEast]);
    expect(se.of).toBe(16); // only Thames Valley's 16 CSPs of the South East's are in the file
    const comparison = page.locator('section[data-panel="london-burglary"]');
    const words = (await comparison.textContent()) ?? '';
    expect(words).toContain(`Slough ranks ${ordinal(se.rank)} of the ${se.of} of the ${hand.southEast.size} CSPs of South East with a complete window from policeuk`);
    // Slough's own rate as shown (one decimal) equals the loop's
    expect(words).toContain(`${(Math.round(hand.rate('Slough') * 10) / 10).toFixed(1)} per 1,000 residents`);
    // the region's other forces are not loaded: named as no data, never ranked or drawn as a zero
    const missing = [...hand.southEast].filter((c) => !hand.present.has(c));
    expect(missing).toContain('Guildford');
    expect(words).toMatch(new RegExp(`Not ranked \\(${missing.length}\\): no data: .*Guildford`));
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/NaN|undefined/);
    expect(text).toMatch(new RegExp(`No funnel plot against South East for burglary from policeuk: no figures for the ${hand.southEast.size} CSPs of South East: policeuk has a complete window for ${se.of} of them`));
    expect(text).toMatch(/No map for the comparison with the CSPs of South East: the map draws the partnerships of Thames Valley only/);
    // "How is this figure made?" explains the same ranks (the region, the month): Slough's count as the loop counts it
    await comparison.locator('button.explain').first().click();
    await page.waitForSelector('dialog.explain-dialog[data-state="ready"]');
    expect(await page.locator('dialog .explain-value strong').getAttribute('data-value')).toBe(String(hand.counts.get('Slough')));
    expect((await page.locator('dialog.explain-dialog').textContent()) ?? '').not.toMatch(/not a London borough|needs area/);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(ARTIFACTS, 'national-compare-region-slough.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("the peer group: its members listed (the API's own), what it is and is not, and the rank among the members in the file", async () => {
    const api = (await (await fetch(`${h.base}/api/ranks?source=policeuk&category=burglary&to=2024-01&period=month&group=peers&area=Slough`)).json()) as {
      peers: { peers: { code: string; name: string }[] };
    };
    const members = api.peers.peers.map((p) => p.name);
    expect(members).toHaveLength(10);
    const { page, errors } = await openPage(h, '/explore?area=Slough&category=burglary&source=policeuk&to=2024-01&period=month&compare=peers');
    const details = page.locator('details[data-peers]');
    expect(await details.locator('summary').textContent()).toBe("Who is in Slough's peer group: 10 partnerships (saferboard's own, not the Home Office MSG)");
    await details.locator('summary').click();
    expect(await details.locator('li').allTextContents()).toEqual(members);
    const about = (await details.textContent()) ?? '';
    expect(about).toMatch(/not the Home Office "most similar group" \(MSG\)/);
    const peer = hand.rankAmong('Slough', ['Slough', ...members]);
    expect(peer.of).toBeGreaterThan(1);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(`Slough ranks ${ordinal(peer.rank)} of the ${peer.of} of the 11 partnerships of Slough and the product's own peer group`);
    expect(text).not.toMatch(/NaN|undefined|most similar group \(10/);
    await page.screenshot({ path: join(ARTIFACTS, 'national-compare-peers-slough.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a bad compare= gets the one plain message with a corrected link', async () => {
    const { page } = await openPage(h, '/explore?area=Slough&category=burglary&source=policeuk&to=2024-01&compare=msg');
    const bad = page.locator('[data-bad-address]');
    expect(await bad.locator('li[data-parameter="compare"]').textContent()).toBe('Unknown comparison "msg": choose force, region or peers.');
    expect(await bad.locator('a.corrected').getAttribute('href')).not.toContain('compare=');
    // Buckinghamshire is a district split between partnerships, not a CSP: it has no peer group
    const b = await openPage(h, '/explore?area=Buckinghamshire&category=burglary&source=policeuk&to=2024-01&compare=peers');
    expect(await b.page.locator('li[data-parameter="compare"]').textContent()).toMatch(/Buckinghamshire has no peer group/);
    await page.close();
    await b.page.close();
  }, 60_000);

  it('a London borough keeps London: no "Compare with" control, and compare= in its link is a bad link', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary&source=policeuk&to=2024-01');
    expect(await page.locator('select[name="compare"], select[name="period"]').count()).toBe(0);
    expect(await page.locator('details[data-peers]').count()).toBe(0);
    expect(errors).toEqual([]);
    const b = await openPage(h, '/explore?area=Barnet&category=burglary&source=policeuk&to=2024-01&compare=region');
    expect(await b.page.locator('li[data-parameter="compare"]').textContent()).toBe('"Compare with" is for partnerships outside London: Barnet is compared with London\'s boroughs.');
    await page.close();
    await b.page.close();
  }, 60_000);
});
