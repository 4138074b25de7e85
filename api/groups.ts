import type { Database } from '../data/db.ts';
import { InputError } from './errors.ts';
import { resolveArea } from './params.ts';
import { sql } from './queries.ts';
import type { RanksInput } from './ranks.ts';
import { lookups, type Place } from './lookups.ts';
import { peersOf } from './peers.ts';
import type { PeerGroup } from '../core/stats/peers.ts';
import { nearest } from '../data/nearest.ts';

/**
 * The comparison groups outside London (issue 24), resolved once for every consumer: `/api/ranks`, `/api/league` and
 * the scorecard engine's rank of a partnership outside London (api/indicators/comparator.ts).
 */

/** What `group=` (and `area=`) resolved to: the members ranked and, outside London's groups, the comparator. */
export interface ResolvedGroup {
  group: string | undefined;
  members: string[] | undefined;
  comparator?: RanksInput['comparator'];
  peers?: PeerGroup & { parameters: Record<string, Record<string, unknown>> };
}

const GROUP_FORMS = ['a force area code or name', 'region:<name>', 'peers (with area=)'];

/** The CSP areas (areas.csp) of a force area, by code. */
const forceMembers = (places: Map<string, Place>, pfa: string) =>
  [...places.values()].filter((p) => p.csp && p.level !== 'pfa' && p.pfa_code === pfa).map((p) => p.code).sort();

/**
 * The comparison group of `/api/ranks` (issue 24): no group (London's boroughs; outside London, `area`'s force area);
 * a London peer group of data/reference/peer-groups.csv; a force area (its code, name or any alias, or its police.uk
 * force name): that force area's CSPs; `region:<name>`: the region's CSPs; `peers`: `area` and the product's own peer
 * group (core/stats/peers.ts). Anything else is a 400 naming the allowed forms.
 */
export async function resolveGroup(db: Database, group: string | undefined, area: string | undefined, to: string): Promise<ResolvedGroup> {
  const { places, aliases } = await lookups(db);
  const home = area === undefined ? undefined : places.get((await resolveArea(db, area)).code)!;
  const forceGroup = (pfa: Place, g: string): ResolvedGroup => ({
    group: g,
    members: forceMembers(places, pfa.code),
    comparator: { kind: 'force', code: pfa.code, name: pfa.name, label: `CSPs of ${pfa.name}` },
  });
  if (group === undefined) {
    // a London borough (and the London pseudo-groups) keep London; elsewhere the area's force area
    if (!home || home.borough || home.region === 'London' || !home.pfa_code) return { group: undefined, members: undefined };
    const pfa = places.get(home.pfa_code);
    if (!pfa) return { group: undefined, members: undefined };
    return forceGroup(pfa, pfa.code);
  }
  const rows = await db.all<{ g: string; code: string }>(sql('peer-groups'));
  const london = [...new Set(rows.map((r) => r.g))];
  if (london.includes(group)) return { group, members: rows.filter((r) => r.g === group).map((r) => r.code) };
  const regions = [...new Set([...places.values()].map((p) => p.region).filter((r): r is string => !!r))].sort();
  const allowed = [...london, ...GROUP_FORMS];
  if (/^region:/i.test(group)) {
    const name = group.slice(group.indexOf(':') + 1).trim();
    const region = regions.find((r) => r.toLowerCase() === name.toLowerCase());
    if (!region)
      throw new InputError(`unknown region: ${JSON.stringify(name)}${regions.length ? ` (allowed: ${regions.join(', ')})` : ' (no region in the reference areas)'}`, {
        parameter: 'group',
        allowed: regions.map((r) => `region:${r}`),
      });
    const members = [...places.values()].filter((p) => p.csp && p.level !== 'pfa' && p.region === region).map((p) => p.code).sort();
    return { group: `region:${region}`, members, comparator: { kind: 'region', code: null, name: region, label: `CSPs of ${region}` } };
  }
  if (group.toLowerCase() === 'peers') {
    if (!home) throw new InputError('group=peers needs area= (the partnership whose peer group is ranked)', { parameter: 'area', allowed: [] });
    if (!home.csp) throw new InputError(`${home.name} is not a Community Safety Partnership: peer groups are of partnerships`, { parameter: 'area', allowed: [] });
    const peers = await peersOf(db, home.code, to);
    return {
      group: 'peers',
      members: [home.code, ...peers.peers.map((p) => p.code)],
      comparator: { kind: 'peers', code: home.code, name: `${home.name}'s peer group`, label: `partnerships of ${home.name} and ${peers.label}` },
      peers,
    };
  }
  // a force area: its code, name or alias, or its police.uk force name
  const key = group.trim().toLowerCase();
  const byAlias = aliases.get(key);
  const pfa =
    (byAlias ? places.get(byAlias) : undefined) ??
    [...places.values()].find((p) => p.level === 'pfa' && (p.force?.toLowerCase() === key || p.name.toLowerCase() === key));
  if (pfa?.level === 'pfa') return forceGroup(pfa, group);
  const forces = [...places.values()].filter((p) => p.level === 'pfa').map((p) => p.name).sort();
  const suggestion = nearest(group, [...london, ...forces]);
  throw new InputError(
    `unknown group: ${JSON.stringify(group)}${pfa ? ` (${pfa.name} is not a police force area)` : suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''} (allowed: ${allowed.join(', ')})`,
    { parameter: 'group', allowed },
  );
}
