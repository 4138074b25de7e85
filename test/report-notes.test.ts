/**
 * The pack's technical annex says how each table and chart of the board paper is made (issues 15 and 22): the SQL
 * files and bound parameters per table, from /api/explain, under the reference the paper prints beside the table
 * ("Annex A3"); a public pack offers and links no rows and shows no per-file row counts. Expected file names come
 * from the profile's indicator kinds and queries/ on disk, the windows by hand.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../api/report/index.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { ROOT, SAMPLE, tempDb } from './helpers.ts';
import { CHROMIUM, itWith } from './requires.ts';

const PROFILE: { outcomes: { id: number; indicators: { id: string; kind: string; label?: string }[] }[] } = JSON.parse(
  readFileSync(join(ROOT, 'data/profiles/barnet.json'), 'utf8'),
);
/** The statement each kind of indicator needs besides macros.sql, by hand. */
const KIND_SQL: Record<string, string[]> = {
  count: ['engine-counts'],
  repeat: ['engine-counts', 'engine-repeats'],
  share: ['engine-counts', 'engine-shares'],
  manual: ['engine-manual'],
};
const ARTIFACTS = join(ROOT, 'test/artifacts');

let db: Database;
/** the technical annexes (partnership and public) and the papers they go with */
let partner: string;
let pub: string;
let partnerPaper: string;
let pubPaper: string;
beforeAll(async () => {
  const path = tempDb();
  await loadFiles([SAMPLE], { db: path });
  db = await Database.open(path, { readOnly: true });
  ({ annex: partner, html: partnerPaper } = await buildPack(db, { area: 'Barnet', to: '2018-12', threshold: null }, new Date(0)));
  ({ annex: pub, html: pubPaper } = await buildPack(db, { area: 'Barnet', to: '2018-12', threshold: 5 }, new Date(0)));
}, 180_000);
afterAll(() => db?.close());

