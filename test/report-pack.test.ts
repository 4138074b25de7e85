import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { indicatorRows } from '../api/report/rows.ts';
import type { Outcomes } from '../api/report/data.ts';
import { ROOT, SAMPLE, cli, cliAsync, readCsv, tempDb } from './helpers.ts';
import { describeWith } from './requires.ts';

// the titles as the configuration states them, not as the pack prints them
const TITLES: string[] = JSON.parse(readFileSync(join(ROOT, 'data/profiles/barnet.json'), 'utf8')).outcomes.map((o: { title: string }) => o.title.replaceAll('{area}', 'Barnet'));
const FILES = ['board-pack.pdf', 'board-pack.html', 'technical-annex.pdf', 'technical-annex.html', 'indicators.csv', 'exceptions.csv'];
const TO = '2018-12';

let dbPath: string;
let db: Database;
const out = (name: string) => mkdtempSync(join(tmpdir(), `saferboard-pack-${name}-`));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const withoutProducedOn = (html: string) => html.replace(/^<p class="produced">Produced on .*<\/p>$/m, '');

beforeAll(async () => {
  dbPath = tempDb();
  await loadFiles([SAMPLE], { db: dbPath });
  db = await Database.open(dbPath, { readOnly: true });
}, 180_000);
afterAll(() => db?.close());

/** Compares one `indicators.csv` row with the `/api/outcomes` indicator, figure for figure. */
function sameFigures(row: Record<string, string>, ind: Record<string, any>, outcomeId: number) {
  const expectCell = (csv: string, json: unknown, what: string) => {
    if (json === null || json === undefined) expect(csv, what).toBe('');
    else if (typeof json === 'number') expect(Number(csv), what).toBe(json);
    else expect(csv, what).toBe(String(json));
  };
  expect(Number(row.outcome_id)).toBe(outcomeId);
  const id = ind.id as string;
  for (const k of ['label', 'kind', 'unit', 'polarity', 'source', 'source_rule', 'from', 'to', 'state', 'months', 'months_covered', 'current', 'previous', 'change', 'pct_change',
    'rate_per_1000', 'rank', 'of', 'rank_source', 'vs_london', 'vs_london_95', 'value', 'target', 'period_end', 'rag', 'complete', 'note', 'summary'])
    expectCell(row[k === 'label' ? 'indicator_label' : k]!, ind[k], `${id}.${k}`);
  for (const k of ['test', 'p_value', 'z', 'significant', 'direction']) expectCell(row[k]!, ind.significance?.[k], `${id}.significance.${k}`);
  // the engine counts victims, or places (unit 'location'), under the keys victims, repeat_victims, repeat_victim_rate
  const places = ind.repeat?.unit === 'location';
  for (const [k, key, ofPlaces] of [['victims', 'victims', false], ['repeat_victims', 'repeat_victims', false], ['repeat_victim_rate', 'repeat_victim_rate', false],
    ['locations', 'victims', true], ['repeat_locations', 'repeat_victims', true], ['repeat_location_rate', 'repeat_victim_rate', true]] as const)
    expectCell(row[k]!, places === ofPlaces ? ind.repeat?.[key] : null, `${id}.repeat.${k}`);
  for (const k of ['incidents', 'repeat_incidents', 'repeat_incident_rate'])
    expectCell(row[k]!, ind.repeat?.[k], `${id}.repeat.${k}`);
  expect(row.missing_months).toBe(ind.missing_months.join(' '));
}

/**
 * Every way an HTML file could make a request: absolute or protocol-relative URLs, imports, url() to non-data URIs,
 * scripts. A data: URL's own content (the embedded fonts' base64 may hold "//") is no request and is not scanned.
 */
