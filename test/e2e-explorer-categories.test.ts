import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, ready, useHarness } from './e2e-helpers.ts';
import { describeWith } from './requires.ts';

/** The panels of the page in the error state (a red "Could not load this chart"), and any bad-link message. */
const failures = (page: Page) =>
  page.locator('[data-state="error"], .bad-address').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-panel') ?? 'page'}: ${e.textContent}`));

/** The options a select offers, grouped as the page groups them. */
const offered = (page: Page) =>
  page.locator('select[name="category"] optgroup').evaluateAll((gs) =>
    gs.map((g) => ({ group: (g as HTMLOptGroupElement).label, ids: [...g.querySelectorAll('option')].map((o) => o.value), labels: [...g.querySelectorAll('option')].map((o) => o.textContent) })));

const selected = (page: Page, name: string) => page.locator(`select[name="${name}"] option:checked`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

describeWith('chromium')('explorer: only what the chosen source can show', () => {
  const h = useHarness();

  it('for each source, every category it offers draws without an error', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet');
    // the sources the page offers (the sample loads four), each by its name in words, never its id
    const sources = await page.locator('select[name="source"] option').evaluateAll((os) => os.map((o) => ({ id: (o as HTMLOptionElement).value, name: o.textContent! })));
    expect(sources.map((s) => s.id).sort()).toEqual(['local', 'mps', 'policeuk', 'stopsearch']);
    for (const s of sources) expect(s.name).not.toBe(s.id);
    let drawn = 0;
    for (const { id: source } of sources) {
      await page.goto(`${h.base}/explore?area=Barnet&source=${source}`);
      await ready(page);
      const groups = await offered(page);
      expect(groups.length, source).toBeGreaterThan(0);
      // one page per group of the list, its categories all selected: each draws its trend and seasonality, and the
      // group's first the London bars, map, funnel and hotspots (a page a category keeps the run to a few minutes)
      for (const g of groups) {
        await page.goto(`${h.base}/explore?area=Barnet&source=${source}&category=${g.ids.join(',')}`);
        await ready(page);
        expect(await failures(page), `${source}, ${g.group}`).toEqual([]);
        expect(await selected(page, 'category'), `${source}, ${g.group}`).toEqual(g.ids);
        for (const id of g.ids) {
          for (const panel of [`trend-${id}`, `seasonality-${id}`])
            expect(await page.locator(`[data-panel="${panel}"]`).getAttribute('data-state'), `${source} ${panel}`).toMatch(/^(ready|empty)$/);
          drawn++;
        }
        for (const panel of ['london', 'borough-map', 'funnel', 'hotspots'])
          expect(await page.locator(`[data-panel="${panel}-${g.ids[0]}"]`).getAttribute('data-state'), `${source} ${panel}-${g.ids[0]}`).toMatch(/^(ready|empty)$/);
      }
    }
    expect(drawn).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);

  it('police.uk does not offer residential burglary; MPS does not offer ASB', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&source=policeuk');
    const labels = (await offered(page)).flatMap((g) => g.labels);
    expect(labels).toContain('Burglary');
    expect(labels).not.toContain('Residential burglary');
    // police.uk records anti-social behaviour; the MPS crime counts do not
    const asb = (await offered(page)).find((g) => g.group === 'ASB');
    expect(asb?.ids).toEqual(['asb']);
    await page.goto(`${h.base}/explore?area=Barnet&source=mps`);
    await ready(page);
    const mps = await offered(page);
    expect(mps.flatMap((g) => g.labels)).toContain('Residential burglary');
    expect(mps.map((g) => g.group)).not.toContain('ASB');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a source switch drops a category the new source cannot show, with a note, never a red panel', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&source=mps&category=burglary-residential,burglary');
    expect(await selected(page, 'category')).toEqual(['burglary', 'burglary-residential']);
    await page.selectOption('select[name="source"]', 'policeuk');
    await ready(page);
    const url = new URL(page.url());
    expect(url.searchParams.get('source')).toBe('policeuk');
    expect(url.searchParams.get('category')).toBe('burglary');
    expect(await selected(page, 'category')).toEqual(['burglary']);
    const note = page.locator('p.note.changed');
    await expect(note.textContent()).resolves.toBe('Residential burglary is not among the categories data.police.uk street-level crime and ASB records, so it was taken off.');
    expect(await failures(page)).toEqual([]);
    // the sample's police.uk months hold burglary: drawn
    expect(await page.locator('[data-panel="trend-burglary"]').getAttribute('data-state')).toBe('ready');

    // every category dropped: the new source's usual category is shown, and the months follow the new source
    await page.goto(`${h.base}/explore?area=Barnet&source=mps&category=burglary-residential&from=2017-06&to=2018-12`);
    await ready(page);
    await page.selectOption('select[name="source"]', 'policeuk');
    await ready(page);
    const after = new URL(page.url()).searchParams;
    expect([after.get('category'), after.get('from'), after.get('to')]).toEqual(['burglary', null, null]);
    await expect(note.textContent()).resolves.toBe(
      'Residential burglary is not among the categories data.police.uk street-level crime and ASB records, so it was taken off: showing Burglary. police.uk data covers Jan 2018 to Mar 2018: showing its latest months.');
    expect(await failures(page)).toEqual([]);
    // Back returns to the MPS view as it was, without the note
    await page.goBack();
    await ready(page);
    expect(await selected(page, 'category')).toEqual(['burglary-residential']);
    expect(await note.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with several categories, the panels that draw only the first say so', async () => {
    const { page, errors } = await openPage(h, '/explore?area=Barnet&source=mps&category=burglary,robbery');
    for (const panel of ['london-burglary', 'borough-map-burglary', 'funnel-burglary', 'hotspots-burglary'])
      await expect(page.locator(`[data-panel="${panel}"] .caption`).textContent(), panel).resolves.toBe('Showing Burglary only: the first of 2 selected.');
    // the panels drawn for each category carry no such caption
    for (const panel of ['trend-burglary', 'trend-robbery', 'seasonality-robbery'])
      expect(await page.locator(`[data-panel="${panel}"] .caption`).count(), panel).toBe(0);
    // one category: no caption anywhere
    await page.goto(`${h.base}/explore?area=Barnet&source=mps&category=robbery`);
    await ready(page);
    expect(await page.locator('.caption').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
