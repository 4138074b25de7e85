import { z } from 'zod';
import { addMonths } from './params.ts';

/** Counts from 1 to `threshold − 1` are suppressed unless told otherwise (`--suppress-below N`, `suppress_below=N`). */
export const DEFAULT_THRESHOLD = 5;

/** What a secondary (complementary) suppression shows instead of its count. */
export const SECONDARY = '[c]';

/**
 * The disclosure rule in plain words, for footnotes and the `disclosure` field of public output.
 * @example ruleText(5) // 'Counts from 1 to 4 are shown as "<5"; …'
 */
export const ruleText = (n: number) =>
  `Statistical disclosure control: counts from 1 to ${n - 1} are shown as "<${n}" (zeros are shown). ` +
  `A figure computed from a suppressed count (a rate, a percentage, a change, a p-value, a rank) is withheld. ` +
  `Where a published total (a 12-month or London total, all hate-crime strands, all victims) would reveal a suppressed ` +
  `count by subtraction, the next-smallest count in that total is also withheld and shown as "${SECONDARY}", ` +
  `until no suppressed count can be worked out from the published figures.`;

/** The `public=1` and `suppress_below=N` query parameters shared by the API's routes. */
export const publicQuery = {
  public: z.enum(['0', '1', 'true', 'false'], { error: (i) => `public must be 1 or 0, found ${JSON.stringify(i.input)}` }).optional(),
  suppress_below: z.coerce
    .number({ error: 'suppress_below must be a whole number from 2 to 100' })
    .int('suppress_below must be a whole number from 2 to 100')
    .min(2, 'suppress_below must be a whole number from 2 to 100')
    .max(100, 'suppress_below must be a whole number from 2 to 100')
    .optional(),
};

/** The threshold a route's query asks for, or null for unsuppressed output. */
export const publicThreshold = (q: { public?: string; suppress_below?: number }): number | null =>
  q.public === '1' || q.public === 'true' ? (q.suppress_below ?? DEFAULT_THRESHOLD) : null;

export type { Shown } from './indicators/types.ts';
import type { Shown } from './indicators/types.ts';

/* ---------------------------------------------------------------- the suppression engine */

/** One figure of an additive structure. `published: false` = implied by others (e.g. victims with one incident). */
export interface Cell {
  id: string;
  value: number;
  published?: boolean;
  /** hidden from the start (e.g. the same calendar month in other years as a small month) */
  hide?: boolean;
  /** kept unrecoverable though not small (e.g. hidden as a secondary elsewhere) */
  protect?: boolean;
}
/** `total = sum(parts)`: a published total and the figures it adds up. */
export interface Line {
  total: string;
  parts: string[];
}

/**
 * Primary and secondary suppression over figures linked by totals. Primary: published counts 1..N−1. Then,
 * until nothing changes: a line with a hidden small (or protected) figure that is its only unknown, or whose
 * hidden parts add up to less than N, hides its next-smallest non-zero visible part (else its total); and an
 * audit hides more whenever a protected figure can still be worked out, exactly, from the published figures by
 * linear algebra (any combination of totals, e.g. differences of adjacent rolling sums) or by bounds (a primary
 * is 1..N−1, a secondary at least N, everything at least 0).
 * @example suppress([{ id: 'a', value: 3 }, { id: 'b', value: 9 }, { id: 't', value: 12 }], [{ total: 't', parts: ['a', 'b'] }], 5)
 * // { primary: Set {'a'}, secondary: Set {'b'}, hidden: Set {'a', 'b'} }
 */
