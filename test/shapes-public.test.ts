/**
 * Shape 6 (issue 19, item 4): public mode at the API level, attacked. Over the bundled MPS sample and local extract,
 * an attacker (test/shapes-attacker.ts: exact linear algebra, bounds, integer search) takes everything a route
 * publishes with public=1 — over several ranges and thresholds — and tries to solve each hidden cell ("<N", "[c]",
 * a withheld complement). It must determine none. The published figures themselves are checked against counts made
 * here from the raw local extract with plain loops (hate_strand / knife columns, month of the date).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MPS_SAMPLE, SAMPLE, readCsv } from './helpers.ts';
import { type Bounds, type Publication, type Relation, attack, attackPublication, attackTrend, boundsOf, isHidden, publication, publishCell } from './shapes-attacker.ts';
import { type App, expectNoNaN, months, openApp, tempDir } from './shapes-util.ts';

const LOCAL = join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz');
const ALL = months('2017-01', '2018-12');
const RANGES = ['', '&from=2017-06&to=2018-06', '&from=2018-01', '&to=2018-09', '&from=2017-03&to=2017-12', '&from=2018-10&to=2018-12'];
const THRESHOLDS = [5, 10, 20];
const threshold = (n: number) => (n === 5 ? '' : `&suppress_below=${n}`);

/** The local extract's rows, and a raw monthly count for an indicator's flag. */
let rows: Record<string, string>[] = [];
const FLAG: Record<string, (r: Record<string, string>) => boolean> = {
  'hate-crime': (r) => r.hate_strand !== '',
  'hate-crime-race': (r) => r.hate_strand!.split(';').includes('race'),
  'hate-crime-religion': (r) => r.hate_strand!.split(';').includes('religion'),
  'hate-crime-sexual-orientation': (r) => r.hate_strand!.split(';').includes('sexual-orientation'),
  'hate-crime-disability': (r) => r.hate_strand!.split(';').includes('disability'),
  'hate-crime-transgender': (r) => r.hate_strand!.split(';').includes('transgender'),
  'knife-crime': (r) => ['y', 'yes', 'true', '1'].includes(r.knife!.toLowerCase()),
};
const rawMonthly = (id: string) => new Map(ALL.map((m) => [m, rows.filter((r) => r.date!.slice(0, 7) === m && FLAG[id]!(r)).length]));

