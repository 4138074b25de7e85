import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, openPage, pdfText, ready, start, type Harness } from './e2e-helpers.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, readCsv } from './helpers.ts';
import type { CountResult, Scorecard } from '../core/types.ts';
import { fmt1, ordinal } from '../core/format.ts';
import { describeWith } from './requires.ts';


// Expected figures from the reference files and raw CSVs, not from the API's SQL.
const BOROUGHS = readCsv(join(ROOT, 'data/reference/areas.csv')).filter((a) => a.borough === 'true');
const BARNET = 'E09000003';
const lsoaTopo = JSON.parse(readFileSync(join(ROOT, 'data/reference/boundaries/london-lsoa-2021.topojson'), 'utf8'));
const BARNET_LSOAS = lsoaTopo.objects.layer.geometries.filter((g: { properties: { lad22cd: string } }) => g.properties.lad22cd === BARNET).length;
const LSOA_2021 = new Set(readCsv(join(ROOT, 'data/reference/lsoas.csv')).map((r) => r.lsoa_code));
/** Barnet burglary rows (LSOA name "Barnet 0xxY") in the three police.uk months whose 2011 LSOA is not in 2021's. */
const barnetBurglary = ['01', '02', '03'].flatMap((m) =>
  readCsv(join(POLICEUK_SAMPLE, `2018-${m}/2018-${m}-metropolitan-street.csv`)).filter(
    (r) => r['Crime type'] === 'Burglary' && /^Barnet \d{3}[A-Z]$/.test(r['LSOA name'] ?? ''),
  ),
);
/** Each borough's burglary (residential and business) in 2018, by hand from the raw MPS sample's month columns. */
const MPS_2018_BURGLARY = new Map<string, { count: number }>();
for (const r of readCsv(MPS_SAMPLE)) {
  if (r['Major Category'] !== 'Burglary') continue;
  const e = MPS_2018_BURGLARY.get(r.Borough!) ?? { count: 0 };
  for (const k of Object.keys(r)) if (/^2018\d\d$/.test(k)) e.count += Number(r[k]);
  MPS_2018_BURGLARY.set(r.Borough!, e);
}
/** The 2018 population of each borough (the year of the 12 months to December 2018's middle). */
const POPULATION_2018 = new Map(readCsv(join(ROOT, 'data/reference/population.csv')).filter((r) => r.year === '2018').map((r) => [r.code!, Number(r.population)]));
const UNMATCHED_LSOAS = new Set(barnetBurglary.filter((r) => !LSOA_2021.has(r['LSOA code']!)).map((r) => r['LSOA code'])).size;

