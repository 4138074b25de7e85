/**
 * Disclosure control for ward figures (`/api/wards?public=1`, `/api/explain?route=wards&public=1`): the month-level
 * rule (months.ts) with the borough as each month's total. Pure.
 *
 * Each month of a category is one table: the borough's figure = its wards' counts + the unplaced remainder (crimes in
 * the borough's figure placed in no ward). A ward's month from 1 to N−1 is hidden (`"<N"`); then the suppression
 * engine hides the next-smallest part of the month (another ward, or the unplaced remainder) until no hidden ward
 * can be worked out from the borough's figure, the wards shown and the remainder (secondary suppression, `"[c]"`).
 * Where categories add up (ADDITIVE_GROUPS: burglary = residential + business…) a ward's month of the total and its
 * parts are linked too, so the month's tables of the group are suppressed as one. The remainder is no place's count:
 * it is never a primary, but it is hidden (and every sum of it withheld) where hiding it protects a ward.
 *
 * Every sum of months (a ward's window and comparison-window counts, the unplaced remainder, the borough's count) is
 * published only when none of its months is hidden (rule 2), and everything computed from a withheld count (rate,
 * interval, change, test, funnel verdict, SPC reading) is withheld with it. So the window-level sum "borough − wards −
 * unplaced" is an equation only in hidden months, which their month tables were checked against.
 */
import { addMonths } from '../../core/months.ts';
import type { PublishedWards, Shown, WardRow, Wards } from '../../core/types.ts';
import type { WardMonthly } from '../wards.ts';
import { ADDITIVE_GROUPS, monthRule, type MonthMark } from './months.ts';
import { ruleText, SECONDARY, suppress, type Cell, type Line } from './suppress.ts';

/** The id of a borough's unplaced remainder and of its own figure in a month table. */
export const UNPLACED = '~unplaced';
export const BOROUGH = '~borough';

/** Per category, per ward code (and UNPLACED, BOROUGH): its hidden months and why. */
export type WardMarks = Map<string, Map<string, Map<string, MonthMark>>>;

/**
 * Rule 1 over the wards of a borough for one or more categories (each with its monthly figures, wards.ts), month by
 * month: each month's table (borough = wards + unplaced) per category, and the categories of an additive group linked
 * ward by ward where their figures add up.
 * @example wardMarks({ burglary: (await wardsResult(db, q)).monthly }, 5).get('burglary')!.get('E05013630')
 */
export function wardMarks(byCategory: Record<string, WardMonthly>, threshold: number, groups: Line[] = ADDITIVE_GROUPS): WardMarks {
  const out: WardMarks = new Map();
  const months = new Set(Object.values(byCategory).flatMap((m) => m.months));
  for (const [c, m] of Object.entries(byCategory)) out.set(c, new Map([...m.wards, UNPLACED, BOROUGH].map((code) => [code, new Map()])));
  for (const month of months) {
    const cats = Object.entries(byCategory).filter(([, m]) => m.months.includes(month));
    const value = new Map<string, number>();
    const cells: Cell[] = [];
    const lines: Line[] = [];
    for (const [c, m] of cats) {
      const wards = m.wards.map((code) => [`${c}|${code}`, m.value(code, month)] as const);
      const borough = m.borough(month);
      const unplaced = borough - wards.reduce((s, [, v]) => s + v, 0);
      for (const [id, v] of wards) cells.push({ id, value: v });
      cells.push({ id: `${c}|${UNPLACED}`, value: unplaced, open: true }, { id: `${c}|${BOROUGH}`, value: borough });
      for (const x of [...wards, [`${c}|${UNPLACED}`, unplaced] as const, [`${c}|${BOROUGH}`, borough] as const]) value.set(x[0], x[1]);
      lines.push({ total: `${c}|${BOROUGH}`, parts: [...wards.map(([id]) => id), `${c}|${UNPLACED}`] });
    }
    // an additive group: each ward's (and the remainder's, the borough's) total is the sum of its parts that month
    for (const g of groups) {
      if (![g.total, ...g.parts].every((c) => cats.some(([x]) => x === c))) continue;
      const codes = [...byCategory[g.total]!.wards, UNPLACED, BOROUGH];
      for (const code of codes) {
        const ids = g.parts.map((p) => `${p}|${code}`);
        const total = `${g.total}|${code}`;
        if (!value.has(total) || ids.some((id) => !value.has(id))) continue;
        if (value.get(total) === ids.reduce((s, id) => s + value.get(id)!, 0)) lines.push({ total, parts: ids });
      }
    }
    const s = suppress(cells, lines, threshold);
    for (const id of s.hidden) {
      const bar = id.indexOf('|');
      out.get(id.slice(0, bar))!.get(id.slice(bar + 1))!.set(month, s.primary.has(id) ? 'primary' : 'secondary');
    }
  }
  return out;
}

