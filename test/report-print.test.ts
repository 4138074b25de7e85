import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { ROOT, SAMPLE, cliAsync, tempDb } from './helpers.ts';
import { heightPerPoint, inside, monoRuns, type Box } from './fonts.ts';
import { overlappingWords, pdfPages as pages, type PdfPage as Page } from './pdf.ts';
import { describeWith } from './requires.ts';


// the outcomes' titles as the profile states them
const TITLES: string[] = JSON.parse(readFileSync(join(ROOT, 'data/profiles/barnet.json'), 'utf8')).outcomes.map((o: { title: string }) => o.title.replaceAll('{area}', 'Barnet'));

/** The shipped fonts' word-box height per point (test/fonts.ts reads it from their files): the pack uses no other font. */
const SANS = heightPerPoint('Source Sans 3');
const MONO = heightPerPoint('Source Code Pro');

/** The words of the pack's HTML outside its charts and inside them (an SVG or a chart legend). */
function wordSets(html: string) {
  // (a quiet console: jsdom cannot parse the @page margin boxes and would say so)
  const { document } = new JSDOM(html, { virtualConsole: new VirtualConsole() }).window;
  const split = (s: string | null) => (s ?? '').split(/\s+/).filter(Boolean);
  const chart = new Set<string>();
  const charts = 'figure.chart svg, figure.chart figure, figure.chart [class*="-swatches"]';
  // text node by text node: an SVG's textContent runs its labels together
  for (const el of document.querySelectorAll(charts)) {
    const walk = document.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) for (const w of split(n.textContent)) chart.add(w);
  }
  for (const el of document.querySelectorAll(`${charts}, style, title`)) el.remove();
  return { body: new Set(split(document.body.textContent)), chart };
}

describeWith('chromium', 'pdftotext')('saferboard report --paper: legible at A4 and A3', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([SAMPLE], { db });
  }, 180_000);

  for (const [paper, width, height] of [['a4', 842, 595], ['a3', 1191, 842]] as const)
    describe(paper, () => {
      let dir: string;
      let pdf: Page[];
      let words: ReturnType<typeof wordSets>;
      let mono: Box[][];
      // the font's height per point of size, from the cover's title (24 pt in the stylesheet): poppler's word box is
      // the font's ascent + descent, 1.424 of the size for the shipped Source Sans 3 (test/fonts.ts reads it from the
      // font's file; it was about 1.16 for DejaVu Sans when the pack took the machine's fonts). Words in code are in
      // Source Code Pro, whose box is 1.257 of its size (poppler's pdftohtml says which runs of text are in it): their
      // size is their height over perPoint * MONO / SANS.
      let perPoint: number;
      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), `saferboard-print-${paper}-`));
        const args = ['report', '--area', 'Barnet', '--to', '2018-12', '--db', db, '--out', dir, ...(paper === 'a4' ? [] : ['--paper', paper])];
        const r = await cliAsync(args);
        expect(r.code, r.stderr).toBe(0);
        pdf = pages(join(dir, 'board-pack.pdf'));
        words = wordSets(readFileSync(join(dir, 'board-pack.html'), 'utf8'));
        mono = monoRuns(join(dir, 'board-pack.pdf'));
        const title = pdf[0]!.words.find((w) => w.text === 'Safer' && w.yMax - w.yMin > 20)!;
        perPoint = (title.yMax - title.yMin) / 24;
      }, 240_000);

      it(`is landscape ${paper.toUpperCase()} (${width} x ${height} pt) on every page`, () => {
        expect(pdf.length).toBeGreaterThan(2);
        for (const p of pdf) expect([Math.round(p.width), Math.round(p.height)]).toEqual([width, height]);
        // the title is drawn in the shipped font (DejaVu Sans or Liberation Sans would measure 1.15 to 1.16)
        expect(perPoint / SANS).toBeGreaterThan(0.99);
        expect(perPoint / SANS).toBeLessThan(1.01);
      });

      it('prints body text at 9 pt or more and chart text at 8 pt or more', () => {
        const small: string[] = [];
        for (const [n, p] of pdf.entries())
          for (const w of p.words) {
            // (a dash or symbol too: the pack has no fallback font with other metrics, report-pack.test.ts checks)
            const pt = (w.yMax - w.yMin) / (inside(w, mono[n]!) ? (perPoint * MONO) / SANS : perPoint);
            // a word drawn in a chart (or its legend) may be chart text (8 pt); any other word is body text (9 pt)
            // (poppler may split a word at a glyph it positions apart: "I" "ntegrated")
            const inChart = words.chart.has(w.text) || [...words.chart].some((c) => c.includes(w.text));
            const min = inChart ? 8 : 9;
            // 0.1 pt of rounding in poppler's box
            if (pt < min - 0.1) small.push(`page ${n + 1}: "${w.text}" ${pt.toFixed(2)} pt (${inChart ? 'chart' : 'body'}, at least ${min})`);
          }
        expect(small.slice(0, 20), `${small.length} words too small`).toEqual([]);
      });

      it('draws no word over another (labels, tables and charts alike)', () => {
        const overlaps = overlappingWords(pdf);
        expect(overlaps.slice(0, 20), `${overlaps.length} words drawn over others`).toEqual([]);
      });

      it("has no near-empty page: every page but the cover and an outcome's own page uses at least a quarter of its height", () => {
        // the running header and the page number sit in the margins; the content is what lies between them
        const margin = 13 * (72 / 25.4);
        // the board paper gives each outcome a page of its own (issue 22): an outcome with one or two indicators and
        // no chart may leave its page short; a page that only continues an outcome, or any other section, may not
        const outcomePage = (content: Page['words']) => {
          const top = Math.min(...content.map((w) => w.yMin));
          const line = content.filter((w) => w.yMin < top + 4).sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' ');
          return TITLES.some((t) => line.includes(t.split(' ').slice(0, 4).join(' ')));
        };
        const empty = pdf.slice(1).flatMap((p, i) => {
          const content = p.words.filter((w) => w.yMin > margin && w.yMax < p.height - margin);
          const last = Math.max(0, ...content.map((w) => w.yMax));
          return last < p.height / 4 && !outcomePage(content) ? [`page ${i + 2}: content ends at ${((100 * last) / p.height).toFixed(0)}% of its height`] : [];
        });
        expect(empty).toEqual([]);
        // (the exemption holds for outcome pages only: the exceptions page and the glossary are not outcome pages)
        expect(pdf.slice(1).filter((p) => outcomePage(p.words.filter((w) => w.yMin > margin && w.yMax < p.height - margin))).length).toBe(TITLES.length);
      });
    });
});
