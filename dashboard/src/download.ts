import { csvFormat } from 'd3';
import { SANS } from '../../core/fonts.ts';
import { escapeHtml as esc } from '../../core/format.ts';

/** What a download says about itself: the chart's title, where its figures come from and whose data it draws. */
export interface Describe {
  title: string;
  /** "Source: MPS borough-level crime (London Datastore); Barnet, Jan 2017 to Dec 2018" */
  source: string;
  /** the licence lines the data (and any boundaries) are published under */
  attribution: string[];
}

/** The parts of a download's file name: `<area>-<what>-<from>-<to>`. */
export interface Stem {
  area?: string;
  what: string;
  from?: string;
  to?: string;
}

const slug = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** `{ area: 'Barnet', what: 'trend-burglary', from: '2017-01', to: '2018-12' }` → `'barnet-trend-burglary-2017-01-2018-12'`. */
export const fileStem = ({ area, what, from, to }: Stem) => [area && slug(area), slug(what), from, to].filter(Boolean).join('-');

/** Saves a blob as a download named `filename`. */
export function save(blob: Blob, filename: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** An SVG element as markup that declares its namespace exactly once. */
const serialise = (el: Element, attrs = '') => {
  const text = new XMLSerializer().serializeToString(el);
  return text.replace(/^<svg/, `<svg${/^<svg[^>]*\sxmlns="/.test(text) ? '' : ` xmlns="${SVG_NS}"`}${attrs}`);
};

/** Splits text into lines of at most `chars` characters, at spaces. */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > chars) (lines.push(line), (line = word));
    else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** A Plot legend's swatches (HTML) as SVG: each swatch's own drawing (a square, a line, a dashed line) and its label. */
function legendSvg(chart: Element, width: number): { markup: string; height: number } {
  const swatches = [...chart.querySelectorAll('[class$="-swatch"], [class*="-swatch "]')];
  let x = 0;
  let y = 0;
  const parts: string[] = [];
  for (const s of swatches) {
    const icon = s.querySelector('svg');
    const label = (s.textContent ?? '').trim();
    const w = 15 + 6 + label.length * 6.5 + 14;
    if (x > 0 && x + w > width) (x = 0), (y += 20);
    if (icon) parts.push(serialise(icon, ` x="${x}" y="${y}"`));
    parts.push(`<text x="${x + 21}" y="${y + 12}" font-size="12">${esc(label)}</text>`);
    x += w;
  }
  // a colour ramp legend (an SVG of its own, before the chart's)
  const svgs = [...chart.querySelectorAll('svg')].filter((s) => !s.closest('[class$="-swatch"], [class*="-swatch "]'));
  for (const ramp of svgs.slice(0, -1)) {
    const h = Number(ramp.getAttribute('height')) || 50;
    parts.push(serialise(ramp, ` x="0" y="${y + (swatches.length ? 22 : 0)}"`));
    y += h + (swatches.length ? 22 : 0);
  }
  return { markup: parts.join(''), height: parts.length ? y + (swatches.length ? 22 : 0) : 0 };
}

/**
 * The chart as a self-describing SVG: its title above, its legend, the chart, then its source line and
 * attribution below, on white, so a downloaded image says what it is wherever it is pasted.
 * In the product's font: `fontCss` (from `embeddedFonts`) carries it inside the file, so the SVG, and the PNG drawn
 * from it (an image cannot reach the page's fonts), look as the chart does wherever they are opened.
 * @example composeSvg(panelChart, { title: 'Burglary: 2,837 in the 12 months…', source: 'Source: …', attribution: [] })
 */
