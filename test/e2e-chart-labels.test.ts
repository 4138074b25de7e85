import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { monthRange, prng } from '../bench/synthetic.ts';
import { buildPack } from '../api/report/index.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { ARTIFACTS, openPage, start, type Harness } from './e2e-helpers.ts';
import { MPS_SAMPLE, SAMPLE, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';


/**
 * A long MPS borough-level file: 14 years of months (2010-01 to 2023-12) for 33 areas (the 32 boroughs of the
 * sample and the City of London in place of its airports row), each borough × minor category around the sample's
 * own monthly mean, with a winter season, a per-borough drift (so ranks move) and noise; seeded, so the same bytes.
 */
function longMps(file: string, { start = '2010-01', months = 168, seed = 15 } = {}) {
  const rand = prng(seed);
  const lines = readFileSync(MPS_SAMPLE, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const first = header.findIndex((h) => /^\d{6}$/.test(h));
  const range = monthRange(start, months);
  const out = [[...header.slice(0, first), ...range.map((m) => m.replace('-', ''))].join(',')];
  const drift = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const fields = line.split(',');
    const area = fields[0] === 'London Heathrow and London City Airports' ? 'City of London' : fields[0]!;
    const values = fields.slice(first).map(Number);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const key = `${area}|${fields[1]}`;
    if (!drift.has(key)) drift.set(key, (rand() - 0.5) * 0.12);
    const d = drift.get(key)!;
    const counts = range.map((m, i) => {
      const month = Number(m.slice(5));
      const season = 1 + 0.15 * Math.cos(((month - 1) / 12) * 2 * Math.PI);
      const level = Math.max(0.2, 1 + d * (i / 12 - 7));
      return Math.max(0, Math.round(mean * season * level * (0.85 + 0.3 * rand())));
    });
    out.push([area, ...fields.slice(1, first), ...counts].join(','));
  }
  writeFileSync(file, out.join('\n') + '\n');
  return { months: range, areas: new Set(lines.slice(1).map((l) => l.split(',')[0])).size };
}

interface Fault {
  chart: string;
  what: string;
  labels: [string, string];
}

/**
 * Every overlap of labels in every chart of the page: two tick labels of one axis (Plot's "x-axis tick label"…
 * groups, and a legend ramp's ticks), two text marks (end labels, bar labels, cell labels), or a text mark and a
 * dashed reference rule it is not the label of; and any tick label or text mark cut off by its chart's edge.
 * A pixel of tolerance on each side.
 */
async function overlaps(page: Page): Promise<Fault[]> {
  return page.evaluate(() => {
    const faults: { chart: string; what: string; labels: [string, string] }[] = [];
    type Box = { el: Element; r: DOMRect };
    const box = (el: Element): Box | null => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? { el, r } : null;
    };
    const hit = (a: DOMRect, b: DOMRect, tol = 1) =>
      a.left < b.right - tol && b.left < a.right - tol && a.top < b.bottom - tol && b.top < a.bottom - tol;
    const name = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const pairs = (chart: string, what: string, boxes: Box[]) => {
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          if (hit(boxes[i]!.r, boxes[j]!.r)) faults.push({ chart, what, labels: [name(boxes[i]!.el), name(boxes[j]!.el)] });
    };
    for (const svg of document.querySelectorAll('svg')) {
      const panel = svg.closest('[data-panel]')?.getAttribute('data-panel') ?? svg.closest('section, .tile, article')?.querySelector('h2, h3')?.textContent ?? '(page)';
      const chart = `${panel}: ${svg.getAttribute('aria-label') ?? (svg.closest('figure') ? 'legend' : 'svg')}`;
      // a label cut off by the edge of its chart (an SVG does not draw outside itself)
      const frame = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll(':scope > g[aria-label$="tick label"] text, :scope > g[aria-label="text"] text')) {
        const b = box(t);
        if (b && (b.r.left < frame.left - 1 || b.r.right > frame.right + 1)) faults.push({ chart, what: 'label cut off at the edge', labels: [name(t), `${Math.round(b.r.left - frame.left)}..${Math.round(b.r.right - frame.left)} of ${Math.round(frame.width)} px`] });
      }
      // the axes Plot draws: one group per axis
      for (const g of svg.querySelectorAll(':scope > g[aria-label$="tick label"]'))
        pairs(chart, g.getAttribute('aria-label')!, [...g.querySelectorAll('text')].map(box).filter((b): b is Box => !!b));
      // a legend ramp's ticks (d3-axis)
      const ticks = [...svg.querySelectorAll('g.tick text')].map(box).filter((b): b is Box => !!b);
      if (ticks.length) pairs(chart, 'legend tick label', ticks);
      // text marks, across every text group of the chart
      const marks = [...svg.querySelectorAll(':scope > g[aria-label="text"] text')].map(box).filter((b): b is Box => !!b);
      pairs(chart, 'text mark', marks);
      // mark positions: on a chart of monthly bars, each line's last point (and each marker) lies within a bar, in
      // its middle half: a month's line point and bar share the month's middle (not a line at the 1st of the month)
      const bars = [...svg.querySelectorAll(':scope > g[aria-label="rect"] rect')].map((r) => r.getBoundingClientRect()).filter((r) => r.width > 0);
      if (bars.length >= 3 && bars.every((b) => Math.abs(b.width - bars[0]!.width) < bars[0]!.width * 0.2)) {
        const onBar = (x: number) => bars.some((b) => x > b.left + 0.25 * b.width && x < b.right - 0.25 * b.width);
        for (const path of svg.querySelectorAll<SVGPathElement>(':scope > g[aria-label="line"]:not(.spc-limit) path')) {
          const ctm = path.getScreenCTM();
          const length = path.getTotalLength();
          if (!ctm || !length) continue;
          const end = new DOMPoint(path.getPointAtLength(length).x, path.getPointAtLength(length).y).matrixTransform(ctm);
          if (!onBar(end.x)) faults.push({ chart, what: "line's last point off its month's bar", labels: [path.closest('g')?.getAttribute('class') ?? 'line', `x = ${Math.round(end.x)}`] });
        }
        for (const dot of svg.querySelectorAll(':scope > g[aria-label="dot"] path, :scope > g[aria-label="dot"] circle')) {
          const r = dot.getBoundingClientRect();
          if (!onBar(r.left + r.width / 2)) faults.push({ chart, what: "marker off its month's bar", labels: [dot.closest('g')?.getAttribute('class') ?? 'dot', `x = ${Math.round(r.left + r.width / 2)}`] });
        }
      }
      // a line (a funnel's limits, a trend's lines) through a text mark: sampled every 2 px along its path
      for (const path of svg.querySelectorAll<SVGPathElement>(':scope > g[aria-label="line"] path')) {
        const ctm = path.getScreenCTM();
        const length = path.getTotalLength();
        if (!ctm || !length) continue;
        for (const m of marks) {
          const r = m.r;
          for (let at = 0; at <= length; at += 2) {
            const p = new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(ctm);
            if (p.x > r.left + 1 && p.x < r.right - 1 && p.y > r.top + 1 && p.y < r.bottom - 1) {
              faults.push({ chart, what: 'line through a text mark', labels: [path.closest('g')?.getAttribute('class') ?? 'line', name(m.el)] });
              break;
            }
          }
        }
      }
      // a dashed reference rule (London's rate) crossing a text mark that is not its own label
      for (const line of svg.querySelectorAll(':scope > g[aria-label="rule"] line[stroke-dasharray], :scope > g[aria-label="rule"][stroke-dasharray] line')) {
        const l = box(line) ?? (() => {
          const r = line.getBoundingClientRect();
          return { el: line, r: new DOMRect(r.x - 0.75, r.y, r.width + 1.5, r.height) };
        })();
        for (const m of marks)
          if (!m.el.closest('g')?.classList.contains('rule-label') && hit(l.r, m.r, 0.5)) faults.push({ chart, what: 'dashed rule over a text mark', labels: ['rule', name(m.el)] });
      }
    }
    return faults;
  });
}

