import type { Database } from '../data/db.ts';
import { allIndicators, outcomes, plainCategory, type CountIndicator, type Indicator } from '../data/outcomes.ts';
import { renderTitle } from '../data/profile.ts';
import type { Area, Category } from './lookups.ts';
import { lookups } from './lookups.ts';
import {
  countSummary,
  meets,
  monthName,
  proportionSignificance,
  rateSummary,
  trendRag,
  type AnySignificance,
  type Rag,
} from './outcomes-text.ts';
import { addMonths } from './params.ts';
import { sql } from './queries.ts';
import { ranks } from './ranks.ts';
import { repeatFigures } from './repeat.ts';
import { pctChange, rollingComparison } from './rolling.ts';

const VICTIM_FIELDS = ['victims', 'repeat_victims', 'repeat_victim_rate', 'incidents', 'repeat_incidents', 'repeat_incident_rate', 'min_incidents'];


export interface OutcomesInput {
  area: Area;
  to: string;
  /** use only this source (else the first of local, mps, policeuk that covers each indicator) */
  source?: string;
}

interface Figures {
  source: string | null;
  from: string;
  to: string;
  unit: 'count' | 'percent' | 'value';
  current: number | null;
  previous: number | null;
  change: number | null;
  pct_change: number | null;
  significance: AnySignificance | null;
  complete: boolean;
  missing_months: string[];
  rate_per_1000: number | null;
  rank: number | null;
  of: number | null;
  /** the source the London rank comes from (a public source covering every borough) */
  rank_source: string | null;
  repeat: Record<string, unknown> | null;
  value: number | null;
  target: number | null;
  period_end: string | null;
  note: string | null;
  rag: Rag;
  summary: string;
}

/**
 * The priority-outcome scorecard for an area and the 12 months ending `to`: the `/api/outcomes` body.
 * @example await scorecard(db, { area, to: '2018-12' })
 */
export async function scorecard(db: Database, input: OutcomesInput) {
  const { sources } = await lookups(db);
  // the profile's source order (default local, mps, policeuk)
  const order = input.source ? [input.source] : outcomes().source_order.filter((s) => sources.has(s));
  const ctx: Ctx = { db, ...input, order, ranks: new Map(), categories: (await lookups(db)).categories };
  const result = [];
  for (const o of outcomes().outcomes) {
    const indicators = [];
    for (const ind of o.indicators) {
      const figures = await indicatorFigures(ctx, ind);
      indicators.push({ id: ind.id, label: ind.label, kind: ind.kind, polarity: ind.polarity, ...figures });
    }
    result.push({ id: o.id, title: renderTitle(o.title, input.area.name), indicators });
  }
  return { area: { code: input.area.code, name: input.area.name }, to: input.to, from: addMonths(input.to, -11), source: input.source ?? null, outcomes: result };
}

interface Ctx extends OutcomesInput {
  db: Database;
  order: string[];
  ranks: Map<string, Awaited<ReturnType<typeof ranks>> | null>;
  categories: Map<string, Category>;
}

function base(ctx: Ctx, unit: Figures['unit']): Figures {
  return {
    source: null,
    from: addMonths(ctx.to, -11),
    to: ctx.to,
    unit,
    current: null,
    previous: null,
    change: null,
    pct_change: null,
    significance: null,
    complete: false,
    missing_months: [],
    rate_per_1000: null,
    rank: null,
    of: null,
    rank_source: null,
    repeat: null,
    value: null,
    target: null,
    period_end: null,
    note: null,
    rag: 'grey',
    summary: '',
  };
}

function indicatorFigures(ctx: Ctx, ind: Indicator): Promise<Figures> {
  switch (ind.kind) {
    case 'count':
      return countFigures(ctx, ind);
    case 'repeat':
      return repeatIndicator(ctx, ind, allIndicators().find((i) => i.id === ind.of) as CountIndicator);
    case 'share':
      return shareFigures(ctx, ind);
    case 'manual':
      return manualFigures(ctx, ind);
  }
}

const grey = (f: Figures, label: string, to: string, why: string): Figures => ({
  ...f,
  rag: 'grey',
  summary: `${label}: not enough data for the 12 months to ${monthName(to)} (${why}).`,
});

/** The category id that counts an indicator in a source, or undefined when that source cannot express its filter. */
function categoryFor(ind: Indicator, source: string): string | undefined {
  return source === 'local' ? ind.id : plainCategory(ind);
}

async function holds(db: Database, source: string, category: string): Promise<boolean> {
  const row = await db.one<{ present: boolean }>(sql('outcome-has-category'), { source, category });
  return row?.present === true;
}