export function composeSvg(chart: Element, d: Describe, fontCss = ''): { text: string; width: number; height: number } {
  const svgs = chart.matches('svg') ? [chart] : [...chart.querySelectorAll('svg')].filter((s) => !s.closest('[class$="-swatch"], [class*="-swatch "]'));
  const main = svgs.at(-1)!.cloneNode(true) as SVGSVGElement;
  const cw = Number(main.getAttribute('width')) || 720;
  const ch = Number(main.getAttribute('height')) || 400;
  const width = Math.max(cw, 480) + 24;
  const chars = Math.floor((width - 24) / 8);
  const title = wrap(d.title, chars);
  const foot = [...wrap(d.source, Math.floor((width - 24) / 6.2)), ...d.attribution.flatMap((a) => wrap(a, Math.floor((width - 24) / 6.2)))];
  const legend = chart.matches('svg') ? { markup: '', height: 0 } : legendSvg(chart, width - 24);
  let y = 12;
  const parts: string[] = [];
  title.forEach((line) => (parts.push(`<text x="12" y="${(y += 20)}" font-size="16" font-weight="bold">${esc(line)}</text>`)));
  y += 10;
  if (legend.height) (parts.push(`<g transform="translate(12,${y})">${legend.markup}</g>`), (y += legend.height + 6));
  main.setAttribute('x', '12');
  main.setAttribute('y', String(y));
  parts.push(serialise(main));
  y += ch + 6;
  foot.forEach((line) => parts.push(`<text x="12" y="${(y += 15)}" font-size="11" fill="#52606d">${esc(line)}</text>`));
  const height = y + 12;
  const text = `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(SANS)}" fill="#1f2933" role="img" aria-label="${esc(d.title)}"><title>${esc(d.title)}</title>${fontCss ? `<style>${fontCss}</style>` : ''}<rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
  return { text, width, height };
}

/** Downloads rows as CSV: a header row and the data, no comments (the file name says what and when). */
export const downloadCsv = (rows: Record<string, unknown>[], stem: string) => save(new Blob([csvFormat(rows)], { type: 'text/csv' }), `${stem}.csv`);

let fonts: Promise<string> | undefined;
/**
 * The @font-face rules of the page's Source Sans 3 in Latin, regular and bold (what a chart's text uses), each file
 * fetched from the dashboard's assets and embedded as a data: URL; '' when they cannot be had (the SVG then names the
 * font, and a viewer without it draws its own sans-serif).
 */
export function embeddedFonts(): Promise<string> {
  fonts ??= (async () => {
    const rules: string[] = [];
    for (const sheet of document.styleSheets)
      for (const rule of sheet.cssRules) {
        if (!(rule instanceof CSSFontFaceRule)) continue;
        const st = rule.style;
        const [family, weight, style, range] = ['font-family', 'font-weight', 'font-style', 'unicode-range'].map((p) => st.getPropertyValue(p).trim());
        if (!/Source Sans 3/.test(family!) || !['400', '700'].includes(weight!) || style !== 'normal' || !/^U\+0?0+-0?0?FF\b/i.test(range!)) continue;
        const url = /url\(["']?([^"')]+)["']?\)/.exec(st.getPropertyValue('src'))?.[1];
        if (!url) continue;
        const bytes = new Uint8Array(await (await fetch(new URL(url, sheet.href ?? location.href))).arrayBuffer());
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        rules.push(`@font-face { font-family: 'Source Sans 3'; font-weight: ${weight}; src: url(data:font/woff2;base64,${btoa(bin)}) format('woff2'); }`);
      }
    return rules.join(' ');
  })().catch(() => '');
  return fonts;
}

/** Downloads the chart as an SVG file with its title, legend, source and attribution, its font inside. */
export const downloadSvg = async (chart: Element, stem: string, d: Describe) =>
  save(new Blob([composeSvg(chart, d, await embeddedFonts()).text], { type: 'image/svg+xml' }), `${stem}.svg`);

/** Downloads the chart as a PNG at twice its size, on white, with its title, legend, source and attribution. */
export async function downloadPng(chart: Element, stem: string, d: Describe) {
  const { text, width, height } = composeSvg(chart, d, await embeddedFonts());
  const img = new Image();
  img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(img.src);
  canvas.toBlob((blob) => blob && save(blob, `${stem}.png`), 'image/png');
}