const report = (faults: Fault[]) =>
  faults.map((f) => `  ${f.chart} [${f.what}]: "${f.labels[0]}" ${f.what.includes('cut off') ? 'spans' : f.what.includes(' off ') ? 'at' : 'overlaps'} "${f.labels[1]}"`).join('\n');

/** Opens a view, waits for its panels, screenshots it and checks every chart's labels. */
async function check(h: Harness, path: string, shot?: string) {
  const { page, errors } = await openPage(h, path);
  const charts = await page.locator('svg[role="img"]').count();
  if (shot) {
    await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
    // each panel on its own too, to look at closely
    for (const p of await page.locator('section.panel').all())
      await p.screenshot({ path: join(ARTIFACTS, shot.replace('.png', `-${await p.getAttribute('data-panel')}.png`)) });
  }
  const faults = await overlaps(page);
  const failed = await page.locator('section.panel[data-state="error"]').allTextContents();
  await page.close();
  return { charts, faults, errors, failed };
}

/** The HTML board pack for an area, built in-process from a database (before the server opens it). */
async function packOf(db: string, area: string, to: string) {
  const open = await Database.open(db, { readOnly: true });
  try {
    return (await buildPack(open, { area, to, threshold: null }, new Date('2024-01-15T12:00:00Z'))).html;
  } finally {
    open.close();
  }
}

