/** The disclosure-control adapter for the engine's scorecard: it reads the result's numbers (k and n of both windows). */
import { withheldSentence } from '../../core/text.ts';
import { ADDITIVE_GROUPS, monthRule, publicTrend, type MonthMark, type TrendIn } from './months.ts';
import type { Shown } from '../../core/types.ts';
import { addMonths } from '../../core/months.ts';
import { DEFAULT_THRESHOLD, ruleText, SECONDARY, shown, suppress, type Cell, type Line } from './suppress.ts';
import { publicRepeat } from './tables.ts';

/* ---------------------------------------------------------------- the scorecard */

/** Additive groups of the scorecard: the total's count is the sum of the parts' (one hate strand per incident). */
export const SCORECARD_GROUPS: Line[] = ADDITIVE_GROUPS;

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

/** Per count indicator (by id): its series' hidden months over every month loaded (api/disclosure/series.ts). */
export type IndicatorMonths = Map<string, Map<string, MonthMark>>;

/**
 * `/api/outcomes` suppressed for publication (see {@link ruleText}): each hidden count shows `"<N"` or `"[c]"`,
 * each figure computed from it is null and named in the indicator's `disclosure.withheld`, its RAG is grey and
 * its summary is rewritten without it; the body gains `disclosure` with the rule.
 *
 * With `months` (each count indicator's hidden months, as `/api/outcomes` passes them) a count follows the
 * month-level rule (months.ts): a window's count is published only when its window holds no hidden month, so the
 * scorecard agrees with `/api/trend` and `/api/rolling` and no combination of them solves a hidden month. Without
 * them (a scorecard alone) its counts are suppressed as one table: small counts, and the additive groups' totals.
 * @example publicOutcomes(body, 5, previousCounts(body), await indicatorMonths(db, body, 5))
 */
export function publicOutcomes<T extends Body>(
  body: T,
  threshold = DEFAULT_THRESHOLD,
  previous: PreviousCounts = previousCounts(body),
  months?: IndicatorMonths,
): T & { disclosure: { threshold: number; rule: string } } {
  const all = indicatorsOf(body);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  // counts of count indicators, linked by the additive groups; only groups whose members share one source
  const cells: Cell[] = [];
  for (const i of all) if (i.kind === 'count') for (const w of ['current', 'previous']) if (num(i[w]) !== null) cells.push({ id: `${i.id}:${w}`, value: num(i[w])! });
  const lines: Line[] = [];
  if (!months)
    for (const g of SCORECARD_GROUPS) {
      const members = [g.total, ...g.parts].map((id) => all.find((i) => i.id === id));
      if (members.some((m) => !m || m.kind !== 'count' || m.source === null || m.source !== members[0]!.source)) continue;
      for (const w of ['current', 'previous'])
        if (members.every((m) => cells.some((c) => c.id === `${m!.id}:${w}`))) lines.push({ total: `${g.total}:${w}`, parts: g.parts.map((p) => `${p}:${w}`) });
    }
  const s = suppress(cells, lines, threshold);
  // how a window's count is shown: by the month-level rule when the indicator's months are known; `v` is the
  // indicator's figure for the window or the window's own copy of its count (the same, or a partial window's count)
  const show = (i: Ind, w: 'current' | 'previous', v: number | null = num(i[w])): Shown => {
    const marks = months?.get(i.id);
    if (v === null) return null;
    if (!marks) return v === num(i[w]) ? shown(`${i.id}:${w}`, v, s, threshold) : tiny(v, threshold) ? `<${threshold}` : v;
    const win = (i.windows as { current?: { from?: string; to?: string }; previous?: { from?: string; to?: string } } | null)?.[w];
    if (!win?.from || !win.to) return SECONDARY; // a window whose months are not known is not published
    return monthRule(marks, threshold).sum(win.from, win.to, v);
  };
  const outcomes = body.outcomes.map((o) => ({
    ...o,
    indicators: (o.indicators as Ind[]).map((i) => discloseIndicator(i, show, threshold, previous.get(i.id), months?.get(i.id), months && compareMarks(i, months))),
  }));
  return { ...body, outcomes, disclosure: { threshold, rule: ruleText(threshold) } };
}

/** The figures of a count that its count gives back: withheld with it. */
const FROM_CURRENT = ['rate_per_1000', 'rate_ci95', 'value', 'rank', 'vs_london', 'vs_london_95', 'vs_comparator', 'vs_comparator_95'];
const FROM_EITHER = [...COMPARISON, 'direction'];

/** The hidden months of the source a count's `compare` is on, when that is not its own source (null: not known). */
const compareMarks = (i: Ind, months: IndicatorMonths) => {
  const c = i.compare as { source?: string } | null | undefined;
  return c?.source && c.source !== i.source ? (months.get(`${i.id}@${c.source}`) ?? null) : undefined;
};

/** The fields of a `compare` that its count gives back (London's rate is withheld apart: see {@link discloseCompare}). */
const COMPARE_FROM_COUNT = ['rate_per_1000', 'rank', 'vs_london', 'vs_london_95', 'vs_comparator', 'vs_comparator_95'];

/**
 * A count's `compare` (how the area compares on the source it is ranked on) as published: withheld whole with the
 * current count (as `rank`, `rate_per_1000` and `vs_london` are); on another source (a local figure ranked on MPS)
 * its count follows the month-level rule on that source's months, and a hidden one withholds its rate, rank and
 * verdicts, and the result's London rank from it. London's rate is always withheld: it adds up every ranked borough's
 * count, which one area's scorecard cannot check (`/api/ranks?public=1` checks them all and gives it there).
 */