/** The annex's block for one table: `<section class="how-made" data-table="…">…</section>`. */
const blockOf = (html: string, table: string) => {
  const m = new RegExp(`<section class="how-made" id="[\\w-]+" data-table="${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  return m?.[1] ?? null;
};
/** A block's parameter tables: file → { name: value }. */
const paramsOf = (block: string) =>
  new Map([...block.matchAll(/<caption>Parameters bound to <code>queries\/([\w-]+)\.sql<\/code><\/caption>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/g)].map((m) => [
    m[1]!,
    Object.fromEntries([...m[2]!.matchAll(/<th scope="row"><code>([^<]*)<\/code><\/th><td><code>([^<]*)<\/code><\/td>/g)].map((r) => [r[1]!, r[2]!])),
  ]));

describe('the technical annex: how each table and chart of the board paper is made', () => {
  it('names, per outcome table, every SQL file its indicators need (files that exist in queries/) and the bound windows', () => {
    for (const o of PROFILE.outcomes) {
      const block = blockOf(partner, `Outcome ${o.id}: table`);
      expect(block, `outcome ${o.id}`).not.toBeNull();
      const named = [...block!.matchAll(/<p class="small">SQL: ([^\n]*)<\/p>/g)][0]![1]!.match(/queries\/[\w-]+\.sql/g)!;
      const expected = new Set(['macros', ...o.indicators.flatMap((i) => KIND_SQL[i.kind]!)].map((f) => `queries/${f}.sql`));
      expect(new Set(named), `outcome ${o.id}`).toEqual(expected);
      for (const f of named) expect(existsSync(join(ROOT, f)), f).toBe(true);
      const params = paramsOf(block!);
      if (o.indicators.some((i) => i.kind !== 'manual')) {
        // the 12 months to December 2018 against the 12 before, and the population years
        expect(params.get('engine-counts'), `outcome ${o.id}`).toMatchObject({ cf: '2018-01', ct: '2018-12', pf: '2017-01', pt: '2017-12', ycur: '2018', yprev: '2017' });
        // the candidates are this table's own: every non-manual indicator of the outcome, keyed indicator@source
        for (const i of o.indicators.filter((x) => x.kind !== 'manual')) expect(params.get('engine-counts')!.candidates).toMatch(new RegExp(`\\b${i.id}@\\w+ \\(category`));
      }
      if (o.indicators.some((i) => i.kind === 'manual')) expect(params.has('engine-manual'), `outcome ${o.id}`).toBe(true);
      // one line per indicator of the table
      expect(block!.match(/<li>/g)).toHaveLength(o.indicators.length);
    }
  });

  it("each outcome table, the exceptions and each outcome's charts name their section of the annex, which exists", () => {
    for (const [paper, annex] of [[partnerPaper, partner], [pubPaper, pub]] as const) {
      for (const o of PROFILE.outcomes) {
        const section = new RegExp(`<section class="outcome" id="outcome-${o.id}"[\\s\\S]*?</section>`).exec(paper)![0];
        const ref = /<caption class="how-link">How these figures are made: <span class="annex-ref">Annex (\w+)<\/span>/.exec(section)![1];
        expect(ref).toBe(`A${o.id}`);
        // the reference names the annex's block for this table
        expect(annex).toContain(`<section class="how-made" id="annex-a${o.id}" data-table="Outcome ${o.id}: table" data-annex="A${o.id}">`);
        // an outcome with trend charts names their block
        if (section.includes('<figure class="chart">')) {
          expect(section).toContain(`How the charts are made: <span class="annex-ref">Annex B${o.id}</span>`);
          expect(annex).toContain(`<section class="how-made" id="annex-b${o.id}" data-table="Outcome ${o.id}: monthly trend charts" data-annex="B${o.id}">`);
        }
      }
      expect(paper).toMatch(/How these figures are made: <span class="annex-ref">Annex E<\/span>/);
      expect(annex).toContain('<section class="how-made" id="annex-e"');
      // the paper itself names no SQL file and no parameter
      expect(paper).not.toMatch(/queries\/|\.sql\b|<table class="params"/);
    }
  });

  it('names the trend SQL and its parameters for the monthly charts, and the files loaded', () => {
    const block = blockOf(partner, 'Outcome 6: monthly trend charts')!;
    expect(block).toContain('<code>queries/engine-series.sql</code>');
    const trend = paramsOf(block).get('engine-series');
    expect(trend).toMatchObject({ area: 'E09000003', to: expect.stringMatching(/^\d{4}-\d{2}$/) });
    expect(trend!.candidates.replaceAll("&#34;", '"')).toMatch(/"source":"(mps|policeuk|local)"/);
    expect(block).toContain('barnet-local-2017-2018.csv.gz');
    expect(blockOf(partner, 'Exceptions (and their chart)')).toContain('queries/engine-counts.sql');
  });

  it('a partnership pack says where each count’s rows are; a public pack offers and links none and shows no row counts', () => {
    expect(partner).toMatch(/<code>\/api\/rows\?route=outcomes&#38;area=E09000003&#38;indicator=burglary&#38;to=2018-12&amp;format=csv<\/code>/);
    expect(pub).toContain('id="how-made"');
    expect(pub).not.toContain('/api/rows');
    expect(pub).not.toMatch(/slice_rows|rows in its slices/i);
    // no link out of either document
    for (const html of [pub, pubPaper]) expect(html).not.toMatch(/<a [^>]*href="(?!#)/);
    expect(pub).toContain('the rows behind the figures are never offered');
    // the same SQL and parameters are named in public
    expect(paramsOf(blockOf(pub, 'Outcome 6: table')!).get('engine-counts')).toMatchObject({ cf: '2018-01', ct: '2018-12' });
  });

  itWith('chromium')('screenshots of the annex (partnership and public)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      for (const [name, html] of [['pack-notes', partner], ['pack-notes-public', pub]] as const) {
        const file = join(ARTIFACTS, `${name}.html`);
        writeFileSync(file, html);
        const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
        await page.goto(`file://${file}`);
        const y = await page.evaluate(() => document.querySelector('#how-made')!.getBoundingClientRect().top + window.scrollY);
        await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), clip: { x: 0, y, width: 1100, height: 1400 }, fullPage: true });
        expect(await page.locator('#how-made .how-made').count()).toBeGreaterThan(7);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
