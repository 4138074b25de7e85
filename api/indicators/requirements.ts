import { clauses, plainCategory, type Clause, type Indicator } from '../../data/outcomes.ts';

/**
 * What one source counts an indicator (or a category) as: the `monthly_counts` category it reads and the coverage
 * keys every month must have (data/coverage.sql) for the month to count. Written once: the engine, the series
 * routes and the source-choice rule all use it.
 */
export interface Requirement {
  source: string;
  /** the monthly_counts category_id (a canonical id, or a local indicator id) */
  category: string;
  /** every key of category_coverage.keys a covered month must have */
  requires: string[];
}

/** Public sources hold canonical ids only: an indicator with flags (knife, domestic abuse…) is local-only. */
const PUBLIC = (source: string) => source !== 'local';

/**
 * The MPS Monthly Crime Dashboard's category for a flag indicator, written out: its filter (one clause; `type: crime`
 * and a victim age from 0 or 1 are the same) in canonical form -> the dashboard id (data/reference/mpsdash-crosswalk.csv).
 * Nothing else is read from the dashboard: a filter not listed here has no dashboard figure.
 */
export const DASHBOARD_CATEGORIES: Record<string, string> = {
  '{"domestic_abuse":true}': 'domestic-abuse',
  '{"hate_strand":"any"}': 'hate-crime',
  '{"hate_strand":"race"}': 'hate-crime-race',
  '{"hate_strand":"religion"}': 'hate-crime-religion',
  '{"hate_strand":"sexual-orientation"}': 'hate-crime-sexual-orientation',
  '{"hate_strand":"transgender"}': 'hate-crime-transgender',
  '{"hate_strand":"disability"}': 'hate-crime-disability',
  '{"knife":true}': 'knife-crime',
  '{"injury":true,"knife":true}': 'knife-crime-injury',
  '{"domestic_abuse":false,"injury":true,"knife":true,"victim_age":{"max":24}}': 'knife-injury-victims-1-24-non-da',
  '{"injury":true,"knife":true,"victim_age":{"max":24}}': 'knife-injury-victims-1-24',
};

/** The dashboard ids that count victims, not offences (the figure says so). */
export const DASHBOARD_VICTIM_COUNTS = new Set(['knife-injury-victims-1-24', 'knife-injury-victims-1-24-non-da']);

/** The dashboard category an indicator's filter means (DASHBOARD_CATEGORIES), or undefined. */
export function dashboardCategory(ind: Indicator): string | undefined {
  if (ind.kind !== 'count') return undefined;
  const c = clauses(ind);
  if (c.length !== 1) return undefined;
  const { type, victim_age, ...rest } = c[0]!;
  if (type === 'asb') return undefined;
  const age = victim_age && { ...(victim_age.min && victim_age.min > 1 ? { min: victim_age.min } : {}), ...(victim_age.max !== undefined ? { max: victim_age.max } : {}) };
  const canonical = { ...rest, ...(age && Object.keys(age).length ? { victim_age: age } : {}) } as Record<string, unknown>;
  const key = JSON.stringify(Object.fromEntries(Object.keys(canonical).sort().map((k) => [k, canonical[k]])));
  return DASHBOARD_CATEGORIES[key];
}

/** The coverage keys a local clause needs: its kind of incident, its categories and a column per flag it filters on. */
function clauseKeys(c: Clause): string[] {
  const keys: string[] = [];
  const type = c.type ?? (c.categories?.every((id) => id === 'asb') ? 'asb' : c.categories ? 'crime' : undefined);
  if (type) keys.push(`type:${type}`);
  else keys.push('type:crime', 'type:asb');
  for (const id of c.categories ?? []) keys.push(id);
  if (c.domestic_abuse !== undefined) keys.push('column:domestic_abuse');
  if (c.knife !== undefined) keys.push('column:knife');
  if (c.injury !== undefined) keys.push('column:injury');
  if (c.hate_strand !== undefined) keys.push('column:hate_strand');
  if (c.victim_age !== undefined) keys.push('column:victim_age');
  return keys;
}

/**
 * How `source` counts a count, share or repeat indicator, or undefined when it cannot express it (a public source and
 * a flag indicator; a repeat indicator needs victim ids, so a local extract; a share indicator the outcome column).
 * `base` is the count indicator a repeat indicator is of.
 * @example requirement(knifeCrime, 'local') // { source: 'local', category: 'knife-crime', requires: ['type:crime', 'column:knife'] }
 */
export function requirement(ind: Indicator, source: string, base?: Indicator): Requirement | undefined {
  if (ind.kind === 'manual') return undefined;
  if (ind.kind === 'repeat') {
    if (source !== 'local' || !base) return undefined;
    const r = requirement(base, source);
    return r && { ...r, requires: unique([...r.requires, ind.unit === 'location' ? 'column:location_id' : 'column:victim_id']) };
  }
  if (source === 'mpsdash') {
    const id = dashboardCategory(ind);
    return id ? { source, category: id, requires: [id] } : undefined;
  }
  const plain = plainCategory(ind);
  if (ind.kind === 'share') {
    // a share indicator read from public data names its source (police.uk outcomes, stop and search)
    const from = (ind as { source?: string }).source;
    if (from ? from !== source : source !== 'local') return undefined;
    if (source === 'local') return { source, category: ind.id, requires: unique([...clauses(ind).flatMap(clauseKeys), 'column:outcome']) };
    return plain ? { source, category: plain, requires: [plain] } : undefined;
  }
  if (PUBLIC(source)) return plain ? { source, category: plain, requires: [plain] } : undefined;
  // local: a categories-only indicator reads its category; any other its own id (data/monthly-counts.sql)
  return plain ? { source, category: plain, requires: [plain] } : { source, category: ind.id, requires: unique(clauses(ind).flatMap(clauseKeys)) };
}

/**
 * How `source` counts a canonical category or a local indicator id for the series routes (`/api/rolling`, `/api/ranks`,
 * `/api/trend`): a local indicator id needs its flags' columns; the MPS dashboard reads an indicator id as its dashboard
 * figure (knife-injury-u25 -> knife-injury-victims-1-24-non-da); anything else is the category itself.
 */
export function seriesRequirement(source: string, category: string, indicators: Indicator[]): Requirement {
  const ind = source === 'local' || source === 'mpsdash' ? indicators.find((i) => i.id === category && i.kind === 'count') : undefined;
  return (ind && requirement(ind, source)) ?? { source, category, requires: source === 'local' && category === 'asb' ? ['asb'] : [category] };
}

const unique = (xs: string[]) => [...new Set(xs)];
