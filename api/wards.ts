import { z } from 'zod';
import type { Database } from '../data/db.ts';
import { addMonths, monthList } from '../core/months.ts';
import { SOURCE_NAMES, WARD_SOURCES } from '../core/sources.ts';
import { vsLondon } from '../core/stats/funnel.ts';
import { rateCi95 } from '../core/stats/poisson.ts';
import { ratePer1000 } from '../core/stats/rate.ts';
import { significance } from '../core/stats/significance.ts';
import { xmrChart } from '../core/stats/spc.ts';
import type { PublishedWards, WardRow, Wards, WardSource } from '../core/types.ts';
import { groupOf } from './disclosure/months.ts';
import { publicWards, wardMarks } from './disclosure/wards.ts';
import { InputError } from './errors.ts';
import { lookups } from './lookups.ts';
import { month, name, resolveArea, resolveCategory } from './params.ts';
import { periodQuery, resolvePeriod } from './periods.ts';
import { sql } from './queries.ts';
import { polarityOf } from './spc.ts';

export const MEASURES = ['count', 'rate'] as const;

/** `GET /api/wards`'s query (the route, the pack and the views take exactly this). */
export const wardsSchema = z.object({
  area: name('area'),
  category: name('category'),
  to: month.optional(),
  ...periodQuery,
  source: z.string().optional(),
  measure: z
    .enum(MEASURES, { error: (i) => `unknown measure: ${JSON.stringify(i.input)} (allowed: ${MEASURES.join(', ')})` })
    .default('count'),
});

/** The borough-level source each ward-level source's wards are compared with (the borough's own rows). */
const BOROUGH_SOURCE: Record<string, string> = { mpsward: 'mps', mpsdash: 'mpsdash' };

/** Months of each ward's series read for its SPC chart (three years to `to`). */
const SPC_MONTHS = 36;

/**
 * The ward-level sources loaded (`GET /api/wards/sources`), in WARD_SOURCES order: their months and the categories they
 * can express, so a view asks `/api/wards` only for what it can answer.
 */
