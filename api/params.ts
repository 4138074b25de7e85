import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import type { Database } from '../data/db.ts';
import { nearest } from '../data/nearest.ts';
import { allIndicators } from '../data/outcomes.ts';
import { type SourceId, SOURCES } from '../core/sources.ts';
import { InputError } from './errors.ts';
import { lookups, type Area, type Category } from './lookups.ts';
import { resolvePeriod, type Period, type PeriodKind, type Versus } from './periods.ts';
import { dashboardCategory } from './indicators/requirements.ts';


/** A month written YYYY-MM. */
export const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: (i) => `malformed month: ${JSON.stringify(i.input)} (expected YYYY-MM, e.g. 2018-12)` });

/** A short free-text parameter: resolved against the reference data later, so only its size is checked here. */
export const name = (what: string) =>
  z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(100, `${what} is too long`);

/**
 * zod validation of a route's query string; a failure is a 400 JSON naming the bad value.
 * @example app.get('/', query(z.object({ area: name('area') })), (c) => c.req.valid('query'))
 */
export const query = <T extends z.ZodType>(schema: T) =>
  zValidator('query', schema, (result) => {
    if (!result.success) throw invalid(result.error);
  });

/** The first issue of a failed validation as an InputError naming the bad value. */
const invalid = (error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) => {
  const issue = error.issues[0]!;
  const field = issue.path.join('.');
  return new InputError(field && !issue.message.includes(field) ? `${field}: ${issue.message}` : issue.message, {
    parameter: field || null,
  });
};

/**
 * A route's query validated outside HTTP (the pack, the CLI), by the same schema and with the same message as
 * {@link query}, so a function called directly takes exactly what its route takes.
 * @example await outcomesBody(db, validQuery(outcomesSchema, { area: 'Barnet', to: '2018-12' }), null)
 */
