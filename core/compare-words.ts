/**
 * The words of the explorer's "Compare with" choice outside London (issue 24): the comparison groups of
 * `/api/ranks?group=` (a force area's CSPs, a region's, the product's own peer group), their option labels, and what
 * the peer group is and is not. Pure: shared by the dashboard and anything else that offers the choice.
 */
import type { AreaComparisons } from './types.ts';
import type { PeerGroup } from './stats/peers.ts';

/** The `compare=` values, the default (the force area) first. */
export const COMPARE_CHOICES = ['force', 'region', 'peers'] as const;
export type CompareChoice = (typeof COMPARE_CHOICES)[number];

/** The choices an area has: its force area always, its region when the reference names one, its peers when it is a CSP. */
export const compareChoices = (c: AreaComparisons): CompareChoice[] =>
  COMPARE_CHOICES.filter((k) => k === 'force' || (k === 'region' ? c.region !== null : c.csp));

/** The option's label in the "Compare with" select. */
export function compareLabel(choice: CompareChoice, c: AreaComparisons): string {
  if (choice === 'force') return `Its force area: the CSPs of ${c.force.name} (default)`;
  if (choice === 'region') return `Its region: the CSPs of ${c.region ?? 'its region'}`;
  return "Its peer group (saferboard's own, not the Home Office MSG)";
}

/** The `group=` of `/api/ranks` for a choice; undefined for the force area (the route's default for `area=`). */
export const compareGroup = (choice: CompareChoice, c: AreaComparisons): string | undefined =>
  choice === 'region' && c.region !== null ? `region:${c.region}` : choice === 'peers' ? 'peers' : undefined;

/** What a panel heading calls the group before the answer names it: "the force area", "the region", "the peer group". */
export const compareWhat = (choice: CompareChoice): string =>
  choice === 'force' ? 'the force area' : choice === 'region' ? 'the region' : 'the peer group';

/** The bad-link words for a `compare=` the area cannot use, and what the corrected link shows. */
export function compareProblem(raw: string, area: string, c: AreaComparisons | undefined): string {
  if (!c) return `"Compare with" is for partnerships outside London: ${area} is compared with London's boroughs.`;
  const offered = compareChoices(c);
  if ((COMPARE_CHOICES as readonly string[]).includes(raw))
    return raw === 'peers'
      ? `${area} has no peer group: peer groups are of Community Safety Partnerships, and ${area} is not one.`
      : `${area} has no region in the reference areas.`;
  return `Unknown comparison "${raw}": choose ${offered.length > 1 ? `${offered.slice(0, -1).join(', ')} or ${offered.at(-1)}` : offered[0]}.`;
}

/** The summary line of the peer group's member list. */
export const peersSummary = (p: PeerGroup) =>
  `Who is in ${p.area.name}'s peer group: ${p.peers.length} partnerships (saferboard's own, not the Home Office MSG)`;

const andList = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/** What the peer group is and is not, in plain words (docs/peers.md). */
export const peersWhatItIs = (p: PeerGroup) =>
  `This is ${p.label}: the ${p.k} Community Safety Partnerships of England and Wales nearest to ${p.area.name} on ${andList(p.basis)} ` +
  `(each standardised over the ${p.candidates} partnerships compared; nearest first). It is saferboard's own grouping from public data, ` +
  `not the Home Office "most similar group" (MSG), whose lists are not published as data and will differ. It does not weigh ` +
  `deprivation, the night-time economy, students or tourism: use it as a starting list.`;
