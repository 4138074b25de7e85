/** The `/api/explain` body for a resolved figure, unsuppressed or as disclosure control allows (`public=1`). */
import type { Database } from '../data/db.ts';
import { areaMonths, indicatorMonths, monthRule, previousCounts, publicOutcomes, publicRanks, publicTrend, ruleText, seriesMarks, shown, suppress } from './disclosure/index.ts';
import type { Explanation, Shown, WardExplanation } from '../core/types.ts';
import { publicWardsBody } from './wards.ts';
import { figureFiles, sqlFiles, type Figure, type FigureQuery } from './explain.ts';
import { lookups } from './lookups.ts';
import { resolveCategory, resolveComparison } from './params.ts';
import { ranks } from './ranks.ts';
import { groupMembers } from './routes/ranks.ts';
import { trend } from './trend.ts';

/**
 * The figure as its route publishes it under disclosure control: `/api/outcomes`, `/api/ranks` and `/api/trend`
 * through their own adapters (so the explanation never shows a count its route withholds); a figure of a route
 * without one (rolling, league) through the suppression engine as a single count.
 */
async function publicValue(db: Database, f: Figure, q: FigureQuery, n: number): Promise<Shown> {
  if (f.value === null) return null;
  if (f.route === 'wards') return (await publicWard(db, f, n))?.count ?? null;
  if (f.route === 'outcomes' && f.scorecard) {
    const ind = publicOutcomes(f.scorecard, n, previousCounts(f.scorecard), await indicatorMonths(db, f.scorecard, n))
      .outcomes.flatMap((o) => o.indicators)
      .find((i) => i.id === f.subject.id);
    return (ind?.[f.figure as 'current' | 'previous'] ?? null) as Shown;
  }
  if (f.route === 'ranks' && f.source) {
    const category = await resolveCategory(db, f.subject.id);
    const { sources } = await lookups(db);
    const period = await resolveComparison(db, q, { ...sources.get(f.source)!, id: f.source });
    // the ranks exactly as the route publishes them: the same measure and peer group
    const members = await groupMembers(db, q.group);
    const measure = q.measure === 'count' ? 'count' : 'rate';
    const raw = await ranks(db, { source: f.source, category, period, measure, group: q.group, members });
    const body = publicRanks(raw, n, await areaMonths(db, f.source, raw.rows.filter((r) => r.count !== null).map((r) => r.area.code), category.id, n));
    return (body.rows.find((r) => r.area.code === f.area.code)?.count ?? null) as Shown;
  }
  if (f.route === 'trend' && f.source) {
    const range = (await lookups(db)).sources.get(f.source)!;
    const rows = publicTrend(
      await trend(db, {
        source: f.source,
        area: f.area.code,
        category: f.subject.id,
        from: range.first,
        to: range.last,
      }),
      n,
      (await seriesMarks(db, f.source, f.area.code, [f.subject.id], n)).get(f.subject.id),
    );
    const row = rows.find((r) => r.month === f.window.to);
    return (f.figure === 'count' ? row?.count : row?.rolling_12m) ?? null;
  }
  // a percentage (k of n) is withheld when k, or n - k, is small: either would reveal the other through n
  if (f.kn) {
    const { k, n: all } = f.kn;
    if (k === null || all === null) return null;
    const cells = [
      { id: 'k', value: k },
      { id: 'rest', value: all - k, published: false },
      { id: 'n', value: all },
    ];
    const s = suppress(cells, [{ total: 'n', parts: ['k', 'rest'] }], n);
    return s.hidden.has('k') || s.hidden.has('n') ? null : f.value;
  }
  // a window of /api/rolling: the month-level rule, as the route shows it
  if (f.route === 'rolling' && f.source) {
    const marks = (await seriesMarks(db, f.source, f.area.code, [f.subject.id], n)).get(f.subject.id)!;
    return monthRule(marks, n).sum(f.window.from, f.window.to, f.value);
  }
  // a figure of a route without its own adapter (league counts): one count
  const s = suppress([{ id: 'v', value: f.value }], [], n);
  return shown('v', f.value, s, n);
}

/** A ward figure's ward section as `/api/wards?public=1` publishes it (the same body after disclosure control). */
async function publicWard(db: Database, f: Figure, n: number): Promise<WardExplanation<Shown> | undefined> {
  if (!f.ward || !f.wardsQuery) return undefined;
  const body = await publicWardsBody(db, f.wardsQuery, n);
  const row = body.rows.find((r) => r.code === f.ward!.code)!;
  const hidden = typeof row.count === 'string';
  return {
    ...f.ward,
    count: row.count,
    rate_per_1000: row.rate_per_1000,
    vs_borough: row.vs_borough,
    arithmetic: hidden ? `withheld by disclosure control: the count is shown as "${row.count}", and its rate with it` : f.ward.arithmetic,
    borough: body.borough,
    unplaced: { count: body.unplaced.count, borough_count: body.unplaced.borough_count, wards_count: body.unplaced.wards_count, note: body.unplaced.note },
  };
}

/**
 * Everything `/api/explain` says about a figure: its value, SQL (names and text), bound parameters, source and the
 * rule that chose it, covered and missing months, the files they came from and the population year of a rate.
 * With `threshold` (public mode) the value is shown as disclosure control allows, per-file row counts are left out,
 * and no rows are offered.
 */
export async function explainBody(
  db: Database,
  f: Figure,
  q: FigureQuery,
  rowsUrl: string,
  threshold: number | null,
): Promise<Explanation> {
  const files = await figureFiles(db, f);
  const value = threshold ? await publicValue(db, f, q, threshold) : f.value;
  return {
    route: f.route,
    figure: f.figure,
    source: f.source,
    source_rule: f.source_rule,
    area: f.area,
    subject: f.subject,
    from: f.window.from,
    to: f.window.to,
    months: f.window.months,
    state: f.state,
    value,
    months_covered: f.covered_months.length,
    covered_months: f.covered_months,
    missing_months: f.missing_months,
    population_year: f.population_year,
    counted_as: f.requirement && { category: f.requirement.category, requires: f.requirement.requires },
    sql: sqlFiles(f.sql),
    parameters: f.parameters,
    files: threshold ? files.map(({ slice_rows: _rows, ...file }) => file) : files,
    rows: threshold
      ? {
          offered: false,
          url: null,
          why: 'rows are never offered in public mode (public=1): they are the unsuppressed incidents and cells',
        }
      : f.no_rows
        ? { offered: false, url: null, why: f.no_rows }
        : { offered: true, url: f.rows_url ?? rowsUrl, count: f.count, why: null },
    ...(f.ward ? { ward: threshold ? await publicWard(db, f, threshold) : f.ward } : {}),
    ...(threshold ? { disclosure: { threshold, rule: ruleText(threshold) } } : {}),
  };
}
