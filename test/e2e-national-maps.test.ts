/**
 * The maps of a partnership outside London (issue 24, item 6), in headless Chromium, on the real January 2024 street
 * files of three forces (test/fixtures/national): the explorer's map is the force area's partnerships (Buckinghamshire,
 * split between four CSPs, drawn once and named), and the hotspot map draws one circle per LSOA from the police.uk
 * coordinates, as no LSOA boundaries are shipped outside London.
 */
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ARTIFACTS, openPage, useHarness } from './e2e-helpers.ts';
import { ROOT, fixture } from './helpers.ts';
import { describeWith } from './requires.ts';

const TV = fixture('national/2024-01-thames-valley-street.csv');

describeWith('chromium')('maps outside London (Aylesbury Vale, Thames Valley), in headless Chromium', () => {
  const h = useHarness({ files: [TV] });

  it('the partnership map and the hotspot circles', async () => {
    // by hand from the raw file and the shipped LSOA → CSP lookup: Aylesbury Vale's burglaries and their LSOAs with coordinates
    const lookup = Papa.parse<Record<string, string>>(
      (await import('node:zlib')).gunzipSync(readFileSync(join(ROOT, 'data/reference/national/lookup-lsoa21-csp24.csv.gz'))).toString('utf8'),
      { header: true, skipEmptyLines: true },
    ).data;
    const av = new Set(lookup.filter((l) => l.csp24_name === 'Aylesbury Vale').map((l) => l.lsoa21_code));
    const rows = Papa.parse<Record<string, string>>(readFileSync(TV, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const burglary = rows.filter((x) => x['Crime type'] === 'Burglary' && av.has(x['LSOA code']!));
    const lsoas = new Set(burglary.filter((x) => x.Longitude).map((x) => x['LSOA code']));

    const { page, errors } = await openPage(h, '/explore?area=Aylesbury%20Vale&category=burglary&source=policeuk&to=2024-01');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/NaN|undefined/);
    expect(text).toContain(`Aylesbury Vale's ${burglary.length}`);
    // the force area's partnerships: 12 whole districts and Buckinghamshire drawn once, named as split
    expect(text).toMatch(/by partnership of Thames Valley/);
    expect(text).toMatch(/Buckinghamshire \(Aylesbury Vale; Chiltern; South Bucks; Wycombe\)/);
    expect(text).not.toMatch(/London comparison|borough map/);
    const hotspots = page.locator('section, div').filter({ hasText: /had the most burglary/ }).last();
    await expect.poll(async () => hotspots.locator('svg circle').count()).toBe(lsoas.size);
    expect(text).toMatch(/No LSOA boundaries are shipped for Aylesbury Vale/);
    await page.screenshot({ path: join(ARTIFACTS, 'national-explore-aylesbury-vale.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
