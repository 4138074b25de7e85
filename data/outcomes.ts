import type { Database } from './db.ts';
import { loadProfile, profile, type Clause, type Indicator, type Profile } from './profile.ts';
import { referencePath } from './reference.ts';

export { HATE_STRANDS, keyPath, type Clause, type Indicator } from './profile.ts';

/** The priority outcomes and everything else of a partnership profile (see data/profile.ts). */
export type OutcomesConfig = Profile;
export type CountIndicator = Extract<Indicator, { kind: 'count' }>;

/**
 * The active partnership profile (`--profile`, `SAFERBOARD_PROFILE`, `./saferboard.profile.json`, else the bundled
 * Barnet profile), or the profile file at `path`: its priority outcomes and their indicators, validated.
 * Throws a `ProfileError` naming the file and the bad key when the file is invalid.
 * @example outcomes().outcomes[5].indicators[0].id // 'burglary-residential'
 */
export const outcomes = (path?: string): OutcomesConfig => (path === undefined ? profile() : loadProfile(path));

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
  const path = referencePath('outcome-types.csv').replaceAll("'", "''");
  await db.run(`DELETE FROM outcome_types;
    INSERT INTO outcome_types BY NAME SELECT DISTINCT ON (lower(trim(label))) lower(trim(label)) AS label_key,
      sanction_detection::BOOLEAN AS sanction_detection, positive_outcome::BOOLEAN AS positive_outcome,
      charged::BOOLEAN AS charged, pending::BOOLEAN AS pending FROM read_csv('${path}', header = true, all_varchar = true)`);
}