export function suppress(cells: Cell[], lines: Line[], threshold: number) {
  const byId = new Map(cells.map((c) => [c.id, c]));
  for (const l of lines) for (const id of [l.total, ...l.parts]) if (!byId.has(id)) throw new Error(`suppress: unknown cell "${id}"`);
  const small = (v: number) => v >= 1 && v < threshold;
  const primary = new Set(cells.filter((c) => c.published !== false && small(c.value)).map((c) => c.id));
  const hidden = new Set([...primary, ...cells.filter((c) => c.published === false || c.hide).map((c) => c.id)]);
  const guarded = new Set(cells.filter((c) => small(c.value) || c.protect).map((c) => c.id));
  const value = (id: string) => byId.get(id)!.value;
  const pickIn = (ls: Line[]): string | undefined => {
    const visible = (id: string) => !hidden.has(id) && value(id) > 0;
    const parts = ls.flatMap((l) => l.parts.filter(visible)).sort((a, b) => value(a) - value(b) || a.localeCompare(b));
    return parts[0] ?? ls.map((l) => l.total).find(visible);
  };
  for (let guard = 0; guard < cells.length + 1; guard++) {
    let pick: string | undefined;
    for (const l of lines) {
      const ids = [l.total, ...l.parts];
      const unknown = ids.filter((id) => hidden.has(id));
      if (!unknown.some((id) => guarded.has(id))) continue;
      const hiddenSum = l.parts.filter((id) => hidden.has(id)).reduce((s, id) => s + value(id), 0);
      if (unknown.length === 1 || (!hidden.has(l.total) && hiddenSum < threshold)) pick = pickIn([l]);
      if (pick) break;
    }
    if (!pick) {
      const exposed = [...recoverable(cells, lines, hidden, primary, threshold)].filter((id) => guarded.has(id)).sort();
      for (const id of exposed) {
        const around = lines.filter((l) => l.total === id || l.parts.includes(id));
        around.sort((a, b) => unknowns(a, hidden) - unknowns(b, hidden));
        pick = around.map((l) => pickIn([l])).find(Boolean);
        if (pick) break;
      }
    }
    if (!pick) break;
    hidden.add(pick);
  }
  const secondary = new Set([...hidden].filter((id) => !primary.has(id) && byId.get(id)!.published !== false));
  return { primary, secondary, hidden };
}

const unknowns = (l: Line, hidden: Set<string>) => [l.total, ...l.parts].filter((id) => hidden.has(id)).length;

/** The hidden figures a reader could work out exactly: by linear algebra over the totals, or by bounds. */
function recoverable(cells: Cell[], lines: Line[], hidden: Set<string>, primary: Set<string>, threshold: number): Set<string> {
  const vars = [...hidden];
  const col = new Map(vars.map((id, i) => [id, i]));
  const rows = lines
    .map((l) => {
      const r = new Array<number>(vars.length).fill(0);
      if (col.has(l.total)) r[col.get(l.total)!]! -= 1;
      for (const p of l.parts) if (col.has(p)) r[col.get(p)!]! += 1;
      return r;
    })
    .filter((r) => r.some((x) => x !== 0));
  const out = new Set<string>();
  for (const i of determined(rows, vars.length)) out.add(vars[i]!);
  // bounds: what the reader knows of each hidden figure, narrowed line by line
  const byId = new Map(cells.map((c) => [c.id, c]));
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  for (const c of cells) {
    const h = hidden.has(c.id);
    // a reader knows a "<N" is 1..N−1 and may guess that another hidden count is N or more (or zero)
    lo.set(c.id, !h ? c.value : primary.has(c.id) ? 1 : c.published === false || c.value < threshold ? 0 : threshold);
    hi.set(c.id, !h ? c.value : primary.has(c.id) ? threshold - 1 : Infinity);
  }
  for (let pass = 0, changed = true; changed && pass < 50; pass++) {
    changed = false;
    const tighten = (id: string, l: number, h: number) => {
      if (l > lo.get(id)! + 1e-9) (lo.set(id, l), (changed = true));
      if (h < hi.get(id)! - 1e-9) (hi.set(id, h), (changed = true));
    };
    for (const l of lines) {
      const sumLo = l.parts.reduce((s, p) => s + lo.get(p)!, 0);
      const sumHi = l.parts.reduce((s, p) => s + hi.get(p)!, 0);
      tighten(l.total, sumLo, sumHi);
      for (const p of l.parts) {
        const restLo = sumLo - lo.get(p)!;
        const restHi = l.parts.reduce((s, q) => (q === p ? s : s + hi.get(q)!), 0);
        tighten(p, lo.get(l.total)! - restHi, hi.get(l.total)! - restLo);
      }
    }
  }
  for (const id of hidden) if (byId.has(id) && lo.get(id) === hi.get(id)) out.add(id);
  return out;
}

