/** Disclosure-control adapters for tables, trends, ranks and repeat figures: they build cells and lines for the engine. */
import type { Shown } from '../../core/types.ts';
import { monthRule, type MonthMark } from './months.ts';
import { DEFAULT_THRESHOLD, ruleText, SECONDARY, shown, suppress, type Cell, type Line } from './suppress.ts';

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

/* ---------------------------------------------------------------- ranks */

interface RanksBody {
  london: { count: number | null; population: number | null; rate_per_1000: number | null };
  rows: { area: { code: string; name: string }; count: number | null; rate_per_1000: number | null; rank: number | null; [k: string]: unknown }[];
  [k: string]: unknown;
}

/**
 * `/api/ranks` suppressed: the London total is the total of the ranked boroughs' counts, so one suppressed borough
 * hides the next-smallest too; a hidden count withholds its rate and rank. With `months` (each borough's hidden
 * months, as the route passes them) a borough's count follows the month-level rule (months.ts): a window that holds
 * a hidden month is withheld (`"[c]"`), as `/api/trend` and `/api/rolling` show that borough.
 * @example publicRanks(await ranks(db, input), 5)
 */
export function publicRanks<T extends RanksBody>(body: T, threshold = DEFAULT_THRESHOLD, months?: Map<string, Map<string, MonthMark>>) {
  const counted = body.rows.filter((r) => r.count !== null);
  const window = typeof body.from === 'string' && typeof body.to === 'string' ? { from: body.from, to: body.to } : null;
  // the month-level rule: how each borough's count is shown when its months are known (undefined: by the table alone)
  const byMonths = (code: string, v: number): Shown | undefined => {
    const marks = months?.get(code);
    if (!months) return undefined;
    if (!marks || !window) return SECONDARY;
    return monthRule(marks, threshold).sum(window.from, window.to, v);
  };
  const cells: Cell[] = counted.map((r) => {
    const forced = byMonths(r.area.code, r.count!);
    // hidden by its months: kept unrecoverable from the London total too
    return { id: r.area.code, value: r.count!, ...(forced !== undefined && forced !== r.count ? { hide: true, protect: true } : {}) };
  });
  // the London total adds up every ranked borough's months: withheld when any of them is hidden (rule 2)
  const londonHolds = cells.some((c) => c.hide);
  const lines: Line[] = [];
  if (body.london.count !== null) {
    cells.push({ id: 'london', value: body.london.count, ...(londonHolds ? { hide: true } : {}) });
    lines.push({ total: 'london', parts: counted.filter((r) => r.rank !== null).map((r) => r.area.code) });
  }
  const s = suppress(cells, lines, threshold);
  const londonHidden = s.hidden.has('london');
  const show = (code: string, v: number): Shown => {
    const forced = byMonths(code, v);
    return forced !== undefined && forced !== v ? forced : shown(code, v, s, threshold);
  };
  const rows = body.rows.map((r) =>
    // a hidden count withholds everything computed from it (its interval and funnel verdicts too)
    s.hidden.has(r.area.code)
      ? { ...r, count: show(r.area.code, r.count!), rate_per_1000: null, rank: null, rate_ci95: null, vs_london: null, vs_london_95: null }
      : r,
  );
  // A withheld borough's place is withheld too: left where it was ranked, or leaving a gap in the ranks (1, 2, 4),
  // it would say its rate lies between its neighbours' (and with its population, its count within a range). So the
  // published boroughs are ranked among themselves, and the withheld ones listed after them by name.
  const withheld = body.rows.filter((r) => r.rank !== null && s.hidden.has(r.area.code)).length;
  const shownRanked = rows.filter((r) => r.rank !== null);
  const reranked = withheld === 0
    ? rows
    : [
        ...rows.filter((r) => !s.hidden.has(r.area.code)).map((r) =>
          r.rank === null ? r : { ...r, rank: 1 + shownRanked.filter((o) => o.rank! < r.rank!).length }),
        ...rows.filter((r) => s.hidden.has(r.area.code)).sort((a, b) => a.area.name.localeCompare(b.area.name)),
      ];
  return {
    ...body,
    ...(withheld > 0 && typeof body.of === 'number' ? { of: shownRanked.length } : {}),
    london: {
      ...body.london,
      count: body.london.count === null ? null : shown('london', body.london.count, s, threshold),
      rate_per_1000: londonHidden ? null : body.london.rate_per_1000,
    },
    ...(londonHidden && body.london_comparator ? { london_comparator: { ...(body.london_comparator as object), rate_per_1000: null } } : {}),
    rows: reranked,
    disclosure: {
      threshold,
      rule: ruleText(threshold),
      suppressed: s.primary.size,
      secondary: s.secondary.size,
      ...(withheld > 0
        ? { ranked_among: `the ${shownRanked.length} boroughs whose counts are published: the ${withheld} withheld are listed after them by name, unranked` }
        : {}),
    },
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
