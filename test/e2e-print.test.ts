/**
 * The dashboard's own print (Ctrl+P, issue 15): each view printed by Chromium to PDF with its print stylesheet, then
 * read back with poppler's `pdftotext -bbox`: body text at 9 pt or more, chart text at 8 pt or more, no page but the
 * last less than a quarter used, and no two words of a page drawn over each other.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ARTIFACTS, ready, useHarness } from './e2e-helpers.ts';
import { heightPerPoint } from './fonts.ts';
import { overlappingWords, pdfPages as pages, type PdfPage } from './pdf.ts';
import { describeWith } from './requires.ts';


const VIEWS: [string, string][] = [
  ['board', '/?area=Barnet&to=2018-12'],
  ['explorer', '/explore?area=Barnet&category=burglary,robbery&source=mps&from=2017-01&to=2018-12'],
  ['assessment', '/assessment?area=Barnet&to=2018-12'],
];

describeWith('chromium', 'pdftotext')('the dashboard printed (Ctrl+P): legible A4 landscape', () => {
  const h = useHarness();

  for (const [what, path] of VIEWS)
    it(`${what}: ${path}`, async () => {
      const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(h.base + path);
      await ready(page);
      await page.emulateMedia({ media: 'print' });
      // the words drawn inside charts (SVG text and chart legends), text node by text node, and the title's size
      const { chart, titlePt } = await page.evaluate(() => {
        const words = new Set<string>();
        for (const el of document.querySelectorAll('.chart, .spark, .spc-icon')) {
          const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) for (const w of (n.textContent ?? '').split(/\s+/)) if (w) words.add(w);
        }
        const h1 = document.querySelector('h1')!;
        return { chart: [...words], titlePt: (parseFloat(getComputedStyle(h1).fontSize) * 72) / 96 };
      });
      const file = join(ARTIFACTS, `print-${what}.pdf`);
      await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
      await page.close();
      const pdf = pages(file);
      expect(pdf.length).toBeGreaterThan(0);
      // A4 landscape
      for (const p of pdf) expect([Math.round(p.width), Math.round(p.height)]).toEqual([842, 595]);
      // the font's height per point of size, from the view's title: poppler's word box is the ascent + descent, 1.424
      // of the size for the shipped Source Sans 3 (test/fonts.ts reads it from the font's file; DejaVu Sans and
      // Liberation Sans, which the dashboard took from the machine before it shipped its font, measure 1.15 to 1.16)
      const firstWord = pdfTitleWord(pdf)!;
      const perPoint = (firstWord.yMax - firstWord.yMin) / titlePt;
      expect(perPoint / heightPerPoint('Source Sans 3')).toBeGreaterThan(0.99);
      expect(perPoint / heightPerPoint('Source Sans 3')).toBeLessThan(1.01);
      const inChart = new Set(chart);
      const small: string[] = [];
      for (const [n, p] of pdf.entries()) {
        const words = p.words.filter((w) => /[A-Za-z0-9]/.test(w.text));
        for (const w of words) {
          const pt = (w.yMax - w.yMin) / perPoint;
          const isChart = inChart.has(w.text) || [...inChart].some((c) => c.includes(w.text));
          const min = isChart ? 8 : 9;
          if (pt < min - 0.1) small.push(`page ${n + 1}: "${w.text}" ${pt.toFixed(2)} pt (${isChart ? 'chart' : 'body'}, at least ${min})`);
        }
      }
      expect([...new Set(small.map((s) => s.replace(/^page \d+: /, '')))].slice(0, 40), `${what}: ${small.length} words too small`).toEqual([]);
      const overlaps = overlappingWords(pdf);
      expect(overlaps.slice(0, 20), `${what}: ${overlaps.length} words drawn over each other`).toEqual([]);
      // every page but the last uses at least a quarter of its height (sections flow from page to page)
      const margin = 10 * (72 / 25.4);
      const empty = pdf.slice(0, -1).flatMap((p, i) => {
        const last = Math.max(0, ...p.words.filter((w) => w.yMax < p.height - margin).map((w) => w.yMax));
        return last < p.height / 4 ? [`page ${i + 1}: content ends at ${((100 * last) / p.height).toFixed(0)}% of its height`] : [];
      });
      expect(empty).toEqual([]);
    }, 120_000);

  /** The first word of the view's title on page 1: the largest word of the first page. */
  function pdfTitleWord(pdf: PdfPage[]) {
    return [...pdf[0]!.words].sort((a, b) => b.yMax - b.yMin - (a.yMax - a.yMin))[0];
  }
});