/** The variables a linear system pins to one value: those whose unit vector is a row of the reduced row echelon form. */
function determined(rows: number[][], n: number): number[] {
  const m = rows.map((r) => [...r]);
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < m.length; c++) {
    let best = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[best]![c]!)) best = i;
    if (Math.abs(m[best]![c]!) < 1e-9) continue;
    [m[r], m[best]] = [m[best]!, m[r]!];
    const p = m[r]![c]!;
    for (let j = 0; j < n; j++) m[r]![j]! /= p;
    for (let i = 0; i < m.length; i++) {
      const f = m[i]![c]!;
      if (i !== r && Math.abs(f) > 1e-12) for (let j = 0; j < n; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    pivots.push(c);
    r++;
  }
  return pivots.filter((c, i) => m[i]!.every((x, j) => j === c || Math.abs(x) < 1e-9));
}

/** How a count is shown after suppression. */
export const shown = (id: string, v: number | null, s: { primary: Set<string>; hidden: Set<string> }, n: number): Shown =>
  v === null ? null : s.primary.has(id) ? `<${n}` : s.hidden.has(id) ? SECONDARY : v;

/* ---------------------------------------------------------------- tables */

export interface Table {
  rows: string[];
  cols: string[];
  /** values[row][col] */
  values: number[][];
}

/**
 * A table with row totals, column totals and a grand total, suppressed; every figure as shown.
 * @example protectTable({ rows: ['Barnet'], cols: ['Jan', 'Feb'], values: [[3, 40]] }, 5)
 */
export function protectTable(t: Table, threshold = DEFAULT_THRESHOLD) {
  const id = (r: number | 'T', c: number | 'T') => `${r}|${c}`;
  const rowTotals = t.values.map((r) => r.reduce((s, v) => s + v, 0));
  const colTotals = t.cols.map((_, c) => t.values.reduce((s, r) => s + r[c]!, 0));
  const cells: Cell[] = [
    ...t.values.flatMap((r, i) => r.map((v, j) => ({ id: id(i, j), value: v }))),
    ...rowTotals.map((v, i) => ({ id: id(i, 'T'), value: v })),
    ...colTotals.map((v, j) => ({ id: id('T', j), value: v })),
    { id: id('T', 'T'), value: rowTotals.reduce((s, v) => s + v, 0) },
  ];
  const lines: Line[] = [
    ...t.rows.map((_, i) => ({ total: id(i, 'T'), parts: t.cols.map((_, j) => id(i, j)) })),
    ...t.cols.map((_, j) => ({ total: id('T', j), parts: t.rows.map((_, i) => id(i, j)) })),
    { total: id('T', 'T'), parts: t.rows.map((_, i) => id(i, 'T')) },
    { total: id('T', 'T'), parts: t.cols.map((_, j) => id('T', j)) },
  ];
  const s = suppress(cells, lines, threshold);
  const show = (r: number | 'T', c: number | 'T') => shown(id(r, c), cells.find((x) => x.id === id(r, c))!.value, s, threshold);
  return {
    values: t.values.map((r, i) => r.map((_, j) => show(i, j))),
    rowTotals: t.rows.map((_, i) => show(i, 'T')),
    colTotals: t.cols.map((_, j) => show('T', j)),
    total: show('T', 'T'),
    primary: s.primary.size,
    secondary: s.secondary.size,
  };
}

/* ---------------------------------------------------------------- trends */

export interface TrendIn {
  month: string;
  count: number | null;
  rolling_12m: number | null;
}

/**
 * A monthly series suppressed as a whole (every month loaded), so that any from..to slice of it shows the same
 * figures: a rolling 12-month sum is a total of its 12 months, and two adjacent sums differ by one month in and
 * one out, so months are withheld until none can be worked out. `protect` names rolling sums (by month) that
 * must stay hidden (hidden elsewhere, e.g. by the scorecard's secondary suppression).
 * @example publicTrend(allRows, 5).filter((r) => r.month >= '2018-01')
 */