export function validQuery<T extends z.ZodType>(schema: T, raw: Record<string, string | undefined>): z.output<T> {
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

/** The area for any spelling the reference knows, or its GSS code (case-insensitive). */
export async function resolveArea(db: Database, raw: string): Promise<Area> {
  const { aliases, areas } = await lookups(db);
  const code = aliases.get(raw.trim().replace(/\s+/g, ' ').toLowerCase());
  if (code) return areas.get(code)!;
  const boroughs = [...areas.values()].filter((a) => a.borough || a.code === 'E09000001').map((a) => a.name);
  const suggestion = nearest(raw, [...aliases.keys()].map((a) => areas.get(aliases.get(a)!)!.name));
  throw new InputError(`unknown area: ${JSON.stringify(raw)}${hint(suggestion)}`, {
    parameter: 'area',
    allowed: boroughs.sort(),
    suggestion: suggestion ?? null,
  });
}

/** A canonical category id (data/reference/category-ids.csv). */
export async function resolveCategory(db: Database, raw: string): Promise<Category> {
  const { categories } = await lookups(db);
  const category = categories.get(raw.trim().toLowerCase());
  if (category) return category;
  const ids = [...categories.keys()].sort();
  const suggestion = nearest(raw, ids);
  throw new InputError(`unknown category: ${JSON.stringify(raw)}${hint(suggestion)}`, { parameter: 'category', allowed: ids, suggestion: suggestion ?? null });
}

/** The source asked for, or by default mps if loaded, else policeuk, else local. Must have data loaded. */
export async function resolveSource(db: Database, raw: string | undefined): Promise<{ id: SourceId; first: string; last: string }> {
  const { sources } = await lookups(db);
  const loaded = SOURCES.filter((s) => sources.has(s));
  if (raw === undefined || raw === '') {
    const id = loaded[0];
    if (!id) throw new InputError('no data loaded: run "saferboard load" first', { parameter: 'source', allowed: [] });
    return { ...sources.get(id)!, id };
  }
  const id = raw.trim().toLowerCase();
  if (!(SOURCES as readonly string[]).includes(id))
    throw new InputError(`unknown source: ${JSON.stringify(raw)} (allowed: ${SOURCES.join(', ')})`, { parameter: 'source', allowed: SOURCES });
  const range = sources.get(id);
  if (!range)
    throw new InputError(`source ${id} has no data loaded (loaded: ${loaded.join(', ') || 'none'})`, { parameter: 'source', allowed: loaded });
  return { ...range, id: id as SourceId };
}

/** Checks `to` (and `from`) against the months the source has: not after its last month, from <= to. */
export function checkMonths(source: { id: string; first: string; last: string }, to: string, from?: string) {
  if (to > source.last)
    throw new InputError(`to=${to} is after the last month loaded for ${source.id} (${source.last})`, {
      parameter: 'to',
      last: source.last,
    });
  if (from !== undefined && from > to) throw new InputError(`from=${from} is after to=${to}`, { parameter: 'from' });
}


/** ` (did you mean "Haringey"?)` for the nearest known spelling (also the error's `detail.suggestion`), else ''. */
const hint = (best: string | null | undefined): string => (best ? ` (did you mean ${JSON.stringify(best)}?)` : '');

/** The query parameters of a series (one source, area and category): `source`, `area`, `category`. */
export const seriesQuery = {
  source: z.string().optional(),
  area: name('area'),
  category: name('category'),
};

/**
 * Resolves a series' source, area and category, each a 400 naming the bad value when unknown.
 * @example const { source, area, category } = await resolveSeries(db, c.req.valid('query'));
 */
export async function resolveSeries(db: Database, q: { source?: string; area: string; category: string }) {
  const source = await resolveSource(db, q.source);
  const category = await resolveCategory(db, q.category);
  await checkExpressible(db, source.id, category.id);
  return { source, area: await resolveArea(db, q.area), category };
}

/**
 * A 400 when a source can never express a category (MPS has no ASB; police.uk does not split residential burglary),
 * naming the source and what it can express. Local extracts also express the profile's local indicators, the MPS
 * dashboard those of them it has a figure for.
 */
export async function checkExpressible(db: Database, source: string, category: string): Promise<void> {
  const { capabilities } = await lookups(db);
  const ids = new Set(capabilities.get(source) ?? []);
  if (source === 'local') for (const i of allIndicators()) if (i.kind === 'count') ids.add(i.id);
  // the MPS dashboard: the profile's count indicators it has a figure for (api/indicators/requirements.ts)
  if (source === 'mpsdash') for (const i of allIndicators()) if (dashboardCategory(i)) ids.add(i.id);
  if (ids.has(category)) return;
  const allowed = [...ids].sort();
  throw new InputError(`source ${source} cannot express category ${JSON.stringify(category)} (it can express: ${allowed.join(', ')})`, {
    parameter: 'category',
    allowed,
  });
}

/**
 * The period a comparison route asks for (`to`, `period`, `vs`), checked against the months loaded: `to` defaults
 * to the last month loaded (of `source`, or of any source); a `to` outside every loaded source's months (or the
 * given source's) is a 400 saying which months are loaded.
 * @example const period = await resolveComparison(db, q, source);
 */
export async function resolveComparison(
  db: Database,
  q: { to?: string; period?: PeriodKind; vs?: Versus },
  source?: { id: string; first: string; last: string },
): Promise<Period> {
  const { sources } = await lookups(db);
  const ranges = source ? [source] : [...sources.values()];
  if (ranges.length === 0) throw new InputError('no data loaded: run "saferboard load" first', { parameter: 'to' });
  const loaded = ranges.map((s) => `${s.id} ${s.first} to ${s.last}`).join('; ');
  const last = ranges.map((s) => s.last).sort().at(-1)!;
  const to = q.to ?? last;
  const first = ranges.map((s) => s.first).sort()[0]!;
  const where = source ? ` for ${source.id}` : '';
  if (!ranges.some((s) => to >= s.first && to <= s.last))
    throw new InputError(
      to > last
        ? `to=${to} is after the last month loaded${where} (${last}); loaded: ${loaded}`
        : to < first
          ? `to=${to} is before the first month loaded${where} (${first}); loaded: ${loaded}`
          : `to=${to} is outside the months loaded${where} (${loaded})`,
      { parameter: 'to', last, loaded: ranges.map((s) => ({ source: s.id, first: s.first, last: s.last })) },
    );
  return resolvePeriod(to, q.period, q.vs);
}