/** The pack's charts (the dashboard's chart modules, drawn on the server) checked as the views are. */
async function checkPack(h: Harness, html: string, shot: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'saferboard-pack-')), 'board-pack.html');
  writeFileSync(file, html);
  const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`file://${file}`);
  const charts = await page.locator('svg').count();
  await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
  const figures = await page.locator('figure.chart').all();
  for (const [i, f] of figures.slice(0, 6).entries()) await f.screenshot({ path: join(ARTIFACTS, shot.replace('.png', `-figure-${i + 1}.png`)) });
  const faults = await overlaps(page);
  await page.close();
  return { charts, faults };
}

/** A view's charts checked: at least one drawn, no label fault, no panel in error, no console error. */
async function checkView(h: Harness, path: string, shot?: string) {
  const { charts, faults, errors, failed } = await check(h, path, shot);
  expect(charts).toBeGreaterThan(0);
  expect(faults, `overlapping labels on ${path}:\n${report(faults)}`).toEqual([]);
  expect(failed, `panels in error on ${path}`).toEqual([]);
  expect(errors).toEqual([]);
}

/** The HTML pack's charts checked the same way. */
async function checkPackView(h: Harness, pack: string, shot: string) {
  const { charts, faults } = await checkPack(h, pack, shot);
  expect(charts).toBeGreaterThan(0);
  expect(faults, `overlapping labels in the pack:\n${report(faults)}`).toEqual([]);
}

describeWith('chromium')('chart labels never overlap (Chromium), on the sample data', () => {
  let h: Harness;
  let pack = '';
  beforeAll(async () => {
    const db = tempDb();
    await loadFiles([SAMPLE], { db });
    pack = await packOf(db, 'Barnet', '2018-12');
    h = await start({ db });
  }, 180_000);
  afterAll(async () => h?.stop());

  for (const [path, shot] of [
    ['/?area=Barnet&to=2018-12', undefined],
    ['/explore?area=Barnet&category=burglary,robbery&source=mps&from=2017-01&to=2018-12', 'labels-explore.png'],
    ['/explore?area=Camden&category=burglary,violence-and-sexual-offences&source=policeuk&from=2018-01&to=2018-03', 'labels-explore-camden.png'],
    ['/explore?area=Camden&category=burglary&source=mps&from=2017-01&to=2017-06', undefined],
    ['/assessment?area=Barnet&to=2018-12', 'labels-assessment.png'],
  ] as const)
    it(path, () => checkView(h, path, shot), 90_000);

  it('the HTML board pack', () => checkPackView(h, pack, 'labels-pack.png'), 90_000);
});

describeWith('chromium')('chart labels never overlap (Chromium), on 14 years of monthly data for 33 areas', () => {
  let h: Harness;
  let pack = '';
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferboard-long-'));
    const file = join(dir, 'mps-borough-2010-2023.csv');
    const made = longMps(file);
    expect([made.months.length, made.areas]).toEqual([168, 33]);
    const db = tempDb();
    // and the sample's local extract (Barnet, 2017-2018), for the knife-crime panel
    await loadFiles([file, join(SAMPLE, 'local')], { db });
    pack = await packOf(db, 'Barnet', '2023-12');
    h = await start({ db });
  }, 300_000);
  afterAll(async () => h?.stop());

  for (const [path, shot] of [
    ['/explore?area=Barnet&category=burglary,robbery&source=mps&from=2010-01&to=2023-12', 'long-explore.png'],
    ['/explore?area=Camden&category=violence-with-injury&source=mps&from=2010-01&to=2012-06', 'long-explore-early.png'],
    ['/assessment?area=Barnet&to=2023-12', 'long-assessment.png'],
    ['/assessment?area=Westminster&to=2023-12', undefined],
    ['/?area=Barnet', 'long-board.png'],
  ] as const)
    it(path, () => checkView(h, path, shot), 120_000);

  it('the HTML board pack', () => checkPackView(h, pack, 'long-pack.png'), 90_000);
});