export function publicTrend(rows: TrendIn[], threshold = DEFAULT_THRESHOLD, protect: string[] = []) {
  const at = new Map(rows.map((r, i) => [r.month, i]));
  const cells: Cell[] = [];
  const lines: Line[] = [];
  for (const r of rows) {
    if (r.count !== null) cells.push({ id: `m${r.month}`, value: r.count });
    if (r.rolling_12m === null) continue;
    const months = Array.from({ length: 12 }, (_, k) => addMonths(r.month, -k));
    if (!months.every((m) => at.has(m) && rows[at.get(m)!]!.count !== null)) continue;
    cells.push({ id: `r${r.month}`, value: r.rolling_12m, hide: protect.includes(r.month) || undefined, protect: protect.includes(r.month) || undefined });
    lines.push({ total: `r${r.month}`, parts: months.map((m) => `m${m}`) });
  }
  // adjacent rolling sums differ by one month in and the same month a year before out: a calendar month's
  // counts across the years stand or fall together, so a small month hides its whole chain, and the first full
  // window's sum needs two hidden chains
  if (lines.length) {
    const value = new Map(cells.map((c) => [c.id, c.value]));
    const chain = (k: number) => rows.filter((r, i) => i % 12 === k && r.count !== null).map((r) => `m${r.month}`);
    const chains = Array.from({ length: 12 }, (_, k) => chain(k));
    const smallChain = (c: string[]) => c.some((id) => value.get(id)! >= 1 && value.get(id)! < threshold);
    const hide = chains.filter(smallChain);
    if (hide.length === 1) {
      const sum = (c: string[]) => c.reduce((t, id) => t + value.get(id)!, 0);
      const next = chains.filter((c) => !smallChain(c) && sum(c) > 0).sort((a, b) => sum(a) - sum(b))[0];
      if (next) hide.push(next);
    }
    const ids = new Set(hide.flat());
    for (const c of cells) if (ids.has(c.id)) c.hide = true;
  }
  const s = suppress(cells, lines, threshold);
  return rows.map((r) => ({
    ...r,
    count: shown(`m${r.month}`, r.count, s, threshold),
    rolling_12m: cells.some((c) => c.id === `r${r.month}`) ? shown(`r${r.month}`, r.rolling_12m, s, threshold) : null,
  }));
}

/* ---------------------------------------------------------------- ranks */

interface RanksBody {
  london: { count: number | null; population: number | null; rate_per_1000: number | null };
  rows: { area: { code: string; name: string }; count: number | null; rate_per_1000: number | null; rank: number | null; [k: string]: unknown }[];
  [k: string]: unknown;
}

/**
 * `/api/ranks` suppressed: the London total is the total of the ranked boroughs' counts, so one suppressed borough
 * hides the next-smallest too; a hidden count withholds its rate and rank.
 * @example publicRanks(await ranks(db, input), 5)
 */
export function publicRanks<T extends RanksBody>(body: T, threshold = DEFAULT_THRESHOLD) {
  const counted = body.rows.filter((r) => r.count !== null);
  const cells: Cell[] = counted.map((r) => ({ id: r.area.code, value: r.count! }));
  const lines: Line[] = [];
  if (body.london.count !== null) {
    cells.push({ id: 'london', value: body.london.count });
    lines.push({ total: 'london', parts: counted.filter((r) => r.rank !== null).map((r) => r.area.code) });
  }
  const s = suppress(cells, lines, threshold);
  const londonHidden = s.hidden.has('london');
  return {
    ...body,
    london: {
      ...body.london,
      count: body.london.count === null ? null : shown('london', body.london.count, s, threshold),
      rate_per_1000: londonHidden ? null : body.london.rate_per_1000,
    },
    ...(londonHidden && body.london_comparator ? { london_comparator: { ...(body.london_comparator as object), rate_per_1000: null } } : {}),
    rows: body.rows.map((r) =>
      // a hidden count withholds everything computed from it (its interval and funnel verdicts too)
      s.hidden.has(r.area.code)
        ? { ...r, count: shown(r.area.code, r.count!, s, threshold), rate_per_1000: null, rank: null, rate_ci95: null, vs_london: null, vs_london_95: null }
        : r,
    ),
    disclosure: { threshold, rule: ruleText(threshold), suppressed: s.primary.size, secondary: s.secondary.size },
  };
}

/* ---------------------------------------------------------------- repeat victimisation */

const REPEAT_PAIRS = [
  ['victims', 'repeat_victims', 'repeat_victim_rate'],
  ['locations', 'repeat_locations', 'repeat_location_rate'],
  ['incidents', 'repeat_incidents', 'repeat_incident_rate'],
] as const;