function externalRequests(page: string): string[] {
  const found: string[] = [];
  const html = page.replace(/(url\(\s*['"]?data:)[^)'"]*/gi, '$1');
  for (const re of [/https?:/gi, /(?<![:])\/\/[^\s"'<>]*/g, /@import/gi, /url\(\s*(?!['"]?data:)[^)]*\)/gi, /<script/gi, /<link[^>]*href/gi, /\b(?:src|href|srcset|action|poster)\s*=\s*["']?(?!#|data:)[^"'\s>]+/gi])
    for (const m of html.matchAll(re)) found.push(m[0]);
  return found;
}

describeWith('chromium', 'pdftotext')('saferboard report on the sample data', () => {
  let dir: string;
  let again: string;
  let run: ReturnType<typeof cli>;
  beforeAll(async () => {
    dir = out('a');
    again = out('b');
    [run] = await Promise.all([cliAsync(['report', '--area', 'Barnet', '--to', TO, '--db', dbPath, '--out', dir]), cliAsync(['report', '--area', 'Barnet', '--to', TO, '--db', dbPath, '--out', again])]);
  }, 240_000);

  it('writes the paper, its annex (each as PDF and HTML) and the two CSV files, and exits 0', () => {
    expect(run.code, run.stderr).toBe(0);
    for (const f of FILES) expect(existsSync(join(dir, f)), f).toBe(true);
    for (const f of ['board-pack.pdf', 'technical-annex.pdf']) expect(readFileSync(join(dir, f)).subarray(0, 5).toString(), f).toBe('%PDF-');
  });

  it('prints a PDF with at least one page per two outcomes, containing every outcome title', () => {
    const pdf = join(dir, 'board-pack.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(TITLES.length / 2));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    // titles wrap across lines (and at hyphens) in a table-like layout: compare word sequences
    const words = text.replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ');
    for (const t of TITLES) expect(words, t).toContain(t);
    expect(words).toContain('Exceptions and unusual months');
    expect(words).toContain('Status at a glance');
    expect(words).toContain('Glossary');
    expect(words).toMatch(/Page 2 of \d+/);
  });

  it('writes a self-contained HTML page: seven outcome sections, each with a trend chart per charted count indicator, and nothing to fetch', async () => {
    const html = read(dir, 'board-pack.html');
    const sections = [...html.matchAll(/<section class="outcome" id="outcome-(\d+)"[^>]*>([\s\S]*?)<\/section>/g)];
    expect(sections).toHaveLength(7);
    // a chart for each count indicator with a series of at least 13 months (the sample's local extract covers 24)
    const body = await (await createApp(db).request(`/api/outcomes?area=Barnet&to=${TO}`)).json();
    for (const s of sections) {
      const o = body.outcomes.find((x: any) => x.id === Number(s[1]));
      const charted = o.indicators.filter((i: any) => i.kind === 'count' && (i.series ?? []).filter((r: any) => r.count !== null).length >= 13);
      expect(s[2]!.match(/<figure class="chart">/g)?.length ?? 0, `outcome ${s[1]}`).toBe(charted.length);
      expect(s[2]!.match(/<svg/g)?.length ?? 0, `outcome ${s[1]}`).toBe(charted.length);
    }
    expect(html.match(/<figure class="chart">/g)!.length).toBeGreaterThan(10);
    // count indicators have their monthly trend: residential burglary among them
    expect(html).toMatch(/Residential burglary<\/strong>, Jan 2016 to Dec 2018|Residential burglary<\/strong>, Jan 2017 to Dec 2018/);
    expect(externalRequests(html)).toEqual([]);
    expect(html).toMatch(/<style>/);
  });

  it("is in the product's own fonts only: Source Sans 3 and Source Code Pro embedded in the HTML and the PDF (issue 22)", () => {
    const html = read(dir, 'board-pack.html');
    for (const family of ['Source Sans 3', 'Source Code Pro'])
      expect(html).toMatch(new RegExp(`@font-face \\{ font-family: '${family}';[^}]*src: url\\(data:font/woff2;base64,`));
    // pdffonts: name, type, encoding, emb, sub, uni, object id; a system font (DejaVu, Liberation) or a Type 3 face
    // that Chromium made up (a synthesised bold or italic) would be listed here
    const listed = execFileSync('pdffonts', [join(dir, 'board-pack.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(listed.length).toBeGreaterThan(0);
    const fonts = listed.map((l) => ({ name: l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''), embedded: / yes +(yes|no) +(yes|no) +\d+ +\d+$/.test(l) }));
    expect(fonts.filter((f) => !/^(SourceSans3|SourceCodePro)/.test(f.name) || !f.embedded), listed.join('\n')).toEqual([]);
  });

  it('the external-request scan finds what it should (so the check above can fail)', () => {
    const bad = '<img src="https://x.org/a.png"><link rel="stylesheet" href="//cdn/x.css"><style>@import "a.css"; b { background: url(/i.png) }</style><script></script>';
    expect(externalRequests(bad).length).toBeGreaterThanOrEqual(5);
    expect(externalRequests('<p style="background:url(data:image/png;base64,AA)">ok</p><a href="#notes">n</a>')).toEqual([]);
    expect(externalRequests('<style>@font-face { src: url(data:font/woff2;base64,A//B) }</style>')).toEqual([]);
    expect(externalRequests('<style>@font-face { src: url(data:font/woff2;base64,A//B), url(//cdn/f.woff2) }</style>').length).toBeGreaterThan(0);
  });

  it('indicators.csv equals /api/outcomes for the same area and month, figure for figure', async () => {
    const body = await (await createApp(db).request(`/api/outcomes?area=Barnet&to=${TO}`)).json();
    const rows = readCsv(join(dir, 'indicators.csv'));
    const inds = body.outcomes.flatMap((o: any) => o.indicators.map((i: any) => ({ o: o.id, i })));
    expect(rows.map((r) => r.indicator_id)).toEqual(inds.map((x: any) => x.i.id));
    rows.forEach((r, k) => sameFigures(r, inds[k].i, inds[k].o));
  });

  it('exceptions.csv lists the significant changes, worse before better, then by p-value', async () => {
    const body = await (await createApp(db).request(`/api/outcomes?area=Barnet&to=${TO}`)).json();
    const sig = body.outcomes.flatMap((o: any) => o.indicators).filter((i: any) => i.significance?.significant);
    const rows = readCsv(join(dir, 'exceptions.csv'));
    expect(rows.map((r) => r.indicator_id).sort()).toEqual(sig.map((i: any) => i.id).sort());
    const key = (r: Record<string, string>) => [r.verdict === 'significantly worse' ? 0 : 1, Number(r.p_value)] as const;
    for (let k = 1; k < rows.length; k++) {
      const [a, b] = [key(rows[k - 1]!), key(rows[k]!)];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1])).toBe(true);
    }
    // in the sample, MOPAC7 rose significantly: lower is better, so it is first
    expect(rows[0]).toMatchObject({ indicator_id: 'mopac7', verdict: 'significantly worse', rag: 'red' });
    const html = read(dir, 'board-pack.html');
    expect(html).toContain('Exceptions and unusual months');
    // each exception with its sentence (printed after its label, without the label again)
    for (const r of rows) expect(html).toContain(r.summary!.slice(r.indicator_label!.length + 2).replace(/&/g, '&#38;').replace(/'/g, '&#39;'));
  });

  it('running twice gives byte-identical HTML and CSV apart from the produced-on line', () => {
    for (const f of ['board-pack.html', 'technical-annex.html']) expect(withoutProducedOn(read(again, f)), f).toBe(withoutProducedOn(read(dir, f)));
    for (const f of ['board-pack.html', 'technical-annex.html']) expect(read(dir, f), f).toMatch(/^<p class="produced">Produced on \d{1,2} [A-Z][a-z]+ \d{4} by saferboard\.<\/p>$/m);
    for (const f of ['indicators.csv', 'exceptions.csv']) expect(read(again, f), f).toBe(read(dir, f));
  });
});

describeWith('chromium')('saferboard report --public', () => {
  let dir: string;
  let run: ReturnType<typeof cli>;
  beforeAll(async () => {
    dir = out('public');
    run = await cliAsync(['report', '--area', 'Barnet', '--to', TO, '--db', dbPath, '--out', dir, '--public', '--title', 'Barnet SCP: public pack']);
  }, 240_000);

  it('states the disclosure rule in a footnote and matches /api/outcomes?public=1', async () => {
    expect(run.code, run.stderr).toBe(0);
    const html = read(dir, 'board-pack.html');
    expect(html).toContain('Barnet SCP: public pack');
    const footnote = /<p class="footnote" id="disclosure">(.*?)<\/p>/.exec(html)?.[1] ?? '';
    expect(footnote).toContain('counts from 1 to 4 are shown as &#34;&#60;5&#34;');
    const body = await (await createApp(db).request(`/api/outcomes?area=Barnet&to=${TO}&public=1`)).json();
    const rows = readCsv(join(dir, 'indicators.csv'));
    const inds = body.outcomes.flatMap((o: any) => o.indicators.map((i: any) => ({ o: o.id, i })));
    rows.forEach((r, k) => sameFigures(r, inds[k].i, inds[k].o));
    // no count from 1 to 4 is left in a count column of the annex
    for (const r of rows)
      for (const k of ['victims', 'repeat_victims', 'incidents', 'repeat_incidents', ...(r.kind === 'count' ? ['current', 'previous'] : [])])
        expect(/^[1-4]$/.test(r[k]!), `${r.indicator_id}.${k} = ${r[k]}`).toBe(false);
    expect(rows.some((r) => r.withheld !== '')).toBe(true);
  });

  it('a suppressed month is never drawn or told as 0: each chart draws it as a marked gap, with its mark in words', async () => {
    const html = read(dir, 'board-pack.html');
    const app = createApp(db);
    const body = await (await app.request(`/api/outcomes?area=Barnet&to=${TO}&public=1`)).json();
    const inds = body.outcomes.flatMap((o: any) => o.indicators);
    const unescape = (t: string) => t.replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&#60;/g, '<').replace(/&quot;|&#34;/g, '"').replace(/&amp;/g, '&');
    let gaps = 0;
    let charts = 0;
    for (const [, f] of html.matchAll(/<figure class="chart">([\s\S]*?)<\/figure>/g)) {
      const label = unescape(/<figcaption><strong>(.*?)<\/strong>/.exec(f!)?.[1] ?? '');
      const ind = inds.find((i: any) => i.label === label);
      if (!ind) continue;
      charts++;
      const q = `source=${ind.source}&area=Barnet&category=${ind.id}`;
      const pub = (await (await app.request(`/api/trend?${q}&public=1`)).json()).rows as { month: string; count: unknown }[];
      const exact = new Map(((await (await app.request(`/api/trend?${q}`)).json()).rows as { month: string; count: number }[]).map((r) => [r.month, r.count]));
      const titles = [...f!.matchAll(/<title>(.*?)<\/title>/g)].map((m) => unescape(m[1]!));
      // every bar (a rect with a tooltip) is a published month, told as its exact count
      const bars = [...f!.matchAll(/<rect[^>]*><title>(\d{4}-\d{2}): ([\d,]+)<\/title><\/rect>/g)].map((m) => [m[1]!, Number(m[2]!.replace(/,/g, ''))] as const);
      const months = new Set(titles.map((t) => t.slice(0, 7)));
      for (const r of pub.filter((x) => months.has(x.month))) {
        const told = titles.filter((t) => t.startsWith(`${r.month}: `));
        if (typeof r.count === 'number') {
          expect(bars, `${label} ${r.month}`).toContainEqual([r.month, exact.get(r.month)]);
          expect(r.count >= 1 && r.count < 5, `${label} ${r.month} = ${r.count}`).toBe(false);
        } else {
          gaps++;
          // hidden: no bar, no number in any tooltip (never "2016-10: 0"), and the mark in words
          expect(bars.filter(([m]) => m === r.month), `${label} ${r.month}`).toEqual([]);
          expect(told.filter((t) => /^\d{4}-\d{2}: [\d,]+$/.test(t)), `${label} ${r.month}`).toEqual([]);
          expect(told, `${label} ${r.month}`).toContainEqual(r.count === '<5' ? `${r.month}: fewer than 5 (suppressed, shown as “<5”)` : `${r.month}: withheld (“[c]”: it would reveal a suppressed count)`);
          expect(exact.get(r.month), `${label} ${r.month}: a hidden month is a count, not a gap`).toBeGreaterThan(0);
        }
      }
    }
    expect(charts).toBeGreaterThan(3);
    expect(gaps).toBeGreaterThan(0); // the sample pack does draw suppressed months
  });
});

describe('saferboard report without Chromium', () => {
  it('still writes the HTML and CSVs, says in one line that the PDFs were skipped and how to install Chromium, and exits non-zero', () => {
    const dir = out('nochrome');
    const r = cli(['report', '--area', 'Barnet', '--to', TO, '--db', dbPath, '--out', dir], { SAFERBOARD_CHROMIUM: '/nonexistent/chromium' });
    expect(r.code).not.toBe(0);
    for (const f of ['board-pack.html', 'technical-annex.html', 'indicators.csv', 'exceptions.csv']) expect(existsSync(join(dir, f)), f).toBe(true);
    for (const f of ['board-pack.pdf', 'technical-annex.pdf']) expect(existsSync(join(dir, f)), f).toBe(false);
    const lines = r.stderr.split('\n').filter((l) => /skipped/i.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/board-pack\.pdf and technical-annex\.pdf skipped: Chromium is not installed at \/nonexistent\/chromium .*apt-get install chromium.*SAFERBOARD_CHROMIUM/);
  }, 120_000);

  it('refuses an unknown area with the API message and writes nothing', () => {
    const dir = join(out('bad'), 'pack');
    const r = cli(['report', '--area', 'Barnett Vale', '--to', TO, '--db', dbPath, '--out', dir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown area: "Barnett Vale"/);
    expect(existsSync(dir)).toBe(false);
  }, 60_000);
});

describe('indicators.csv names repeat figures by what they count', () => {
  // one repeat indicator of each unit, its figures written here by hand (the engine keeps victims' keys for places)
  const ind = (id: string, unit: 'victim' | 'location', victims: number, repeats: number) => ({
    id, label: id, kind: 'repeat', unit: 'percent', polarity: 'lower-is-better', source: 'local', source_rule: '', from: '2018-01', to: '2018-12',
    state: 'number', months: 12, months_covered: 12, current: (100 * repeats) / victims, previous: null, change: null, pct_change: null, significance: null,
    rate_per_1000: null, rate_ci95: null, rank: null, of: null, rank_source: null, vs_london: null, vs_london_95: null, value: null, target: null,
    period_end: null, rag: 'grey', complete: true, missing_months: [], note: null, summary: '',
    repeat: { unit, victims, repeat_victims: repeats, repeat_victim_rate: (100 * repeats) / victims, incidents: 50, repeat_incidents: 12, repeat_incident_rate: 24, min_incidents: 2 },
  });
  const body = { period: { period: '12m', vs: 'year' }, outcomes: [{ id: 1, title: 'Repeats', indicators: [ind('repeat-victims', 'victim', 40, 6), ind('repeat-places', 'location', 25, 5)] }] } as unknown as Outcomes;

  it('victims in the victims columns, places in the locations columns, never both', () => {
    const [victims, places] = indicatorRows(body);
    expect([victims!.victims, victims!.repeat_victims, victims!.repeat_victim_rate]).toEqual([40, 6, 15]);
    expect([victims!.locations, victims!.repeat_locations, victims!.repeat_location_rate]).toEqual([null, null, null]);
    expect([places!.locations, places!.repeat_locations, places!.repeat_location_rate]).toEqual([25, 5, 20]);
    expect([places!.victims, places!.repeat_victims, places!.repeat_victim_rate]).toEqual([null, null, null]);
    expect([places!.incidents, places!.repeat_incidents, places!.repeat_incident_rate]).toEqual([50, 12, 24]);
  });
});
