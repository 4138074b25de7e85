import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Database } from './db.ts';

export const HATE_STRANDS = ['race', 'religion', 'sexual-orientation', 'disability', 'transgender'] as const;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** One conjunctive condition on a local incident; an indicator's filter is one clause or a list (any of them). */
const Clause = z
  .object({
    categories: z.array(z.string().regex(ID)).min(1).optional(),
    type: z.enum(['crime', 'asb']).optional(),
    domestic_abuse: z.boolean().optional(),
    knife: z.boolean().optional(),
    injury: z.boolean().optional(),
    hate_strand: z.enum(['any', ...HATE_STRANDS]).optional(),
    victim_age: z
      .object({ min: z.number().int().min(0).optional(), max: z.number().int().max(130).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type Clause = z.infer<typeof Clause>;

const common = {
  id: z.string().regex(ID, 'expected a kebab-case id'),
  label: z.string().min(1),
  polarity: z.enum(['lower-is-better', 'higher-is-better']),
  target: z.number().optional(),
  min_incidents: z.number().int().min(2).optional(),
  description: z.string().optional(),
};
const Indicator = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('count'), filter: z.union([Clause, z.array(Clause).min(1)]) }).strict(),
  z.object({ ...common, kind: z.literal('repeat'), of: z.string(), unit: z.enum(['victim', 'location']).default('victim') }).strict(),
  z
    .object({
      ...common,
      kind: z.literal('share'),
      filter: z.union([Clause, z.array(Clause).min(1)]),
      outcome: z.enum(['sanction_detection', 'positive_outcome']),
    })
    .strict(),
  z.object({ ...common, kind: z.literal('manual') }).strict(),
]);
export type Indicator = z.infer<typeof Indicator>;

const Outcomes = z
  .object({
    $comment: z.string().optional(),
    outcomes: z
      .array(z.object({ id: z.number().int(), title: z.string().min(1), indicators: z.array(Indicator) }).strict())
      .length(7, 'expected the seven priority outcomes'),
  })
  .strict()
  .superRefine((value, ctx) => {
    const all = value.outcomes.flatMap((o) => o.indicators);
    value.outcomes.forEach((o, i) => {
      if (o.id !== i + 1) ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'id'], message: `expected id ${i + 1}, found ${o.id}` });
    });
    const seen = new Set<string>();
    for (const [oi, o] of value.outcomes.entries())
      for (const [ii, ind] of o.indicators.entries()) {
        const path = ['outcomes', oi, 'indicators', ii];
        if (seen.has(ind.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate indicator id "${ind.id}"` });
        seen.add(ind.id);
        if (ind.kind === 'repeat' && all.find((x) => x.id === ind.of)?.kind !== 'count')
          ctx.addIssue({ code: 'custom', path: [...path, 'of'], message: `"${ind.of}" is not a count indicator` });
      }
  });
export type OutcomesConfig = z.infer<typeof Outcomes>;
export type CountIndicator = Extract<Indicator, { kind: 'count' }>;

export const OUTCOMES_PATH = fileURLToPath(new URL('./outcomes.json', import.meta.url));
const cache = new Map<string, OutcomesConfig>();

/**
 * The priority outcomes and their indicators, validated (`SAFERBOARD_OUTCOMES` overrides the path).
 * Throws a short error naming the file and the bad key when the file is invalid.
 * @example outcomes().outcomes[5].indicators[0].id // 'burglary-residential'
 */
export function outcomes(path = process.env.SAFERBOARD_OUTCOMES ?? OUTCOMES_PATH): OutcomesConfig {
  const hit = cache.get(path);
  if (hit) return hit;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read the priority outcomes: ${(e as Error).message}`);
  }
  const parsed = Outcomes.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: invalid priority outcomes at ${keyPath(issue.path)}: ${issue.message}`);
  }
  cache.set(path, parsed.data);
  return parsed.data;
}

/** Every indicator, flat, in outcome order. */
export const allIndicators = (config = outcomes()): Indicator[] => config.outcomes.flatMap((o) => o.indicators);

/** The filter clauses of a count or share indicator, as a list. */
export const clauses = (ind: Indicator): Clause[] =>
  'filter' in ind ? (Array.isArray(ind.filter) ? ind.filter : [ind.filter]) : [];

/** The single category id of an indicator whose filter is categories-only (so public sources can count it), else undefined. */
export function plainCategory(ind: Indicator): string | undefined {
  const c = clauses(ind);
  if (c.length !== 1) return undefined;
  const { categories, ...rest } = c[0]!;
  return categories?.length === 1 && Object.keys(rest).length === 0 ? categories[0] : undefined;
}

/** `outcomes[2].indicators[0].polarity` from a zod issue path. */
export const keyPath = (path: PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `${i ? '.' : ''}${String(p)}` : `[${JSON.stringify(String(p))}]`)).join('') || '(top level)';

/**
 * Writes the indicator filters (one row per clause of every count and share indicator) and the outcome types
 * reference into the database, so the SQL can apply them. Run inside each load.
 */
export async function writeIndicatorTables(db: Database): Promise<void> {
  const rows = allIndicators().flatMap((ind) =>
    clauses(ind).map((c, clause) => ({
      id: ind.id,
      kind: ind.kind,
      clause,
      categories: c.categories ?? null,
      type: c.type ?? null,
      domestic_abuse: c.domestic_abuse ?? null,
      knife: c.knife ?? null,
      injury: c.injury ?? null,
      hate_strand: c.hate_strand ?? null,
      age_min: c.victim_age?.min ?? null,
      age_max: c.victim_age?.max ?? null,
      plain: plainCategory(ind) !== undefined,
    })),
  );
  await db.run('DELETE FROM indicator_filters');
  await db.run(
    `INSERT INTO indicator_filters
     SELECT r.id, r.kind, r.clause::INTEGER, r.categories::VARCHAR[], r.type, r.domestic_abuse::BOOLEAN, r.knife::BOOLEAN,
            r.injury::BOOLEAN, r.hate_strand, r.age_min::INTEGER, r.age_max::INTEGER, r.plain::BOOLEAN
     FROM (SELECT unnest(from_json($rows::JSON, '[{"id":"VARCHAR","kind":"VARCHAR","clause":"INTEGER","categories":"VARCHAR[]","type":"VARCHAR",
       "domestic_abuse":"BOOLEAN","knife":"BOOLEAN","injury":"BOOLEAN","hate_strand":"VARCHAR","age_min":"INTEGER",
       "age_max":"INTEGER","plain":"BOOLEAN"}]'), recursive := true)) r`,
    { rows: JSON.stringify(rows) },
  );
  const path = fileURLToPath(new URL('./reference/outcome-types.csv', import.meta.url)).replaceAll("'", "''");
  await db.run(`DELETE FROM outcome_types;
    INSERT INTO outcome_types BY NAME SELECT DISTINCT ON (lower(trim(label))) lower(trim(label)) AS label_key,
      sanction_detection::BOOLEAN AS sanction_detection, positive_outcome::BOOLEAN AS positive_outcome,
      charged::BOOLEAN AS charged, pending::BOOLEAN AS pending FROM read_csv('${path}', header = true, all_varchar = true)`);
}