/**
 * Repeat figures suppressed: victims = repeat victims + victims with one incident (not shown, but implied),
 * so a small number of either hides the other; a rate from a hidden count is withheld.
 * @example publicRepeat({ victims: 140, repeat_victims: 3, repeat_victim_rate: 2.1, … }, 5)
 */
export function publicRepeat<T extends Record<string, unknown>>(body: T, threshold = DEFAULT_THRESHOLD, extra: string[] = []) {
  const cells: Cell[] = [];
  const lines: Line[] = [];
  for (const [all, rep] of REPEAT_PAIRS) {
    const [a, r] = [body[all], body[rep]];
    if (typeof a !== 'number' || typeof r !== 'number') continue;
    cells.push({ id: all, value: a, hide: extra.includes(all) || undefined, protect: extra.includes(all) || undefined }, { id: rep, value: r }, { id: `${all}-once`, value: a - r, published: false });
    lines.push({ total: all, parts: [rep, `${all}-once`] });
  }
  const s = suppress(cells, lines, threshold);
  const out: Record<string, unknown> = { ...body };
  const hiddenFields: string[] = [];
  for (const [all, rep, rate] of REPEAT_PAIRS) {
    for (const k of [all, rep]) if (typeof body[k] === 'number') out[k] = shown(k, body[k] as number, s, threshold);
    if ((s.hidden.has(all) || s.hidden.has(rep)) && rate in body) ((out[rate] = null), hiddenFields.push(rate));
  }
  return { body: out as T, hidden: s.hidden, withheld: hiddenFields };
}

/* ---------------------------------------------------------------- the scorecard */

/** Additive groups of the scorecard: the total's count is the sum of the parts' (one hate strand per incident). */
export const SCORECARD_GROUPS: Line[] = [
  { total: 'hate-crime', parts: ['hate-crime-race', 'hate-crime-religion', 'hate-crime-sexual-orientation', 'hate-crime-disability', 'hate-crime-transgender'] },
];

type Ind = Record<string, unknown> & { id: string; kind: string; source: string | null; current: unknown; previous: unknown };
type Body = { area: { code: string; name: string }; to: string; outcomes: { indicators: object[] }[] };
const indicatorsOf = (body: Body) => body.outcomes.flatMap((o) => o.indicators) as Ind[];

/** The counts behind a rate for the previous 12 months (`{k, n}`), which `/api/outcomes` shows only as a rate. */
export type PreviousCounts = Map<string, { k: number; n: number }>;

/** The counts behind a rate's previous window, from the engine's result (its windows carry k and n). */
export function previousCounts(body: Body): PreviousCounts {
  const out: PreviousCounts = new Map();
  for (const ind of indicatorsOf(body)) {
    const w = (ind.windows as { previous?: { k?: number | null; n?: number | null } } | null)?.previous;
    if (typeof w?.k === 'number' && typeof w.n === 'number') out.set(ind.id, { k: w.k, n: w.n });
  }
  return out;
}

const COMPARISON = ['change', 'pct_change', 'significance'];

/**
 * `/api/outcomes` suppressed for publication (see {@link ruleText}): each hidden count shows `"<N"` or `"[c]"`,
 * each figure computed from it is null and named in the indicator's `disclosure.withheld`, its RAG is grey and
 * its summary is rewritten without it; the body gains `disclosure` with the rule.
 * @example publicOutcomes(body, 5, await previousCounts(db, body))
 */
export function publicOutcomes<T extends Body>(body: T, threshold = DEFAULT_THRESHOLD, previous: PreviousCounts = previousCounts(body)): T & { disclosure: { threshold: number; rule: string } } {
  const all = indicatorsOf(body);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  // counts of count indicators, linked by the additive groups; only groups whose members share one source
  const cells: Cell[] = [];
  for (const i of all) if (i.kind === 'count') for (const w of ['current', 'previous']) if (num(i[w]) !== null) cells.push({ id: `${i.id}:${w}`, value: num(i[w])! });
  const lines: Line[] = [];
  for (const g of SCORECARD_GROUPS) {
    const members = [g.total, ...g.parts].map((id) => all.find((i) => i.id === id));
    if (members.some((m) => !m || m.kind !== 'count' || m.source === null || m.source !== members[0]!.source)) continue;
    for (const w of ['current', 'previous'])
      if (members.every((m) => cells.some((c) => c.id === `${m!.id}:${w}`))) lines.push({ total: `${g.total}:${w}`, parts: g.parts.map((p) => `${p}:${w}`) });
  }
  const s = suppress(cells, lines, threshold);
  const outcomes = body.outcomes.map((o) => ({
    ...o,
    indicators: (o.indicators as Ind[]).map((i) => discloseIndicator(i, s, threshold, previous.get(i.id))),
  }));
  return { ...body, outcomes, disclosure: { threshold, rule: ruleText(threshold) } };
}