async function countFigures(ctx: Ctx, ind: CountIndicator): Promise<Figures> {
  const f = base(ctx, 'count');
  let partial: { source: string; body: Awaited<ReturnType<typeof rollingComparison>> } | undefined;
  for (const source of ctx.order) {
    const id = categoryFor(ind, source);
    if (!id || !(await holds(ctx.db, source, id))) continue;
    const category = ctx.categories.get(id) ?? { id, label: ind.label, group: '' };
    const body = await rollingComparison(ctx.db, { source, area: ctx.area, category, to: ctx.to });
    if (body.complete) {
      partial = { source, body };
      break;
    }
    partial ??= { source, body };
  }
  if (!partial) return grey(f, ind.label, ctx.to, `no loaded source covers it for ${ctx.area.name}`);
  const { source, body } = partial;
  Object.assign(f, {
    source,
    current: body.current.count,
    previous: body.previous.count,
    change: body.change,
    pct_change: body.pct_change,
    significance: body.significance,
    complete: body.complete,
    missing_months: body.missing_months,
    rate_per_1000: body.current.rate_per_1000,
  });
  if (!body.complete) return grey(f, ind.label, ctx.to, `${source} has no data for ${gaps(body.missing_months)}`);
  // a London rank needs data for every borough: from this source, or (for a local extract) the first public one
  const plain = plainCategory(ind);
  for (const s of source === 'local' ? ['mps', 'policeuk'] : [source]) {
    if (!plain || f.rank !== null || !(await lookups(ctx.db)).sources.has(s) || !(await holds(ctx.db, s, plain))) continue;
    Object.assign(f, await londonRank(ctx, s, plain));
    if (f.rank !== null) f.rank_source = s;
  }
  if (source === 'local') {
    const r = await repeatFigures(ctx.db, { source, area: ctx.area, indicator: ind, to: ctx.to, unit: 'victim' });
    if ((r.victims ?? 0) > 0) f.repeat = pick(r, [...VICTIM_FIELDS]);
  }
  const target = ind.target ?? null;
  f.target = target;
  f.rag = trendRag(ind.polarity, body.significance, true, target !== null && meets(ind.polarity, body.current.count, target));
  f.summary = countSummary({ label: ind.label, to: ctx.to, current: body.current.count, previous: body.previous.count, significant: body.significance.significant, rank: f.rank, of: f.of });
  return f;
}

/** The area's London rank by rate (1 = lowest = best) when the source has complete data for every borough. */
async function londonRank(ctx: Ctx, source: string, category: string) {
  const key = `${source}|${category}`;
  if (!ctx.ranks.has(key)) {
    const c = ctx.categories.get(category);
    const body = c ? await ranks(ctx.db, { source, category: c, to: ctx.to, measure: 'rate' }) : null;
    ctx.ranks.set(key, body && body.rows.every((r) => r.complete) ? body : null);
  }
  const body = ctx.ranks.get(key);
  const row = body?.rows.find((r) => r.area.code === ctx.area.code);
  return row?.rank ? { rank: row.rank, of: body!.of } : { rank: null, of: null };
}

async function repeatIndicator(ctx: Ctx, ind: Extract<Indicator, { kind: 'repeat' }>, of: CountIndicator): Promise<Figures> {
  const f = base(ctx, 'percent');
  const candidates = ctx.order.filter((s) => s === 'local' || (s === 'policeuk' && ind.unit === 'location' && plainCategory(of)));
  const people = ind.unit === 'victim' ? 'victims' : 'locations';
  const key = ind.unit === 'victim' ? 'repeat_victims' : 'repeat_locations';
  for (const source of candidates) {
    const args = { source, area: ctx.area, indicator: of, unit: ind.unit, minIncidents: ind.min_incidents };
    const now = await repeatFigures(ctx.db, { ...args, to: ctx.to });
    if (!now.complete || (now as Record<string, unknown>)[people] === 0) continue;
    const before = await repeatFigures(ctx.db, { ...args, to: addMonths(ctx.to, -12) });
    const [k1, n1] = [now[key as keyof typeof now] as number, now[people as keyof typeof now] as number];
    const [k2, n2] = [before[key as keyof typeof before] as number, before[people as keyof typeof before] as number];
    const current = (100 * k1) / n1;
    const previous = before.complete && n2 > 0 ? (100 * k2) / n2 : null;
    const sig = previous === null ? null : proportionSignificance(k1, n1, k2, n2);
    Object.assign(f, {
      source,
      current,
      previous,
      change: previous === null ? null : current - previous,
      pct_change: previous === null ? null : pctChange(current, previous),
      significance: sig,
      complete: previous !== null,
      missing_months: [...before.missing_months, ...now.missing_months],
      repeat: pick(now, [people, key, ind.unit === 'victim' ? 'repeat_victim_rate' : 'repeat_location_rate', 'incidents', 'repeat_incidents', 'repeat_incident_rate', 'min_incidents']),
      note: now.note,
    });
    const target = ind.target ?? null;
    f.target = target;
    f.rag = trendRag(ind.polarity, sig, previous !== null, target !== null && meets(ind.polarity, current, target));
    f.summary = rateSummary({ label: ind.label, to: ctx.to, k: k1, n: n1, rate: current, previous, of: people, significant: sig?.significant ?? false });
    if (previous === null) f.summary = f.summary.replace(/\.$/, ' (no previous 12 months to compare with).');
    return f;
  }
  return grey(f, ind.label, ctx.to, `needs ${ind.unit === 'victim' ? 'victim ids from a local extract' : 'incident locations'} covering ${ctx.area.name}`);
}