/** Published rows first in the route's order, the withheld after them by name: a withheld ward's place says nothing. */
function order(rows: WardRow<Shown>[], measure: Wards['measure']) {
  const key = (r: WardRow<Shown>) => (measure === 'rate' ? r.rate_per_1000 : typeof r.count === 'number' ? r.count : null);
  const shown = rows.filter((r) => typeof r.count !== 'string');
  const withheld = rows.filter((r) => typeof r.count === 'string').sort((a, b) => a.name.localeCompare(b.name));
  shown.sort((a, b) => (key(b) ?? -1) - (key(a) ?? -1) || a.name.localeCompare(b.name));
  return [...shown, ...withheld];
}

/**
 * `/api/wards` for publication, given its category's marks ({@link wardMarks} over every category of its additive
 * group): each ward's months and window counts by the month-level rule, everything computed from a withheld count
 * withheld, the unplaced remainder (and the wards' total beside it, its complement) withheld when any of its months
 * is hidden, the borough's count by its own months. `disclosure.withheld` names what was withheld.
 * @example publicWards(body, wardMarks({ burglary: monthly }, 5).get('burglary')!, 5)
 */
export function publicWards(body: Wards, marks: Map<string, Map<string, MonthMark>>, threshold: number): PublishedWards {
  const withheld: string[] = [];
  const { current, previous } = body.period;
  const empty = new Map<string, MonthMark>();
  const rule = (code: string) => monthRule(marks.get(code) ?? empty, threshold);
  // the SPC chart's months: up to 36 to `to` (any hidden month there withholds the latest month's reading)
  const spcFrom = addMonths(current.to, -35);
  const rows = body.rows.map((r): WardRow<Shown> => {
    const ru = rule(r.code);
    const count = ru.sum(current.from, current.to, r.count);
    const prev = ru.sum(previous.from, previous.to, r.previous);
    const countHidden = count !== r.count;
    const compareHidden = countHidden || prev !== r.previous;
    if (countHidden) withheld.push(`${r.code}.count`);
    if (prev !== r.previous) withheld.push(`${r.code}.previous`);
    const spcHidden = r.spc !== null && ru.holds(spcFrom, current.to);
    if (spcHidden) withheld.push(`${r.code}.spc`);
    return {
      ...r,
      count,
      previous: prev,
      rate_per_1000: countHidden ? null : r.rate_per_1000,
      rate_ci95: countHidden ? null : r.rate_ci95,
      vs_borough: countHidden ? null : r.vs_borough,
      vs_borough_95: countHidden ? null : r.vs_borough_95,
      change: compareHidden ? null : r.change,
      pct_change: compareHidden ? null : r.pct_change,
      significance: compareHidden ? null : r.significance,
      direction: compareHidden ? null : r.direction,
      spc: spcHidden ? null : r.spc,
      series: r.series.map((s) => ({ month: s.month, count: ru.month(s.month, s.count) })),
    };
  });
  const u = body.unplaced;
  const unplacedHidden = rule(UNPLACED).holds(current.from, current.to);
  const withhold = (name: string, v: number | null): Shown => (v === null ? null : (withheld.push(name), SECONDARY));
  // the borough's count: its own months by rule 2; on the ward rows (no borough-level figure), withheld with any ward
  const boroughRule = rule(BOROUGH).sum(current.from, current.to, body.borough.count);
  const onWardRows = u.borough_source === null;
  const anyHidden = rows.some((r) => typeof r.count === 'string') || unplacedHidden;
  const boroughCount: Shown = onWardRows && anyHidden ? withhold('borough.count', body.borough.count) : boroughRule;
  if (!onWardRows && boroughCount !== body.borough.count) withheld.push('borough.count');
  const boroughHidden = boroughCount !== body.borough.count;
  // the unplaced crimes under codes that are no 2022 ward: sums of months no table checks (their months are never
  // published, so nothing shows whether one is small): withheld by code, the remainder stands for them
  return {
    ...body,
    rows: order(rows, body.measure),
    borough: { ...body.borough, count: boroughCount, rate_per_1000: boroughHidden ? null : body.borough.rate_per_1000 },
    unplaced: {
      ...u,
      borough_count: u.borough_count === null ? null : boroughHidden ? SECONDARY : u.borough_count,
      count: unplacedHidden ? withhold('unplaced.count', u.count) : u.count,
      // the wards' total is the borough's figure less the remainder: withheld with it
      wards_count: unplacedHidden || boroughHidden ? withhold('unplaced.wards_count', u.wards_count) : u.wards_count,
      share: unplacedHidden || boroughHidden ? null : u.share,
      pseudo: u.pseudo.map((p) => ({ ...p, count: p.count > 0 ? (withheld.push(`unplaced.pseudo.${p.code}`), SECONDARY) : p.count })),
      // the route's note without the pseudo wards' total (withheld by code), or without every figure when withheld
      note: unplacedHidden || boroughHidden
        ? "in public mode the unplaced remainder is withheld: with the borough's figure and the wards shown it would reveal a suppressed ward"
        : u.note.replace(/ \(\d+ of them under codes that are no 2022 ward\)/, '').replace(/ \(\d+\)$/, ' (not published by code in public mode)'),
    },
    disclosure: { threshold, rule: ruleText(threshold), withheld },
  };
}