function discloseCompare(out: Ind, current: boolean, n: number, withhold: (...k: string[]) => void, withheld: Set<string>, suppressed: string[], marks?: Map<string, MonthMark> | null) {
  const c = out.compare as (Record<string, unknown> & { source: string; from: string; to: string; count: number | null }) | null | undefined;
  if (!c) return;
  if (current) return withhold('compare');
  const next: Record<string, unknown> = { ...c };
  if (c.source !== out.source && typeof c.count === 'number') {
    const v = marks === undefined ? (tiny(c.count, n) ? `<${n}` : c.count) : marks === null ? SECONDARY : monthRule(marks, n).sum(c.from, c.to, c.count);
    if (v !== c.count) {
      next.count = v;
      suppressed.push('compare.count');
      for (const k of COMPARE_FROM_COUNT) if (next[k] !== null) ((next[k] = null), withheld.add(`compare.${k}`));
      // the London rank and its verdicts come from this count when the figure is ranked on it
      if (out.rank_source === c.source) withhold('rank', 'of', 'vs_london', 'vs_london_95', 'vs_comparator', 'vs_comparator_95');
    }
  }
  if (next.london_rate_per_1000 !== null) ((next.london_rate_per_1000 = null), withheld.add('compare.london_rate_per_1000'));
  // outside London, the comparator group's rate likewise adds up every member's count
  if (next.comparator_rate_per_1000 != null) ((next.comparator_rate_per_1000 = null), withheld.add('compare.comparator_rate_per_1000'));
  out.compare = next;
}

function discloseIndicator(i: Ind, show: (i: Ind, w: 'current' | 'previous', v?: number | null) => Shown, n: number, prev?: { k: number; n: number }, marks?: Map<string, MonthMark>, otherMarks?: Map<string, MonthMark> | null): Ind {
  const out: Ind = { ...i };
  const suppressed: string[] = [];
  const withheld = new Set<string>();
  const withhold = (...keys: string[]) => keys.forEach((k) => k in out && out[k] !== null && ((out[k] = null), withheld.add(k)));
  if (i.kind === 'count') {
    const windows = i.windows && typeof i.windows === 'object' ? { ...(i.windows as Record<string, Record<string, unknown>>) } : null;
    for (const w of ['current', 'previous'] as const) {
      const v = show(i, w);
      if (v !== i[w]) ((out[w] = v), suppressed.push(w));
      // the window's own copy of its count (a partial window's too), with its rate and interval
      const win = windows?.[w];
      if (win && typeof win.count === 'number') {
        const c = show(i, w, win.count);
        if (c !== win.count) windows![w] = { ...win, count: c, rate_per_1000: null, rate_ci95: null };
      }
    }
    if (windows) out.windows = windows;
    if (suppressed.length) withhold(...FROM_EITHER);
    if (suppressed.includes('current')) withhold(...FROM_CURRENT);
    discloseCompare(out, suppressed.includes('current'), n, withhold, withheld, suppressed, otherMarks);
    // the latest month's process chart: its count, and its limits (from 36 months), only when none of them is hidden
    const spc = i.spc as { month?: string; count?: number | null } | null | undefined;
    if (spc && typeof spc === 'object') {
      const from = spc.month ? addMonths(spc.month, -35) : '';
      const hidden = marks ? monthRule(marks, n).holds(from, spc.month!) : typeof spc.count === 'number' && spc.count >= 1 && spc.count < n;
      if (hidden || !spc.month) withhold('spc');
    }
    // the monthly series as /api/trend?public=1 shows it: each month by rule 1 (a hidden month "<N" or "[c]"), each
    // rolling sum holding a hidden month "[c]"; without the indicator's hidden months (over every month loaded) it
    // cannot be published month by month, and is withheld whole
    if (Array.isArray(i.series)) {
      const rows = i.series as TrendIn[];
      if (marks || rows.every((r) => r.count === null)) out.series = publicTrend(rows, n, marks ?? new Map());
      else withhold('series');
    }
    // an MPS dashboard count's positive outcomes (k of n, n = the current count): withheld with the current count, or
    // when k, n or n - k is small
    const po = i.positive_outcomes as { k: number; n: number } | null | undefined;
    if (po && typeof po === 'object' && (suppressed.includes('current') || tiny(po.k, n) || tiny(po.n, n) || tiny(po.n - po.k, n))) withhold('positive_outcomes');
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
  const top = [...suppressed, ...withheld].some((k) => !k.startsWith('repeat.') && !k.startsWith('compare.') && k !== 'spc' && k !== 'series' && k !== 'positive_outcomes');
  if (top || i.kind !== 'count') out.summary = withheldSentence(out as never, n);
  out.disclosure = { suppressed, withheld: [...withheld] };
  return out;
}

const tiny = (v: number, n: number) => v >= 1 && v < n;

/** The k of n behind a repeat or share indicator's current rate, from the engine's result. */
function rateCounts(i: Ind): { k: number; n: number } | undefined {
  const w = (i.windows as { current?: { k?: number | null; n?: number | null } } | null)?.current;
  return typeof w?.k === 'number' && typeof w.n === 'number' ? { k: w.k, n: w.n } : undefined;
}