function discloseIndicator(i: Ind, s: ReturnType<typeof suppress>, n: number, prev?: { k: number; n: number }): Ind {
  const out: Ind = { ...i };
  const suppressed: string[] = [];
  const withheld = new Set<string>();
  const withhold = (...keys: string[]) => keys.forEach((k) => k in out && out[k] !== null && ((out[k] = null), withheld.add(k)));
  if (i.kind === 'count') {
    for (const w of ['current', 'previous']) {
      const id = `${i.id}:${w}`;
      if (s.hidden.has(id)) ((out[w] = shown(id, i[w] as number, s, n)), suppressed.push(w));
    }
    if (suppressed.length) withhold(...COMPARISON);
    if (suppressed.includes('current')) withhold('rate_per_1000', 'value');
    if (i.repeat && typeof i.repeat === 'object') {
      // the repeat object's `incidents` is the current count again: hide it with the current count
      const r = publicRepeat(i.repeat as Record<string, unknown>, n, suppressed.includes('current') ? ['incidents'] : []);
      if (suppressed.includes('current')) (r.body as Record<string, unknown>).incidents = out.current;
      out.repeat = r.body;
      r.hidden.forEach((h) => !h.endsWith('-once') && suppressed.push(`repeat.${h}`));
      r.withheld.forEach((w) => withheld.add(`repeat.${w}`));
    }
  } else if (i.kind === 'repeat' || i.kind === 'share') {
    const cur = rateCounts(i);
    const small = (c?: { k: number; n: number }) => !!c && (tiny(c.k, n) || tiny(c.n, n) || tiny(c.n - c.k, n));
    if (i.repeat && typeof i.repeat === 'object') {
      const r = publicRepeat(i.repeat as Record<string, unknown>, n);
      out.repeat = r.body;
      r.hidden.forEach((h) => !h.endsWith('-once') && suppressed.push(`repeat.${h}`));
      r.withheld.forEach((w) => withheld.add(`repeat.${w}`));
    }
    if (small(cur)) (withhold('current', 'value', ...COMPARISON), suppressed.push('current counts'));
    if (i.previous !== null && (!prev || small(prev))) (withhold('previous', ...COMPARISON), suppressed.push('previous counts'));
  }
  if (!suppressed.length && !withheld.size) return out;
  if (withheld.has('significance') || withheld.has('current')) out.rag = 'grey';
  // a count's summary holds its counts, change and rank; a rate's also the k of n behind it
  const top = [...suppressed, ...withheld].some((k) => !k.startsWith('repeat.'));
  if (top || i.kind !== 'count') out.summary = publicSummary(out, n);
  out.disclosure = { suppressed, withheld: [...withheld] };
  return out;
}

const tiny = (v: number, n: number) => v >= 1 && v < n;

/** The k of n behind a repeat or share indicator's current rate, from the engine's result. */
function rateCounts(i: Ind): { k: number; n: number } | undefined {
  const w = (i.windows as { current?: { k?: number | null; n?: number | null } } | null)?.current;
  return typeof w?.k === 'number' && typeof w.n === 'number' ? { k: w.k, n: w.n } : undefined;
}

function publicSummary(i: Ind, n: number): string {
  const to = String(i.to);
  const month = new Date(`${to}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const fig = (v: unknown) => (typeof v === 'number' ? (i.kind === 'count' ? v.toLocaleString('en-GB') : `${Math.round(v * 10) / 10}%`) : v === null ? 'withheld' : String(v));
  const rank = typeof i.rank === 'number' ? ` London rank ${i.rank} of ${i.of} (1 = lowest rate).` : '';
  return (
    `${String(i.label)}: ${fig(i.current)} in the 12 months to ${month} (previous 12 months: ${fig(i.previous)}); ` +
    `the comparison is withheld because counts below ${n} are suppressed.${rank}`
  );
}
