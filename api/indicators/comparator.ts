import type { Database } from '../../data/db.ts';
import { InputError } from '../errors.ts';
import { resolveGroup, type ResolvedGroup } from '../groups.ts';
import { lookups } from '../lookups.ts';
import { inLondon } from '../../core/scope.ts';
import type { ScorecardComparator } from '../../core/types.ts';

/** The comparator group of one run of the engine: the published description and its members. */
export interface EngineComparator extends ScorecardComparator {
  /** every partnership of the group (the area itself included), by code */
  codes: { code: string; name: string }[];
  /** `peers`: the statements that chose the peer group (queries/peers-*.sql) and what they bound, for `made_by` */
  parameters: Record<string, Record<string, string | number | null>>;
}

/**
 * Whom the scorecard ranks an area outside London among (issue 24): the profile's `comparator` (a force area's name or
 * code, `region:<name>` or `peers`) when the area belongs to that group, else the area's own force area (the default of
 * `/api/ranks`). Resolved by the one group resolution (api/groups.ts). Null for a London area (London keeps London) or an
 * area with no force area.
 * @example await engineComparator(db, 'region:South East', 'E06000039', '2024-01') // { kind: 'region', name: 'South East', … }
 */
export async function engineComparator(db: Database, comparator: string | undefined, area: string, to: string): Promise<EngineComparator | null> {
  if (inLondon(area)) return null;
  const { places } = await lookups(db);
  if (!places.has(area)) return null;
  let g: ResolvedGroup | undefined;
  let rule = "the area's police force area (the default comparator)";
  if (comparator !== undefined) {
    try {
      g = await resolveGroup(db, comparator, area, to);
      rule = `the profile's comparator (${JSON.stringify(comparator)})`;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      rule = `the area's police force area: the profile's comparator ${JSON.stringify(comparator)} is not a comparison group (${e.message})`;
      g = undefined;
    }
    // a London peer group, or a group the area is not in (a profile shown for another area): the area's force area
    if (g && (!g.comparator || !g.members?.includes(area))) {
      rule = `the area's police force area: ${places.get(area)!.name} is not in the profile's comparator ${JSON.stringify(comparator)}`;
      g = undefined;
    }
  }
  g ??= await resolveGroup(db, undefined, area, to);
  if (!g.comparator || !g.members) return null;
  const codes = g.members.map((code) => ({ code, name: places.get(code)?.name ?? code }));
  const parameters = (g.peers?.parameters ?? {}) as EngineComparator['parameters'];
  return { group: g.group ?? g.comparator.code ?? g.comparator.name, ...g.comparator, members: codes.length, rule, codes, parameters };
}

/** The comparator as published on the scorecard (without its member list). */
export const publishedComparator = ({ codes: _codes, parameters: _parameters, ...c }: EngineComparator): ScorecardComparator => c;