interface ShareRow {
  incidents: number;
  with_outcome: number;
  sanction_detection: number;
  positive_outcome: number;
}

async function shareFigures(ctx: Ctx, ind: Extract<Indicator, { kind: 'share' }>): Promise<Figures> {
  const f = base(ctx, 'percent');
  const outcome = ind.outcome;
  if (outcome !== 'sanction_detection' && outcome !== 'positive_outcome')
    return grey(f, ind.label, ctx.to, `the ${outcome.replace('_', ' ')} rate is not computed by this version`);
  for (const source of ctx.order.filter((s) => !ind.source || s === ind.source)) {
    if (source === 'mps') continue; // MPS borough counts carry no outcomes
    const category = categoryFor(ind, source);
    if (!category) continue;
    const query = source === 'local' ? 'outcome-share-local' : 'outcome-share-policeuk';
    const window = async (to: string) => {
      const from = addMonths(to, -11);
      const key: Record<string, string> = source === 'local' ? { indicator: ind.id } : { category };
      const row = (await ctx.db.one<ShareRow>(sql(query), { ...key, area: ctx.area.code, from, to }))!;
      const cover = await ctx.db.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM coverage WHERE source = $source AND area_code = $area
         AND month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE)`,
        { source, area: ctx.area.code, from, to },
      );
      return { ...row, complete: cover!.n === 12 };
    };
    const now = await window(ctx.to);
    if (!now.complete || now.with_outcome === 0) continue;
    const before = await window(addMonths(ctx.to, -12));
    const k1 = now[outcome];
    const current = (100 * k1) / now.incidents;
    const ok = before.complete && before.with_outcome > 0;
    const previous = ok ? (100 * before[outcome]) / before.incidents : null;
    const sig = ok ? proportionSignificance(k1, now.incidents, before[outcome], before.incidents) : null;
    Object.assign(f, {
      source,
      current,
      previous,
      change: previous === null ? null : current - previous,
      pct_change: previous === null ? null : pctChange(current, previous),
      significance: sig,
      complete: ok,
      repeat: null,
      note: `${outcome === 'sanction_detection' ? 'sanction detections' : 'positive outcomes'} of ${now.incidents} offences; ${now.incidents - now.with_outcome} have no outcome recorded`,
    });
    const target = ind.target ?? null;
    f.target = target;
    f.rag = trendRag(ind.polarity, sig, ok, target !== null && meets(ind.polarity, current, target));
    f.summary = rateSummary({ label: ind.label, to: ctx.to, k: k1, n: now.incidents, rate: current, previous, of: 'offences', significant: sig?.significant ?? false });
    return f;
  }
  return grey(f, ind.label, ctx.to, `needs recorded outcomes covering ${ctx.area.name}`);
}

async function manualFigures(ctx: Ctx, ind: Extract<Indicator, { kind: 'manual' }>): Promise<Figures> {
  const f = base(ctx, 'value');
  const read = (to: string) =>
    ctx.db.one<{ period_end: string; value: number; target: number | null; note: string | null }>(sql('outcome-manual'), {
      indicator: ind.id,
      area: ctx.area.code,
      from: addMonths(to, -11),
      to,
    });
  const now = await read(ctx.to);
  f.target = now?.target ?? ind.target ?? null;
  if (!now) return grey(f, ind.label, ctx.to, `no value loaded for ${ctx.area.name} with period_end in ${f.from}..${ctx.to}`);
  const before = await read(addMonths(ctx.to, -12));
  Object.assign(f, {
    source: 'manual',
    value: now.value,
    current: now.value,
    previous: before?.value ?? null,
    change: before ? now.value - before.value : null,
    pct_change: before ? pctChange(now.value, before.value) : null,
    complete: true,
    period_end: now.period_end,
    note: now.note,
  });
  const when = `at ${monthName(now.period_end)}`;
  if (f.target === null) {
    f.rag = 'amber';
    f.summary = `${ind.label}: ${now.value.toLocaleString('en-GB')} ${when}; no target set.`;
  } else {
    const ok = meets(ind.polarity, now.value, f.target);
    f.rag = ok ? 'green' : 'red';
    f.summary = `${ind.label}: ${now.value.toLocaleString('en-GB')} ${when} against a target of ${f.target.toLocaleString('en-GB')} (${ok ? 'meeting' : 'missing'} the target).`;
  }
  return f;
}

/** `2018-01, 2018-02` or, for many, `18 of the 24 months (2017-01 to 2018-12)`. */
const gaps = (months: string[]): string =>
  months.length <= 3 ? months.join(', ') : `${months.length} of the 24 months (${months[0]} to ${months.at(-1)})`;

function pick<T extends object>(o: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
}
