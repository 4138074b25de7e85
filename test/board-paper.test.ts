/**
 * Issue 22, item 2: the pack as a board paper a board accepts, with its technical annex beside it. Read back from the
 * printed PDFs (poppler's pdftotext, page by page): no heading is the last line of a page, no SQL, parameter name,
 * command-line flag or source id in the paper, the cover and every running header name the area's partnership, at
 * most 12 A4 pages for the Barnet profile, and the annex names the SQL files of every table and chart of the paper
 * (the files each kind of indicator needs, written here by hand). On the bundled sample, and on a generated 14-year,
 * 33-area database (bench/ generators, kept small enough for CI).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLocal } from '../bench/generate-local.ts';
import { generatePoliceUk } from '../bench/generate-policeuk.ts';
import { loadFiles } from '../data/load.ts';
import { ROOT, SAMPLE, cliAsync, readCsv, tempDb } from './helpers.ts';
import { headingsLast, pdfPageTexts, words } from './pdf.ts';
import { describeWith } from './requires.ts';

const PROFILE: { name: string; outcomes: { id: number; title: string; indicators: { id: string; kind: string; label?: string }[] }[] } = JSON.parse(
  readFileSync(join(ROOT, 'data/profiles/barnet.json'), 'utf8'),
);
/** The statements each kind of indicator needs, by hand (macros.sql with every one). */
const KIND_SQL: Record<string, string[]> = {
  count: ['macros', 'engine-counts'],
  repeat: ['macros', 'engine-counts', 'engine-repeats'],
  share: ['macros', 'engine-counts', 'engine-shares'],
  manual: ['engine-manual'],
};

