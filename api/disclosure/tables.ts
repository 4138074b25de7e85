/** Disclosure-control adapters for tables, trends, ranks and repeat figures: they build cells and lines for the engine. */
import { addMonths } from '../../core/months.ts';
import { DEFAULT_THRESHOLD, ruleText, shown, suppress, type Cell, type Line } from './suppress.ts';

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
