import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../core/months.ts';
import { trendChart, type TrendRow } from '../charts/trend.ts';
import { composeSvg, fileStem } from '../dashboard/src/download.ts';

const { window } = new JSDOM('<!doctype html><body></body>');
const { document } = window;
// composeSvg serialises with the browser's XMLSerializer: jsdom's here
globalThis.XMLSerializer = window.XMLSerializer;

// 24 months of made-up counts, 100 + the month's index; the rolling figure only from the 12th month
const ROWS: TrendRow[] = Array.from({ length: 24 }, (_, i) => ({ month: addMonths('2017-01', i), count: 100 + i, rolling_12m: i >= 11 ? 1200 + i : null }));
const TITLE = 'Burglary: 1,223 in the 12 months to December 2018, up 1% on the 12 months before';
const SOURCE = 'Source: MPS borough-level crime (London Datastore); Barnet, Jan 2017 to Dec 2018. Made with saferboard.';
const OGL = 'Contains public sector information licensed under the Open Government Licence v3.0.';

/** The words of an SVG's text elements, one string per element, as a reader of the file would see them. */
const texts = (svg: string) => [...new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document.querySelectorAll('text')].map((t) => t.textContent ?? '');

describe('a downloaded chart describes itself', () => {
  const chart = trendChart(ROWS, { from: '2017-01', to: '2018-12', label: 'Burglary', document });
  const { text, width, height } = composeSvg(chart, { title: TITLE, source: SOURCE, attribution: [OGL] });
  const words = texts(text).join(' ');

  it('is one standalone SVG document, on white, wider and taller than the chart alone', () => {
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(() => new window.DOMParser().parseFromString(text, 'image/svg+xml')).not.toThrow();
    expect(new window.DOMParser().parseFromString(text, 'image/svg+xml').querySelector('parsererror')).toBeNull();
    expect(text).toContain('fill="white"');
    expect(width).toBeGreaterThanOrEqual(720);
    expect(height).toBeGreaterThan(280);
  });

  it('carries the title, the legend, the source line and the attribution as text', () => {
    // the title wraps at spaces: its words in order
    expect(words.replace(/\s+/g, ' ')).toContain(TITLE);
    // the legend of the trend chart, as the chart's own legend names its series
    for (const series of ['Monthly count', 'Same month last year', 'Rolling 12-month average']) expect(texts(text)).toContain(series);
    expect(words.replace(/\s+/g, ' ')).toContain(SOURCE);
    expect(words.replace(/\s+/g, ' ')).toContain(OGL);
    // and the chart itself: its 24 bars
    const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelectorAll('g[aria-label="rect"] rect').length).toBe(24);
  });

  it("is in the product's font, and carries it inside when given its @font-face rules (an image reaches no page font)", () => {
    expect(text).toMatch(/^<svg [^>]*font-family="(&#39;|')Source Sans 3(&#39;|'), sans-serif"/);
    expect(text).not.toContain('system-ui');
    expect(text).not.toContain('<style>@font-face');
    const face = "@font-face { font-family: 'Source Sans 3'; font-weight: 400; src: url(data:font/woff2;base64,AAAA) format('woff2'); }";
    const withFont = composeSvg(chart, { title: TITLE, source: SOURCE, attribution: [OGL] }, face).text;
    expect(withFont).toContain(`<style>${face}</style>`);
    expect(new window.DOMParser().parseFromString(withFont, 'image/svg+xml').querySelector('parsererror')).toBeNull();
  });

  it('a chart without a legend composes too (no legend rows)', () => {
    const bare = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    bare.setAttribute('width', '300');
    bare.setAttribute('height', '100');
    const out = composeSvg(bare, { title: 'A title', source: 'Source: x', attribution: [] });
    expect(texts(out.text)).toEqual(['A title', 'Source: x']);
  });
});

describe('download file names', () => {
  it('are <area>-<what>-<from>-<to>, lower case, with any other character a hyphen', () => {
    expect(fileStem({ area: 'Barnet', what: 'trend-burglary', from: '2017-01', to: '2018-12' })).toBe('barnet-trend-burglary-2017-01-2018-12');
    expect(fileStem({ area: 'Kingston upon Thames', what: 'london-burglary', from: '2017-01', to: '2018-12' })).toBe('kingston-upon-thames-london-burglary-2017-01-2018-12');
    expect(fileStem({ area: 'Barking and Dagenham', what: 'rank-history', to: '2018-12' })).toBe('barking-and-dagenham-rank-history-2018-12');
    expect(fileStem({ what: 'changes' })).toBe('changes');
  });
});