describe('public mode at the API level, attacked', () => {
  let app: App;
  beforeAll(async () => {
    const parsed = Papa.parse<Record<string, string>>(gunzipSync(readFileSync(LOCAL)).toString('utf8'), { header: true, skipEmptyLines: true });
    rows = parsed.data;
    app = await openApp([MPS_SAMPLE, LOCAL]);
  });
  afterAll(() => app?.close());

  it('the attacker has teeth: against primary suppression alone ("<5" months next to exact rolling sums) it solves hidden months', () => {
    for (const id of ['hate-crime-transgender', 'hate-crime-disability']) {
      const raw = rawMonthly(id);
      // what a naive publication would show: small months hidden, every rolling 12-month sum exact
      const published = {
        rows: ALL.map((m, i) => ({
          month: m,
          count: raw.get(m)! >= 1 && raw.get(m)! <= 4 ? '<5' : raw.get(m),
          rolling_12m: i < 11 ? null : ALL.slice(i - 11, i + 1).reduce((s, x) => s + raw.get(x)!, 0),
        })),
      };
      const a = attackTrend([published], 5, ALL);
      expect(a.determined.size, id).toBeGreaterThan(0);
      // and what it solves is right
      for (const [m, v] of a.determined) expect(v, `${id} ${m}`).toBe(raw.get(m));
    }
  });

  for (const id of Object.keys(FLAG)) {
    it(`/api/trend?public=1 for ${id}: shown figures are the raw counts, small ones hidden, never solvable across ${RANGES.length} ranges × ${THRESHOLDS.length} thresholds`, async () => {
      const raw = rawMonthly(id);
      const problems: string[] = [];
      for (const n of THRESHOLDS) {
        const responses = [];
        for (const range of RANGES) {
          const url = `/api/trend?source=local&area=Barnet&category=${id}&public=1${threshold(n)}${range}`;
          const r = await app.get(url);
          expect(r.status, url).toBe(200);
          expectNoNaN(r, url);
          for (const row of r.body.rows) {
            const truth = raw.get(row.month)!;
            if (typeof row.count === 'number') {
              if (row.count !== truth) problems.push(`${url}: ${row.month} shown as ${row.count}, raw ${truth}`);
              if (truth >= 1 && truth < n) problems.push(`${url}: ${row.month} small count ${truth} shown`);
            } else if (truth === 0 && row.count === `<${n}`) problems.push(`${url}: ${row.month} is 0 but shown as <${n}`);
          }
          responses.push(r.body);
        }
        const a = attackTrend(responses, n, ALL);
        problems.push(...a.clash.map((c) => `threshold ${n}: ${c}`));
        problems.push(...a.inconsistent.map((c) => `threshold ${n}: inconsistent: ${c}`));
        for (const [cell, v] of a.determined) if (!cell.startsWith('unpublished')) problems.push(`threshold ${n}: ${cell} (published ${String(a.month.get(cell))}) solved as ${v} (raw ${raw.get(cell)})`);
      }
      expect(problems).toEqual([]);
    });
  }

  /**
   * Everything /api/trend, /api/rolling and /api/outcomes publish together about the hate-crime group (the total and
   * its five strands) and knife crime, over several ranges, periods and ends: each month as shown, each rolling or
   * period sum, each change (this period against the previous), each rate with its population, the latest month of
   * the process chart, and the total with its parts month by month. With `naive`, every withheld sum is replaced by
   * the raw sum (what suppressing each figure alone would publish), to show the attacker can win.
   */
  const GROUP = ['hate-crime', 'hate-crime-race', 'hate-crime-religion', 'hate-crime-sexual-orientation', 'hate-crime-disability', 'hate-crime-transgender'];
  const SERIES = [...GROUP, 'knife-crime'];
  const key = (c: string, m: string) => `${c}|${m}`;
  const span = (from: string, to: string) => ALL.filter((m) => m >= from && m <= to);
  async function publishedTogether(n: number, naive = false) {
    const p: Publication = publication();
    const raw = new Map(SERIES.map((c) => [c, rawMonthly(c)]));
    const rawSum = (c: string, ms: string[]) => ms.reduce((s, m) => s + raw.get(c)!.get(m)!, 0);
    let sums = 0;
    const sum = (c: string, from: string, to: string, value: unknown, why: string) => {
      const ms = span(from, to);
      if (typeof value === 'number') sums++;
      if (from === to) publishCell(p, key(c, from), value, why);
      else p.sums.push({ plus: ms.map((m) => key(c, m)), value: naive && isHidden(value) ? rawSum(c, ms) : value, why });
    };
    const change = (c: string, cur: { from: string; to: string }, prev: { from: string; to: string }, value: unknown, why: string) =>
      p.sums.push({
        plus: span(cur.from, cur.to).map((m) => key(c, m)),
        minus: span(prev.from, prev.to).map((m) => key(c, m)),
        value: naive && value === null ? rawSum(c, span(cur.from, cur.to)) - rawSum(c, span(prev.from, prev.to)) : value,
        why,
      });
    const problems: string[] = [];
    const get = async (url: string) => {
      const r = await app.get(url);
      expect(r.status, `${url}: ${r.text.slice(0, 200)}`).toBe(200);
      expectNoNaN(r, url);
      return r.body;
    };
    for (const c of SERIES)
      for (const range of ['', '&from=2017-06&to=2018-06', '&from=2018-01']) {
        const url = `/api/trend?source=local&area=Barnet&category=${c}&public=1${threshold(n)}${range}`;
        for (const row of (await get(url)).rows) {
          publishCell(p, key(c, row.month), row.count, url);
          if (typeof row.count === 'number' && row.count !== raw.get(c)!.get(row.month)) problems.push(`${url}: ${row.month} shown as ${row.count}, raw ${raw.get(c)!.get(row.month)}`);
          if (row.rolling_12m !== null) sum(c, ALL[ALL.indexOf(row.month) - 11]!, row.month, row.rolling_12m, `${url}: rolling 12 months to ${row.month}`);
        }
      }
    for (const m of ALL) p.sums.push({ plus: [key('hate-crime', m)], minus: GROUP.slice(1).map((s) => key(s, m)), value: 0, why: `all hate crime = its strands in ${m}` });
    for (const c of SERIES)
      for (const period of ['12m', 'fytd', 'quarter', 'month'])
        for (const to of ['2018-03', '2018-08', '2018-12']) {
          const url = `/api/rolling?source=local&area=Barnet&category=${c}&period=${period}&to=${to}&public=1${threshold(n)}`;
          const b = await get(url);
          for (const w of ['current', 'previous'] as const) sum(c, b[w].from, b[w].to, b[w].count, `${url}: ${w}`);
          change(c, b.current, b.previous, b.change, `${url}: change`);
        }
    for (const period of ['12m', 'fytd', 'quarter', 'month'])
      for (const to of ['2018-03', '2018-08', '2018-12']) {
        const url = `/api/outcomes?area=Barnet&to=${to}&period=${period}&source=local&public=1${threshold(n)}`;
        const inds = (await get(url)).outcomes.flatMap((o: any) => o.indicators).filter((i: any) => SERIES.includes(i.id) && i.kind === 'count');
        expect(inds.map((i: any) => i.id).sort(), url).toEqual([...SERIES].sort());
        for (const i of inds) {
          for (const w of ['current', 'previous'] as const) {
            const win = i.windows[w];
            sum(i.id, win.from, win.to, i[w], `${url}: ${i.id} ${w}`);
            sum(i.id, win.from, win.to, win.count, `${url}: ${i.id} windows.${w}.count`);
            // a rate times its population is its count
            if (typeof win.rate_per_1000 === 'number' && win.population) sum(i.id, win.from, win.to, Math.round((win.rate_per_1000 * win.population) / 1000), `${url}: ${i.id} ${w} rate`);
          }
          if (typeof i.rate_per_1000 === 'number' && i.windows.current.population) sum(i.id, i.windows.current.from, i.windows.current.to, Math.round((i.rate_per_1000 * i.windows.current.population) / 1000), `${url}: ${i.id} rate`);
          if (i.repeat) sum(i.id, i.windows.current.from, i.windows.current.to, i.repeat.incidents, `${url}: ${i.id} repeat.incidents`);
          change(i.id, i.windows.current, i.windows.previous, i.change, `${url}: ${i.id} change`);
          if (i.spc && i.spc.count !== null) publishCell(p, key(i.id, i.spc.month), i.spc.count, `${url}: ${i.id} spc`);
          // its monthly series (36 months to the period's end): each month a cell, each rolling sum a sum of 12 (not
          // for the naive attack, which wins without them and whose solver they would slow past vitest's timeout)
          expect(i.series, `${url}: ${i.id} series`).toHaveLength(36);
          for (const row of naive ? [] : i.series.filter((r: any) => ALL.includes(r.month))) {
            publishCell(p, key(i.id, row.month), row.count, `${url}: ${i.id} series`);
            if (row.count === 0 && raw.get(i.id)!.get(row.month) !== 0) problems.push(`${url}: ${i.id} series ${row.month} shown as 0`);
            if (typeof row.count === 'number' && row.count !== raw.get(i.id)!.get(row.month)) problems.push(`${url}: ${i.id} series ${row.month} shown as ${row.count}, raw ${raw.get(i.id)!.get(row.month)}`);
            if (row.rolling_12m !== null) sum(i.id, ALL[ALL.indexOf(row.month) - 11]!, row.month, row.rolling_12m, `${url}: ${i.id} series rolling 12 months to ${row.month}`);
          }
        }
      }
    return { p, problems, sums };
  }

  it('/api/trend, /api/rolling and /api/outcomes together (public=1): an attacker that solves the published figures (rolling sums, totals with parts, this period with the previous, rates) recovers no suppressed cell', async () => {
    const problems: string[] = [];
    for (const n of [5, 10]) {
      const { p, problems: shown, sums } = await publishedTogether(n);
      problems.push(...shown, ...p.clash.map((c) => `threshold ${n}: ${c}`));
      const hidden = [...p.cells].filter(([, v]) => isHidden(v));
      expect(hidden.length, `threshold ${n}`).toBeGreaterThan(20); // the small series do hide months
      expect(sums, `threshold ${n}`).toBeGreaterThan(50); // and sums are still published where no month is hidden
      const a = attackPublication(p, n);
      problems.push(...a.inconsistent.map((c) => `threshold ${n}: published figures disagree: ${c}`));
      for (const [cell, v] of a.determined) if (!cell.startsWith('unpublished')) problems.push(`threshold ${n}: ${cell} (published ${String(p.cells.get(cell))}) solved as ${v}`);
      // no small count is ever shown
      for (const [cell, v] of p.cells) if (typeof v === 'number' && v >= 1 && v < n) problems.push(`threshold ${n}: ${cell} = ${v} shown`);
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('the same attacker wins when each sum is suppressed alone (withheld sums published exactly)', async () => {
    const { p } = await publishedTogether(5, true);
    const a = attackPublication(p, 5);
    const solved = [...a.determined].filter(([cell]) => !cell.startsWith('unpublished'));
    expect(solved.length).toBeGreaterThan(0);
    // and what it solves is right (the raw monthly counts)
    for (const [cell, v] of solved) {
      const [c, m] = cell.split('|');
      expect(v, cell).toBeCloseTo(rawMonthly(c!).get(m!)!, 6);
    }
  }, 300_000);

  /** Repeat figures: victims = repeat victims + victims with one incident; incidents = repeats + first incidents; rates. */
  function attackRepeat(b: any, n: number) {
    const [total, part, rate, rest] =
      b.unit === 'location' ? ['locations', 'repeat_locations', 'repeat_location_rate', 'single_locations'] : ['victims', 'repeat_victims', 'repeat_victim_rate', 'single_victims'];
    const pairs: [string, string, string, string][] = [
      [total, part, rate, rest],
      ['incidents', 'repeat_incidents', 'repeat_incident_rate', 'first_incidents'],
    ];
    const cells = new Map<string, Bounds>();
    const relations: Relation[] = [];
    const shownSmall: string[] = [];
    for (const [t, p, r, c] of pairs) {
      const val = (k: string) => b[k];
      for (const k of [t, p]) {
        if (isHidden(val(k)) || val(k) === null) cells.set(k, boundsOf(val(k), n));
        else if (val(k) >= 1 && val(k) < n) shownSmall.push(`${k} = ${val(k)}`);
      }
      cells.set(c, { lo: 0, hi: Infinity }); // never published: the complement
      const term = (k: string, coef: number): [string, number][] => (cells.has(k) ? [[k, coef]] : []);
      const known = (k: string, coef: number) => (cells.has(k) ? 0 : coef * val(k));
      // t = p + c
      relations.push({ terms: [...term(t, 1), ...term(p, -1), [c, -1]], rhs: -known(t, 1) - known(p, -1), why: `${t} = ${p} + ${c}` });
      // rate = 100 × p / t: 100 p − rate t = 0
      if (typeof val(r) === 'number')
        relations.push({ terms: [...term(p, 100), ...term(t, -val(r))], rhs: -known(p, 100) - known(t, -val(r)), why: `${r} = 100 × ${p} / ${t}` });
    }
    const a = attack(cells, relations);
    // a determined small complement or hidden cell is a disclosure
    const leaks = [...a.determined].filter(([k, v]) => (v >= 1 && v < n) || isHidden(b[k])).map(([k, v]) => `${k} = ${v}`);
    return { leaks: [...leaks, ...shownSmall], a };
  }

  it('/api/repeat?public=1 (victims and locations, several thresholds): no hidden count or small complement can be solved', async () => {
    const problems: string[] = [];
    const answered = new Set<string>();
    let hiddenSeen = 0;
    for (const indicator of ['hate-crime-repeat', 'domestic-abuse-repeat', 'burglary-repeat', 'asb-repeat-callers', 'hate-crime-transgender', 'hate-crime-disability', 'knife-crime'])
      for (const unit of ['victim', 'location'])
        for (const n of [5, 10, 20, 50])
          for (const to of ['2018-12', '2018-06']) {
            const url = `/api/repeat?source=local&area=Barnet&indicator=${indicator}&unit=${unit}&to=${to}&public=1${threshold(n)}`;
            const r = await app.get(url);
            if (r.status === 400) continue; // an indicator that has no repeat view for this unit
            expect(r.status, `${url}: ${r.text.slice(0, 200)}`).toBe(200);
            answered.add(`${indicator} ${unit}`);
            expectNoNaN(r, url);
            hiddenSeen += Object.values(r.body).filter(isHidden).length;
            const { leaks, a } = attackRepeat(r.body, n);
            if (leaks.length) problems.push(`${url}: ${leaks.join(', ')}`);
            if (a.inconsistent.length) problems.push(`${url}: inconsistent ${a.inconsistent.join('; ')}`);
          }
    expect(hiddenSeen).toBeGreaterThan(0); // the thresholds do hide something
    // every indicator answered for victims, and the count indicators for locations too
    for (const id of ['hate-crime-repeat', 'domestic-abuse-repeat', 'burglary-repeat', 'hate-crime-transgender', 'knife-crime']) expect(answered, id).toContain(`${id} victim`);
    expect(answered).toContain('knife-crime location');
    expect(problems).toEqual([]);
  });

  it('/api/outcomes?public=1 by month and quarter: the hate-crime total with its five strands, and each change, reveal no hidden count', async () => {
    // the total is the sum of its strands: no incident of the extract has two strands (plain loop)
    expect(rows.filter((r) => r.hate_strand!.includes(';'))).toEqual([]);
    const STRANDS = ['hate-crime-race', 'hate-crime-religion', 'hate-crime-sexual-orientation', 'hate-crime-disability', 'hate-crime-transgender'];
    const problems: string[] = [];
    let hiddenSeen = 0;
    for (const period of ['month', 'quarter'])
      for (const to of ['2018-03', '2018-06', '2018-09', '2018-12'])
        for (const n of [5, 10, 20]) {
          const url = `/api/outcomes?area=Barnet&to=${to}&period=${period}&public=1${threshold(n)}`;
          const r = await app.get(url);
          expect(r.status, url).toBe(200);
          expectNoNaN(r, url);
          const ind = Object.fromEntries(r.body.outcomes.flatMap((o: any) => o.indicators).map((i: any) => [i.id, i]));
          const cells = new Map<string, Bounds>();
          const relations: Relation[] = [];
          const shownSmall: string[] = [];
          const v = (id: string, w: 'current' | 'previous') => ind[id][w];
          for (const id of ['hate-crime', ...STRANDS])
            for (const w of ['current', 'previous'] as const) {
              const x = v(id, w);
              if (typeof x !== 'number') (cells.set(`${id}.${w}`, boundsOf(x, n)), hiddenSeen++);
              else if (x >= 1 && x < n) shownSmall.push(`${id}.${w} = ${x}`);
            }
          const lin = (pairs: [string, 'current' | 'previous', number][], rhs0: number, why: string) => {
            let rhs = rhs0;
            const terms: [string, number][] = [];
            for (const [id, w, c] of pairs) {
              const x = v(id, w);
              if (typeof x === 'number') rhs -= c * x;
              else terms.push([`${id}.${w}`, c]);
            }
            relations.push({ terms, rhs, why });
          };
          for (const w of ['current', 'previous'] as const) lin([['hate-crime', w, 1], ...STRANDS.map((s) => [s, w, -1] as [string, typeof w, number])], 0, `total = strands (${w})`);
          for (const id of ['hate-crime', ...STRANDS])
            if (typeof ind[id].change === 'number') lin([[id, 'current', 1], [id, 'previous', -1]], ind[id].change, `${id} change`);
          const a = attack(cells, relations);
          const leaks = [...a.determined].map(([k, x]) => `${k} = ${x}`);
          if (leaks.length || shownSmall.length || a.inconsistent.length) problems.push(`${url}: ${[...leaks, ...shownSmall, ...a.inconsistent].join(', ')}`);
        }
    expect(hiddenSeen).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('/api/ranks?public=1 with each borough\'s /api/trend?public=1: the London total, the boroughs\' period counts and their months together reveal no hidden month', async () => {
    const problems: string[] = [];
    let hiddenSeen = 0;
    let sumsSeen = 0;
    for (const category of ['murder', 'robbery-business']) {
      const p: Publication = publication();
      const key = (a: string, m: string) => `${a}|${m}`;
      const span = (from: string, to: string) => ALL.filter((m) => m >= from && m <= to);
      let areas: string[] = [];
      for (const q of ['', '&period=quarter', '&period=month', '&period=fytd']) {
        const url = `/api/ranks?source=mps&category=${category}&to=2018-12&public=1${q}`;
        const r = await app.get(url);
        expect(r.status, url).toBe(200);
        const b = r.body;
        areas = b.rows.map((x: any) => x.area.code);
        const window = span(b.from, b.to);
        const ranked = b.rows.filter((x: any) => x.complete);
        for (const x of b.rows) {
          if (typeof x.count === 'number') sumsSeen++;
          if (window.length === 1) publishCell(p, key(x.area.code, window[0]!), x.count, url);
          else p.sums.push({ plus: window.map((m) => key(x.area.code, m)), value: x.count, why: `${url}: ${x.area.name}` });
        }
        if (b.london_comparator?.boroughs === ranked.length)
          p.sums.push({ plus: ranked.flatMap((x: any) => window.map((m) => key(x.area.code, m))), value: b.london.count, why: `${url}: London = Σ boroughs` });
      }
      for (const area of areas) {
        const url = `/api/trend?source=mps&area=${area}&category=${category}&public=1`;
        for (const row of (await app.ok(url)).rows) {
          publishCell(p, key(area, row.month), row.count, url);
          if (row.rolling_12m !== null) p.sums.push({ plus: span(ALL[ALL.indexOf(row.month) - 11]!, row.month).map((m) => key(area, m)), value: row.rolling_12m, why: `${url}: rolling to ${row.month}` });
        }
      }
      hiddenSeen += [...p.cells.values()].filter(isHidden).length;
      const a = attackPublication(p, 5);
      problems.push(...p.clash, ...a.inconsistent.map((c) => `${category}: published figures disagree: ${c}`));
      for (const [cell, v] of a.determined) if (!cell.startsWith('unpublished')) problems.push(`${category}: ${cell} (published ${String(p.cells.get(cell))}) solved as ${v}`);
    }
    expect(hiddenSeen).toBeGreaterThan(0);
    expect(sumsSeen).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 300_000);

  it('/api/ranks?public=1: the London total with the boroughs, and published rates, reveal no hidden borough count', async () => {
    const problems: string[] = [];
    let hiddenSeen = 0;
    for (const category of ['murder', 'robbery-business', 'other-sexual', 'going-equipped'])
      for (const n of [5, 10])
        for (const q of ['', '&period=quarter', '&period=month']) {
          const url = `/api/ranks?source=mps&category=${category}&to=2018-12&public=1${threshold(n)}${q}`;
          const r = await app.get(url);
          expect(r.status, url).toBe(200);
          expectNoNaN(r, url);
          const cells = new Map<string, Bounds>();
          const relations: Relation[] = [];
          const ranked = r.body.rows.filter((x: any) => x.complete);
          let rhs = typeof r.body.london?.count === 'number' ? r.body.london.count : null;
          const terms: [string, number][] = [];
          for (const x of ranked) {
            const k = x.area.code;
            if (typeof x.count === 'number') {
              if (x.count >= 1 && x.count < n) problems.push(`${url}: ${k} small count ${x.count} shown`);
              if (rhs !== null) rhs -= x.count;
            } else {
              hiddenSeen++;
              cells.set(k, boundsOf(x.count, n));
              terms.push([k, 1]);
              // a published rate (or interval) of a hidden count gives it back
              if (typeof x.rate_per_1000 === 'number' && x.population) relations.push({ terms: [[k, 1]], rhs: (x.rate_per_1000 * x.population) / 1000, why: `${k} rate` });
              if (x.rate_ci95) problems.push(`${url}: ${k} hidden but its interval is published`);
            }
          }
          // the London total is over the ranked (complete) boroughs
          if (rhs !== null && r.body.london_comparator?.boroughs === ranked.length) relations.push({ terms, rhs, why: 'London = Σ boroughs' });
          const a = attack(cells, relations);
          const leaks = [...a.determined].map(([k, x]) => `${k} = ${x}`);
          if (leaks.length || a.inconsistent.length) problems.push(`${url}: ${[...leaks, ...a.inconsistent].join(', ')}`);
        }
    expect(hiddenSeen).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

/**
 * Four years of a small monthly series (a synthetic local extract written here: hate crime, race strand, 0 to 11 a
 * month from a fixed generator, plus one other crime a month so every month is covered). With four years, the
 * same calendar month is linked across years by the differences of consecutive rolling sums, and the bounds of
 * "<5" on each link pin it down.
 */
describe('public mode over four years of a small series, attacked', () => {
  const ALL4 = months('2015-01', '2018-12');
  const truth = new Map<string, number>();
  let app: App;
  beforeAll(async () => {
    const dir = tempDir('public-4y');
    let s = 2 * 9301 + 49297;
    const rnd = () => (s = (s * 9301 + 49297) % 233280) / 233280;
    const lines = ['incident_id,date,category,area,hate_strand,type'];
    let id = 0;
    for (const m of ALL4) {
      const c = Math.floor(rnd() * 12);
      for (let k = 0; k < c; k++) lines.push(`H${++id},${m}-${String(1 + (k % 27)).padStart(2, '0')},Common Assault,Barnet,race,crime`);
      lines.push(`F${++id},${m}-15,Common Assault,Barnet,,crime`);
    }
    writeFileSync(join(dir, 'hate-4-years.csv'), lines.join('\n') + '\n');
    // the truth, counted back from the file written (plain loop over its rows)
    for (const m of ALL4) truth.set(m, 0);
    for (const r of readCsv(join(dir, 'hate-4-years.csv'))) if (r.hate_strand) truth.set(r.date!.slice(0, 7), truth.get(r.date!.slice(0, 7))! + 1);
    expect([...truth.values()].filter((v) => v >= 1 && v <= 4).length).toBeGreaterThan(10);
    app = await openApp([join(dir, 'hate-4-years.csv')]);
  });
  afterAll(() => app?.close());

  it('shown monthly figures are the raw counts and small ones are hidden', async () => {
    for (const n of [5, 10]) {
      const r = await app.ok(`/api/trend?source=local&area=Barnet&category=hate-crime&public=1${threshold(n)}`);
      expect(r.rows.map((x: any) => x.month)).toEqual(ALL4);
      for (const x of r.rows) {
        const t = truth.get(x.month)!;
        if (typeof x.count === 'number') expect(x.count, x.month).toBe(t);
        else expect(t >= 1 && t < n ? `<${n}` : x.count, x.month).toBe(x.count); // a small count is "<N"
        if (t >= 1 && t < n) expect(x.count, x.month).toBe(`<${n}`);
      }
    }
  });

  // issue 20: when each rolling sum's months were suppressed alone, the differences of consecutive rolling 12-month
  // sums linked each calendar month across the four years, and with the "<5" bounds the attacker solved hidden months
  // exactly (e.g. 2015-01 = 4, 2016-10 = 3 at threshold 5). Public mode now suppresses as a set: a rolling sum that
  // holds a hidden month is withheld
  it('/api/trend?public=1 over several ranges: the attacker solves no hidden month', async () => {
    const problems: string[] = [];
    for (const n of [5, 10]) {
      const responses = [];
      for (const range of ['', '&from=2015-07', '&to=2018-09', '&from=2016-02&to=2017-07'])
        responses.push(await app.ok(`/api/trend?source=local&area=Barnet&category=hate-crime&public=1${threshold(n)}${range}`));
      const a = attackTrend(responses, n, ALL4, 0);
      for (const [cell, v] of a.determined)
        if (!cell.startsWith('unpublished')) problems.push(`threshold ${n}: ${cell} (published ${String(a.month.get(cell))}) solved as ${v} (raw ${truth.get(cell)})`);
      problems.push(...a.clash, ...a.inconsistent);
    }
    expect(problems).toEqual([]);
  });
});