describeWith('chromium', 'pdftotext')('dashboard in headless Chromium on the sample data', () => {
  let h: Harness;
  // every console error fails a test (a 404 from /api/outcomes included)
  beforeAll(async () => {
    h = await start();
  });
  afterAll(async () => h?.stop());

  it('explorer: every chart draws marks from the data', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary&source=mps&from=2017-01&to=2018-12');
    const count = (sel: string) => page.locator(sel).count();
    // 24 months from Jan 2017 to Dec 2018: one bar each in the trend, one cell each in the heatmap
    expect(await count('[data-panel="trend-burglary"] g[aria-label="rect"] rect')).toBe(24);
    expect(await count('[data-panel="seasonality-burglary"] g[aria-label="cell"] rect')).toBe(24);
    // one bar per London borough, Barnet's highlighted, London's rate as a rule
    expect(await count('[data-panel="london-burglary"] g[aria-label="bar"] rect')).toBe(BOROUGHS.length);
    expect(await count('[data-panel="london-burglary"] g[aria-label="bar"] rect[fill="#1f2933"]')).toBe(1);
    expect(await count('[data-panel="london-burglary"] g[aria-label="rule"] line')).toBeGreaterThanOrEqual(1);
    // 33 local authorities on the borough map (32 boroughs and the City)
    expect(await count('[data-panel="borough-map-burglary"] g[aria-label="geo"]:first-of-type path')).toBe(33);
    // the hotspot map: every Barnet 2021 LSOA, and a circle per 2011 LSOA not in the 2021 boundaries
    expect(await count('[data-panel="hotspots-burglary"] g[aria-label="geo"] path')).toBe(BARNET_LSOAS);
    expect(await count('[data-panel="hotspots-burglary"] g[aria-label="dot"] circle')).toBe(UNMATCHED_LSOAS);
    await expect(page.locator('[data-panel="hotspots-burglary"]').textContent()).resolves.toContain('hotspot proxy');
    await expect(page.locator('[data-panel="hotspots-burglary"]').textContent()).resolves.toContain('Office for National Statistics');
    expect(await count('[data-panel="hotspots-burglary"] .side table.data tbody tr')).toBe(10);
    // every ready panel has a finding, a text alternative, a data table and three downloads; the five counted above are ready
    const readyPanels = await page.locator('section.panel[data-state="ready"]').all();
    const readyNames = await Promise.all(readyPanels.map((p) => p.getAttribute('data-panel')));
    expect(readyNames).toEqual(expect.arrayContaining(['trend-burglary', 'seasonality-burglary', 'london-burglary', 'borough-map-burglary', 'hotspots-burglary']));
    for (const p of readyPanels) {
      expect(await p.locator('.chart[role="img"][aria-describedby]').count()).toBe(1);
      expect(await p.locator('.tools button').allTextContents()).toEqual(['Show data', 'CSV', 'SVG', 'PNG']);
    }
    // issue 22: the Source list names each source in words, never by its id
    const sourceNames = await page.locator('select[name="source"] option').allTextContents();
    expect(sourceNames).toContain('MPS borough-level crime (London Datastore)');
    for (const name of sourceNames) expect(name).not.toMatch(/^(mps|policeuk|local|stopsearch)$/);
    await page.screenshot({ path: join(ARTIFACTS, 'explore.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explorer: a control changes the URL and the chart; show data toggles a table; CSV downloads', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary&source=mps&from=2017-01&to=2018-12');
    const highlighted = () => page.locator('[data-panel="london-burglary"] g[aria-label="bar"] rect[fill="#1f2933"] title').textContent();
    expect(await highlighted()).toMatch(/^Barnet:/);
    // from the keyboard: focus the area select and move to the next borough
    await page.focus('select[name="area"]');
    await page.keyboard.press('ArrowDown');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('area')).toBe('E09000004');
    expect(await highlighted()).toMatch(/^Bexley:/);
    await expect(page.locator('h1').textContent()).resolves.toContain('Bexley');
    await page.selectOption('select[name="area"]', 'E09000007');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('area')).toBe('E09000007');
    expect(await highlighted()).toMatch(/^Camden:/);
    const table = page.locator('[data-panel="london-burglary"] table.data');
    await expect(table.isHidden()).resolves.toBe(true);
    await page.locator('[data-panel="london-burglary"] button', { hasText: 'Show data' }).press('Enter');
    await expect(table.isVisible()).resolves.toBe(true);
    expect(await table.locator('tbody tr').count()).toBe(BOROUGHS.length);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-panel="london-burglary"] button', { hasText: 'CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe('camden-london-burglary-2017-01-2018-12.csv');
    expect(csv.split('\n')[0]).toBe('rank,area,code,count,population,rate_per_1000,months_covered,status');
    expect(csv.trim().split('\n').length).toBe(BOROUGHS.length + 1);
    for (const kind of ['SVG', 'PNG']) {
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-panel="london-burglary"] button', { hasText: kind }).click()]);
      // <area>-<what>-<from>-<to>, the area and months the page shows
      expect(file.suggestedFilename()).toBe(`camden-london-burglary-2017-01-2018-12.${kind.toLowerCase()}`);
      const bytes = readFileSync((await file.path())!);
      if (kind === 'SVG') {
        expect(bytes.toString()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        // the image says what it is: the panel's title and the source line
        const title = (await page.locator('[data-panel="london-burglary"] h3').textContent())!;
        expect(bytes.toString()).toContain(title.split(' ').slice(0, 3).join(' '));
        expect(bytes.toString()).toContain('Source: MPS borough-level crime (London Datastore); Camden, Jan 2017 to Dec 2018');
      }
      else expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explorer: several categories, an unknown one named, another source', async () => {
    // an unknown category stops the view with a message (test/e2e-bad-urls.test.ts); its corrected link draws the others
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary,robbery,burgalry', (text) => /status of 400/.test(text));
    await expect(page.locator('[role="alert"]').first().textContent()).resolves.toContain('Unknown category "burgalry"');
    await page.locator('a.corrected').click();
    await ready(page);
    // the known categories are each drawn
    expect(await page.locator('[data-panel="trend-burglary"] g[aria-label="rect"] rect').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-panel="trend-robbery"] g[aria-label="rect"] rect').count()).toBeGreaterThan(0);
    expect(await page.locator('select[name="category"] option:checked').allTextContents()).toEqual(['Burglary', 'Robbery']);
    // each category listed by its own label under its group's heading, never "Robbery (Robbery)"
    expect(await page.locator('select[name="category"] option:checked').evaluateAll((os) => os.map((o) => (o.parentElement as HTMLOptGroupElement).label))).toEqual(['Burglary', 'Robbery']);
    const groups = await page.locator('select[name="category"] optgroup').evaluateAll((gs) => gs.map((g) => (g as HTMLOptGroupElement).label));
    expect(groups).toEqual(expect.arrayContaining(['Burglary', 'Robbery', 'Violence', 'Weapons']));
    // the MPS counts hold no ASB: not offered (test/e2e-explorer-categories.test.ts)
    expect(groups).not.toContain('ASB');
    expect(new Set(groups).size).toBe(groups.length);
    expect(await page.locator('select[name="category"] > option').count()).toBe(0);
    // a police.uk source: the trend draws its 3 months; hotspots follow
    await page.goto(`${h.base}/explore?area=Barnet&category=burglary&source=policeuk`);
    await ready(page);
    expect(await page.locator('[data-panel="trend-burglary"] g[aria-label="rect"] rect').count()).toBe(3);
    // three months loaded: no borough is ranked or drawn as a bar; the London comparison says why, the map is incomplete
    const london = page.locator('[data-panel="london-burglary"]');
    await expect(london.getAttribute('data-state')).resolves.toBe('empty');
    await expect(london.textContent()).resolves.toContain('no borough has every month loaded, so none is ranked');
    await expect(london.textContent()).resolves.toContain(`All ${BOROUGHS.length} boroughs have 3 of 12 months`);
    expect(await london.locator('g[aria-label="bar"] rect').count()).toBe(0);
    await expect(page.locator('[data-panel="borough-map-burglary"] h3').textContent()).resolves.toContain('incomplete: no borough has every month of the 12 loaded');
    await page.screenshot({ path: join(ARTIFACTS, 'explore-policeuk.png'), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
  });

  it('explorer: a local extract draws its own hotspots (by its lsoa column) and the knife-crime panel', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&category=burglary&source=local&from=2018-01&to=2018-12');
    const panel = page.locator('[data-panel="hotspots-burglary"]');
    expect(await panel.locator('g[aria-label="geo"] path').count()).toBe(BARNET_LSOAS);
    // no coordinates in a local extract: nothing drawn as circles, and the incidents without an LSOA are counted
    expect(await panel.locator('g[aria-label="dot"] circle').count()).toBe(0);
    await expect(panel.textContent()).resolves.toMatch(/\d+ incidents have no LSOA and are not drawn/);
    await expect(panel.textContent()).resolves.toContain('location ids, pseudonymised');
    // Barnet's 12 months are complete and the other boroughs have no local data at all: the map is not "incomplete"
    expect(await page.locator('[data-panel^="borough-map-"] h3').count()).toBe(1);
    const map = (await page.locator('[data-panel^="borough-map-"] h3').allTextContents()).join(' ');
    expect(map).not.toMatch(/incomplete|not every month/);
    expect(await panel.locator('.side table.data tbody tr').count()).toBe(10);
    // the busiest LSOA in the table is the map's finding
    const first = await panel.locator('.side table.data tbody tr').first().locator('td').first().textContent();
    await expect(panel.locator('h3').textContent()).resolves.toContain(first!);
    expect(await page.locator('[data-panel="knife-crime"] g[aria-label="line"] path').count()).toBeGreaterThan(0);
    // the local sample holds Barnet only: one complete borough is not ranked, the other 31 have no data (not 0)
    const london = page.locator('[data-panel="london-burglary"]');
    await expect(london.getAttribute('data-state')).resolves.toBe('empty');
    await expect(london.textContent()).resolves.toContain('only Barnet has every month loaded, and a rank needs at least two boroughs');
    await expect(london.textContent()).resolves.toContain('No data: Barking and Dagenham, Bexley');
    await page.screenshot({ path: join(ARTIFACTS, 'explore-local.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('board view: tiles show the figures of /api/outcomes (a 404 fails), and it prints to an A4 landscape PDF', async () => {
    // every request the page makes, from before it loads
    const requested: string[] = [];
    const { page, errors } = await openPage(h, '/?area=Barnet&to=2018-12', undefined, (p) => p.on('request', (r) => void requested.push(r.url())));
    const answer = await fetch(`${h.base}/api/outcomes?area=E09000003&to=2018-12`);
    expect(answer.status, '/api/outcomes').toBe(200);
    const res = (await answer.json()) as Scorecard;
    const indicators = res.outcomes.flatMap((o) => o.indicators);
    expect(await page.locator('section.outcome').count()).toBe(res.outcomes.length);
    expect(await page.locator('.tile').count()).toBe(indicators.length);
    for (const ind of indicators) {
      const tile = page.locator(`.tile[data-indicator="${ind.id}"]`).first();
      const cur = ind.kind === 'manual' ? ind.value : ind.current;
      expect(await tile.locator('.value').getAttribute('data-value'), ind.id).toBe(cur === null ? '' : String(cur));
      expect(await tile.getAttribute('class')).toContain(`rag-${ind.rag}`);
      expect(await tile.getAttribute('data-state')).toBe(ind.state);
      // a rank from another source than the figure's says which (some tiles are ranked: checked below the loop)
      if (ind.rank !== null) expect(await tile.locator('.rank').textContent(), ind.id).toBe(`London rank ${ordinal(ind.rank)} of ${ind.of}${ind.rank_source === 'mps' ? ' (MPS)' : ind.rank_source === 'policeuk' ? ' (police.uk)' : ''}`);
    }
    expect(indicators.filter((i) => i.rank !== null).length).toBeGreaterThan(0);
    // the exceptions are the engine's, in its order; the headline is its sentence
    expect(await page.locator('.exceptions li').evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')))).toEqual(res.exceptions);
    await expect(page.locator('.exceptions .headline').textContent()).resolves.toBe(res.headline);
    await expect(page.locator('.kicker').textContent()).resolves.toBe(res.profile.title);
    // how we compare: Barnet's and London's burglary rates, by hand from the raw MPS file and the population reference
    // (every borough has all 24 months, so all 32 are ranked, on MPS: the local extract covers Barnet alone)
    const burglary = BOROUGHS.map((b) => ({ code: b.code!, ...MPS_2018_BURGLARY.get(b.name!)!, population: POPULATION_2018.get(b.code!)! }));
    const barnet = burglary.find((b) => b.code === BARNET)!;
    const rate = (b: { count: number; population: number }) => (1000 * b.count) / b.population;
    const londonRate = (1000 * burglary.reduce((t, b) => t + b.count, 0)) / burglary.reduce((t, b) => t + b.population, 0);
    const rank = 1 + burglary.filter((b) => rate(b) < rate(barnet)).length;
    const cmp = (indicators.find((i) => i.id === 'burglary') as CountResult).compare!;
    const vs = { higher: 'Higher than London', lower: 'Lower than London', similar: 'Similar to London' }[cmp.vs_london!];
    const row = page.locator('table.compare tr[data-indicator="burglary"] td');
    expect(await row.allTextContents()).toEqual([fmt1(rate(barnet)), fmt1(londonRate), `${ordinal(rank)} of ${BOROUGHS.length}`, vs, 'MPS']);
    // one row per count indicator the engine compared, and not one /api/league request
    expect(await page.locator('table.compare tbody tr').count()).toBe(indicators.filter((i) => i.kind === 'count' && i.compare).length);
    expect(requested.filter((u) => u.includes('/api/league'))).toEqual([]);
    expect(requested.filter((u) => u.includes('/api/outcomes'))).toHaveLength(1);
    await expect(page.locator('h1').textContent()).resolves.toBe('Performance update: Barnet, 12 months to December 2018');
    await page.screenshot({ path: join(ARTIFACTS, 'board.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(ARTIFACTS, 'board-print.png'), fullPage: true });
    const pdf = join(ARTIFACTS, 'board.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(statSync(pdf).size).toBeGreaterThan(2000);
    const text = pdfText(pdf)!;
    expect(text).toContain('Performance update: Barnet');
    expect(text).not.toContain('Skip to content');
    // a header on every A4 page
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(p).toContain('Barnet Safer Communities Partnership Board: Performance update · Barnet');
    expect(text).not.toMatch(/https?:\/\//);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('assessment view: financial years, significant changes and rank history drawn from the data', async () => {
    const { page, errors } = await openPage(h, '/assessment?area=Barnet');
    // Jan 2017 to Dec 2018 touches three financial years: 2016/17, 2017/18, 2018/19
    const cells = await page.locator('[data-panel="financial-years"] g[aria-label="cell"] rect').count();
    expect(cells % 3).toBe(0);
    expect(cells).toBeGreaterThanOrEqual(3 * 8);
    await expect(page.locator('[data-panel="financial-years"]').textContent()).resolves.toContain('2017/18');
    await expect(page.locator('[data-panel="significant-changes"]').getAttribute('data-state')).resolves.toMatch(/ready|empty/);
    // twelve-month windows ending Dec 2017 (the first full one) and each quarter to Dec 2018: 5 points per category
    expect(await page.locator('[data-panel="rank-history"] g[aria-label="dot"] circle').count()).toBe(4 * 5);
    await page.screenshot({ path: join(ARTIFACTS, 'assessment.png'), fullPage: true });
    // an earlier end: the year to March 2018 (rank points at Dec 2017 and Mar 2018; no 2018/19 yet), set from the control
    await page.locator('input[name="to"]').fill('2018-03');
    await page.locator('input[name="to"]').dispatchEvent('change');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('to')).toBe('2018-03');
    await expect(page.locator('.lede').textContent()).resolves.toContain('March 2018');
    expect(await page.locator('[data-panel="rank-history"] g[aria-label="dot"] circle').count()).toBe(4 * 2);
    await expect(page.locator('[data-panel="financial-years"]').textContent()).resolves.not.toContain('2018/19');
    // the sample starts in January 2017: no full year before April 2017-March 2018, and the panel says so
    await expect(page.locator('[data-panel="significant-changes"]').textContent()).resolves.toContain('No category has two full years of data for Barnet to March 2018');
    expect(errors).toEqual([]);
    await page.close();
  });
});