export async function wardSources(db: Database): Promise<WardSource[]> {
  const rows = await db.all<WardSource>(sql('wards-sources'));
  const order = WARD_SOURCES as readonly string[];
  return rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/**
 * The `/api/wards` body: every 2022 ward of a London borough on a ward-level source (default: the first of
 * WARD_SOURCES loaded), its count and rate over the period, the change on the comparison window, its rate against the
 * borough's and the SPC reading of its latest month; and the borough's unplaced remainder (its own figure minus its
 * wards'). A window the source does not fully cover is labelled (`complete` false, `missing_months`) and not compared.
 * @example await wardsBody(db, validQuery(wardsSchema, { area: 'Barnet', category: 'burglary', to: '2026-02' }))
 */
export async function wardsBody(db: Database, q: z.output<typeof wardsSchema>): Promise<Wards> {
  return (await wardsResult(db, q)).body;
}

/**
 * The month-by-month figures a ward body is made of, for disclosure control (api/disclosure/wards.ts): every covered
 * month read (the window, the comparison window and the SPC chart's 36 months), each 2022 ward's and each pseudo
 * ward's count there (0 for no row in a covered month), and the borough's own figure of the month (its borough-level
 * source's, else the ward source's rows of the borough, placed and unplaced).
 */
export interface WardMonthly {
  months: string[];
  wards: string[];
  pseudo: string[];
  value: (code: string, month: string) => number;
  borough: (month: string) => number;
}

/** {@link wardsBody} with the monthly figures it is made of ({@link WardMonthly}). */
export async function wardsResult(db: Database, q: z.output<typeof wardsSchema>): Promise<{ body: Wards; monthly: WardMonthly }> {
  const loaded = (await wardSources(db)).map((s) => ({ ...s, source: s.id }));
  const asked = q.source?.trim().toLowerCase();
  if (asked && !(WARD_SOURCES as readonly string[]).includes(asked))
    throw new InputError(`unknown ward source: ${JSON.stringify(q.source)} (allowed: ${WARD_SOURCES.join(', ')})`, {
      parameter: 'source',
      allowed: [...WARD_SOURCES],
    });
  const source = asked ? loaded.find((s) => s.source === asked) : loaded[0];
  if (!source)
    throw new InputError(
      asked
        ? `source ${asked} has no ward data loaded (loaded: ${loaded.map((s) => s.source).join(', ') || 'none'})`
        : 'no ward-level data loaded: load an MPS ward-level crime file first ("saferboard load FILE")',
      { parameter: 'source', allowed: loaded.map((s) => s.source) },
    );
  const area = await resolveArea(db, q.area);
  const { areas } = await lookups(db);
  if (!area.borough)
    throw new InputError(`wards are served for a London borough, not ${area.name}`, {
      parameter: 'area',
      allowed: [...areas.values()].filter((a) => a.borough).map((a) => a.name).sort(),
    });
  const category = await resolveCategory(db, q.category);
  const expressible = source.categories;
  if (!expressible.includes(category.id))
    throw new InputError(`source ${source.source} cannot express category ${JSON.stringify(category.id)} (it can express: ${expressible.sort().join(', ')})`, {
      parameter: 'category',
      allowed: expressible.sort(),
    });
  const to = q.to ?? source.last;
  if (to > source.last || to < source.first)
    throw new InputError(`to=${to} is outside the months loaded for ${source.source} (${source.first} to ${source.last})`, {
      parameter: 'to',
      last: source.last,
    });
  const period = resolvePeriod(to, q.period, q.vs);
  const { current, previous } = period;
  const from = [previous.from, current.from, addMonths(to, -(SPC_MONTHS - 1))].sort()[0]!;
  const boroughSource = BOROUGH_SOURCE[source.source] ?? null;
  const range = { area: area.code, category: category.id, from: `${from}-01`, to: `${to}-01` };
  const params = {
    'wards-list': { area: area.code },
    'wards-counts': { source: source.source, ...range },
    'wards-coverage': { source: source.source, ...range },
    'wards-borough': { source: boroughSource ?? '', ...range },
    'wards-pseudo': { area: area.code },
  };
  const [wards, counts, coverage, borough, pseudoNames] = await Promise.all([
    db.all<{ code: string; name: string; population: number | null }>(sql('wards-list'), params['wards-list']),
    db.all<{ ward_code: string; placed: boolean; month: string; count: number }>(sql('wards-counts'), params['wards-counts']),
    db.all<{ month: string }>(sql('wards-coverage'), params['wards-coverage']),
    boroughSource ? db.all<{ month: string; count: number }>(sql('wards-borough'), params['wards-borough']) : Promise.resolve([]),
    db.all<{ ward_code: string; name: string | null }>(sql('wards-pseudo'), params['wards-pseudo']),
  ]);

  const covered = new Set(coverage.map((r) => r.month));
  const byWard = new Map<string, Map<string, number>>();
  for (const r of counts) {
    const m = byWard.get(r.ward_code) ?? new Map<string, number>();
    m.set(r.month, (m.get(r.month) ?? 0) + r.count);
    byWard.set(r.ward_code, m);
  }
  const currentMonths = monthList(current.from, current.to);
  const previousMonths = monthList(previous.from, previous.to);
  const missing = currentMonths.filter((m) => !covered.has(m));
  const previousMissing = previousMonths.filter((m) => !covered.has(m));
  const complete = missing.length === 0;
  const previousComplete = previousMissing.length === 0;
  /** a ward's count over months: null when none of them is covered; a covered month with no row is 0 */
  const sumOver = (code: string, months: string[]) => {
    const inside = months.filter((m) => covered.has(m));
    if (inside.length === 0) return null;
    const m = byWard.get(code);
    return inside.reduce((s, x) => s + (m?.get(x) ?? 0), 0);
  };

  // the borough's figure: its own rows on the borough-level source when they cover the whole window, else the ward
  // source's own rows of the borough (its wards and pseudo wards)
  const boroughMonths = new Map(borough.map((r) => [r.month, r.count]));
  const boroughComplete = boroughSource !== null && currentMonths.every((m) => boroughMonths.has(m));
  const allWardRows = (months: string[]) => (months.every((m) => covered.has(m)) ? [...byWard.keys()].reduce((s, c) => s + (sumOver(c, months) ?? 0), 0) : null);
  const boroughCount = boroughComplete ? currentMonths.reduce((s, m) => s + boroughMonths.get(m)!, 0) : allWardRows(currentMonths);
  const boroughPopulation = wards.some((w) => w.population !== null) ? wards.reduce((s, w) => s + (w.population ?? 0), 0) : null;
  const boroughRate = complete ? ratePer1000(boroughCount, boroughPopulation) : null;
  const { polarity } = polarityOf(category.id);
  const spcFrom = addMonths(to, -(SPC_MONTHS - 1));
  const spcMonths = monthList(spcFrom, to);
  const firstCovered = spcMonths.find((m) => covered.has(m));

  const rows = wards.map((w): WardRow => {
    const count = sumOver(w.code, currentMonths);
    const prev = sumOver(w.code, previousMonths);
    const compared = complete && previousComplete && count !== null && prev !== null;
    const rate = complete ? ratePer1000(count, w.population) : null;
    const vs = complete ? vsLondon(count, w.population, boroughRate) : { vs_london: null, vs_london_95: null };
    const test = compared ? significance(count, prev) : null;
    const monthly = byWard.get(w.code);
    const value = (m: string) => (covered.has(m) ? (monthly?.get(m) ?? 0) : null);
    let spc: WardRow['spc'] = null;
    if (firstCovered && covered.has(to)) {
      const chart = xmrChart(monthList(firstCovered, to).map((m) => ({ month: m, count: value(m) })), { polarity, floor: 0 });
      spc = { month: chart.latest.month, variation: chart.latest.variation, signal: chart.latest.signal, why: chart.latest.why };
    }
    return {
      code: w.code,
      name: w.name,
      population: w.population,
      count,
      rate_per_1000: rate,
      rate_ci95: complete ? rateCi95(count, w.population) : null,
      previous: previousComplete ? prev : null,
      change: compared ? count - prev : null,
      pct_change: compared && prev > 0 ? (100 * (count - prev)) / prev : null,
      significance: test,
      direction: test ? test.direction : null,
      vs_borough: vs.vs_london,
      vs_borough_95: vs.vs_london_95,
      spc,
      series: monthList(addMonths(to, -11), to).map((m) => ({ month: m, count: value(m) })),
    };
  });
  if (q.measure === 'rate') rows.sort((a, b) => (b.rate_per_1000 ?? -1) - (a.rate_per_1000 ?? -1) || a.name.localeCompare(b.name));
  else rows.sort((a, b) => (b.count ?? -1) - (a.count ?? -1) || a.name.localeCompare(b.name));

  const names = new Map(pseudoNames.map((p) => [p.ward_code, p.name]));
  const placedCodes = new Set(wards.map((w) => w.code));
  const pseudo = [...byWard.keys()]
    .filter((c) => !placedCodes.has(c))
    .map((code) => ({ code, name: names.get(code) ?? null, count: sumOver(code, currentMonths) ?? 0 }))
    .filter((p) => p.count > 0)
    .sort((a, b) => b.count - a.count);
  const wardsCount = complete ? rows.reduce((s, r) => s + (r.count ?? 0), 0) : null;
  const unplacedCount = boroughComplete && wardsCount !== null ? boroughCount! - wardsCount : null;
  const label = category.label.toLowerCase();
  const note = !complete
    ? `the window is not fully covered by ${source.source}: no unplaced figure`
    : boroughComplete
      ? `${area.name}'s own ${boroughSource} figure for ${label} is ${boroughCount}; its ${wards.length} wards add up to ${wardsCount}: ${unplacedCount} ${unplacedCount === 1 ? 'crime is' : 'crimes are'} not placed in one of its wards` +
        (pseudo.length ? ` (${pseudo.reduce((s, p) => s + p.count, 0)} of them under codes that are no 2022 ward)` : '')
      : `no ${boroughSource ?? 'borough-level'} figure covers the whole window: only the ward rows under codes that are no 2022 ward are known to be unplaced (${pseudo.reduce((s, p) => s + p.count, 0)})`;

  const reason = missing.length === currentMonths.length
    ? `${source.source} has no ward data for ${label} in ${area.name} from ${current.from} to ${current.to}`
    : missing.length
      ? `${source.source} does not cover ${missing.join(', ')}: counts are of ${currentMonths.length - missing.length} of ${currentMonths.length} months, not compared`
      : !previousComplete
        ? `${source.source} does not cover ${previousMissing.join(', ')} of the comparison window (${previous.from} to ${previous.to}): not compared`
        : null;
  const readMonths = monthList(from, to).filter((m) => covered.has(m));
  const pseudoCodes = [...byWard.keys()].filter((c) => !placedCodes.has(c)).sort();
  const monthly: WardMonthly = {
    months: readMonths,
    wards: wards.map((w) => w.code),
    pseudo: pseudoCodes,
    value: (code, m) => byWard.get(code)?.get(m) ?? 0,
    borough: (m) => boroughMonths.get(m) ?? [...byWard.values()].reduce((s, x) => s + (x.get(m) ?? 0), 0),
  };
  const body: Wards = {
    source: source.source,
    area: { code: area.code, name: area.name },
    category: { id: category.id, label: category.label },
    measure: q.measure,
    period: { period: period.period, vs: period.vs, current: { ...current }, previous: { ...previous }, label: period.label, versus: period.versus, words: period.words },
    months: currentMonths.length,
    months_covered: currentMonths.length - missing.length,
    missing_months: missing,
    complete,
    previous_complete: previousComplete,
    reason,
    borough: {
      source: boroughComplete ? boroughSource! : source.source,
      count: boroughCount,
      population: boroughPopulation,
      rate_per_1000: boroughRate,
      basis: boroughComplete
        ? `${area.name}'s own figure on ${boroughSource} (${SOURCE_NAMES[boroughSource!] ?? boroughSource}) over the Census 2021 population of its wards`
        : `${area.name}'s ward rows on ${source.source}, placed and unplaced, over the Census 2021 population of its wards`,
    },
    unplaced: {
      borough_source: boroughComplete ? boroughSource : null,
      borough_count: boroughComplete ? boroughCount : null,
      wards_count: wardsCount,
      count: unplacedCount,
      share: unplacedCount !== null && boroughCount ? unplacedCount / boroughCount : null,
      pseudo,
      note,
    },
    rows,
    made_by: { sql: Object.keys(params), parameters: params },
  };
  return { body, monthly };
}

/**
 * `/api/wards` in public mode (`public=1`): the body after disclosure control (api/disclosure/wards.ts), its month
 * tables suppressed with those of every category of its additive group the source expresses (so a ward's small
 * business burglaries are not its burglaries less its residential ones).
 * @example await publicWardsBody(db, validQuery(wardsSchema, { area: 'Barnet', category: 'burglary' }), 5)
 */
export async function publicWardsBody(db: Database, q: z.output<typeof wardsSchema>, threshold: number): Promise<PublishedWards> {
  const { body, monthly } = await wardsResult(db, q);
  const expressible = (await wardSources(db)).find((s) => s.id === body.source)?.categories ?? [];
  const others = groupOf(body.category.id).filter((c) => c !== body.category.id && expressible.includes(c));
  const byCategory: Record<string, WardMonthly> = { [body.category.id]: monthly };
  for (const c of others) byCategory[c] = (await wardsResult(db, { ...q, category: c, source: body.source, to: body.period.current.to })).monthly;
  return publicWards(body, wardMarks(byCategory, threshold).get(body.category.id)!, threshold);
}