/** What a board paper never prints: SQL, the engine's parameter names, command-line flags, source ids, API paths. */
const DEVELOPER_WORDS: [string, RegExp][] = [
  ['a parameter name', /\b(cf|ct|pf|pt|ycur|yprev|specs|candidates)\b/],
  ['an SQL file', /\.sql\b|queries\/|engine-\w+/],
  ['SQL', /\b(SELECT|WHERE|GROUP BY)\b/],
  ['a command-line flag', /(^|\s)--[a-z]/],
  ['a source id', /\b(policeuk|stopsearch|mps)\b|\(local\)|source: local/],
  ['an API path', /\/api\//],
];
const developerWords = (text: string) => DEVELOPER_WORDS.flatMap(([what, re]) => (re.test(text) ? [`${what}: "${re.exec(text)![0]}"`] : []));

/** The headings of an HTML document, as text. */
const headingsOf = (html: string) =>
  [...html.matchAll(/<h[1-4][^>]*>([\s\S]*?)<\/h[1-4]>/g)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&amp;|&#38;/g, '&').replace(/\s+/g, ' ').trim(),
  );

/** Writes the pack with the real command line and reads back both PDFs page by page. */
async function pack(db: string, area: string, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), `saferboard-paper-${area.toLowerCase()}-`));
  const run = await cliAsync(['report', '--area', area, '--to', '2018-12', '--db', db, '--out', dir, ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return {
    dir,
    run,
    paper: pdfPageTexts(join(dir, 'board-pack.pdf')),
    annex: pdfPageTexts(join(dir, 'technical-annex.pdf')),
    html: readFileSync(join(dir, 'board-pack.html'), 'utf8'),
  };
}

/** The annex's text of section `ref` ("A3"): from its heading to the next section's. */
function annexSection(annex: string[], ref: string): string {
  const text = words(annex.map((p) => p.split('\n').filter((l) => !/^\s*(Technical annex ·|Page \d+ of \d+)/.test(l.trim())).join('\n')).join('\n'));
  const start = text.indexOf(`Annex ${ref}. `);
  if (start < 0) return '';
  const next = text.slice(start + 8).search(/Annex [A-Z]\d*\. /);
  return next < 0 ? text.slice(start) : text.slice(start, start + 8 + next);
}

/** The checks every board paper passes, whatever its data. */
function checkPaper(get: () => Awaited<ReturnType<typeof pack>>, partnership: string) {
  it('no heading is the last line of a page', () => {
    const { paper, html } = get();
    expect(headingsLast(paper, headingsOf(html))).toEqual([]);
  });

  it('prints no SQL, parameter name, command-line flag, source id or API path', () => {
    const text = get().paper.join('\n');
    expect(developerWords(text)).toEqual([]);
  });

  it(`names ${partnership} on the cover and in the running header of every later page`, () => {
    const { paper } = get();
    expect(words(paper[0]!).toLowerCase()).toContain(partnership.toLowerCase());
    for (const [n, p] of paper.slice(1).entries()) {
      const header = p.split('\n').find((l) => l.trim())!.trim();
      expect(header, `page ${n + 2}`).toContain(partnership);
    }
  });

  it('is at most 12 A4 pages: one page per outcome, each pointing to its annex section', () => {
    const { paper } = get();
    expect(paper.length).toBeLessThanOrEqual(12);
    const text = words(paper.join('\n'));
    for (const o of PROFILE.outcomes) expect(text, `outcome ${o.id}`).toContain(`How these figures are made: Annex A${o.id} of the technical annex`);
    // each outcome's heading starts a page (its number badge and title on the page's first line of content)
    for (const o of PROFILE.outcomes) {
      const first = words(o.title.replaceAll('{area}', 'Barnet')).slice(0, 30);
      const page = paper.findIndex((p) => words(p.split('\n').filter((l) => l.trim()).slice(1, 3).join(' ')).includes(first));
      expect(page, `outcome ${o.id} starts a page`).toBeGreaterThan(0);
    }
  });

  it('the annex names the SQL files of every table and chart of the paper, and each indicator of each table', () => {
    const { annex, html } = get();
    for (const o of PROFILE.outcomes) {
      const section = annexSection(annex, `A${o.id}`);
      expect(section, `Annex A${o.id}`).not.toBe('');
      for (const f of new Set(o.indicators.flatMap((i) => KIND_SQL[i.kind]!))) expect(section, `Annex A${o.id}`).toContain(`queries/${f}.sql`);
      // the paper's chart key points to B<n> only where the outcome has charts; B<n> then names the series statement
      const charts = new RegExp(`<section class="outcome" id="outcome-${o.id}"[\\s\\S]*?</section>`).exec(html)![0];
      if (charts.includes('<figure class="chart">')) {
        expect(charts).toContain(`Annex B${o.id}`);
        expect(annexSection(annex, `B${o.id}`), `Annex B${o.id}`).toContain('queries/engine-series.sql');
      }
    }
    // every indicator of each table has its line in its section (labels from the pack's own indicators.csv)
    for (const r of readCsv(join(get().dir, 'indicators.csv')))
      expect(annexSection(annex, `A${r.outcome_id}`), `Annex A${r.outcome_id}`).toContain(`${words(r.indicator_label!)}: `);
    // the engine's parameters are in the annex, bound by name
    expect(words(annex.join('\n'))).toMatch(/\bcf 2018-01\b/);
  });
}

describeWith('chromium', 'pdftotext')('the board paper and its annex, on the bundled sample', () => {
  let db: string;
  let barnet: Awaited<ReturnType<typeof pack>>;
  let haringey: Awaited<ReturnType<typeof pack>>;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([SAMPLE], { db });
    [barnet, haringey] = await Promise.all([pack(db, 'Barnet'), pack(db, 'Haringey')]);
  }, 300_000);

  describe('Barnet', () => checkPaper(() => barnet, PROFILE.name));

  describe('Haringey', () => {
    it("names Haringey's own partnership on the cover and every running header, never Barnet's", () => {
      const name = 'Haringey Community Safety Partnership';
      expect(words(haringey.paper[0]!).toLowerCase()).toContain(name.toLowerCase());
      for (const p of haringey.paper.slice(1)) expect(p.split('\n').find((l) => l.trim())).toContain(name);
      for (const doc of [haringey.paper, haringey.annex]) expect(doc.join('\n')).not.toContain(PROFILE.name);
    });
    it('prints no developer words either', () => expect(developerWords(haringey.paper.join('\n'))).toEqual([]));
  });

  it('the checks can fail: a heading at the foot of a page, and developer words, are caught', () => {
    expect(headingsLast(['Header\nSome text\n 6 Sustained reductions in high-volume\n   Page 3 of 9\n'], ['6 Sustained reductions in high-volume crime (for Barnet: burglary)'])).toHaveLength(1);
    expect(headingsLast(['Header\n 6 Sustained reductions\nIndicator  12 months\n   Page 3 of 9\n'], ['6 Sustained reductions'])).toEqual([]);
    expect(developerWords('bound cf = 2018-01 from queries/engine-counts.sql; source policeuk; run with --public')).toHaveLength(4);
    expect(developerWords('MPS borough-level crime; police.uk; local extract; 3 pts')).toEqual([]);
  });
});

describeWith('chromium', 'pdftotext')('the board paper of a generated 14-year, 33-area database', () => {
  let paper: Awaited<ReturnType<typeof pack>>;
  beforeAll(async () => {
    // 14 years of local incidents over the 32 boroughs and the City (bench/generate-local.ts), and a year of
    // police.uk street files for the London ranks: small enough to load and print in well under a minute
    const dir = mkdtempSync(join(tmpdir(), 'saferboard-gen14-'));
    generateLocal({ file: join(dir, 'local.csv'), rows: 20_000, months: 168, start: '2005-01', seed: 12 });
    generatePoliceUk({ out: join(dir, 'police-uk'), rows: 12_000, months: 12, start: '2018-01', seed: 11 });
    const db = tempDb();
    await loadFiles([dir], { db });
    paper = await pack(db, 'Barnet');
  }, 300_000);

  checkPaper(() => paper, PROFILE.name);

  it('covers the 14 years on its cover', () => {
    expect(words(paper.paper[0]!)).toMatch(/local incident extracts: Jan 2005 to Dec 2018/);
  });
});
