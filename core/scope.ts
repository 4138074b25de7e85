/**
 * The one coverage rule for "London" figures (issue 20): a London rank with its `of`, a London rate, `vs_london` and
 * the funnel's London line come only from a source whose window is complete for every London borough. A source that
 * covers fewer boroughs may still rank those boroughs among themselves, labelled with its real scope, never as London.
 * Every consumer (ranks, league, the scorecard's rank, the sentences) reads `rankScope`.
 */
export interface RankScope {
  /** how many boroughs the figures are compared among (complete windows) */
  areas: number;
  /** every London borough complete: only then are London figures given */
  london: boolean;
  /** the comparison group in words: "the 32 London boroughs", "the 3 boroughs with a local extract" */
  label: string;
  /** why there are no London figures (null when london) */
  reason: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The scope of a comparison from `source` over `complete` boroughs with a complete window, of `boroughs` London
 * boroughs (32 in the reference areas).
 * @example rankScope('local', 3, 32) // { areas: 3, london: false, label: 'the 3 boroughs with a local extract', reason: … }
 */
export function rankScope(source: string | null, complete: number, boroughs: number): RankScope {
  const london = boroughs > 0 && complete === boroughs;
  if (london) return { areas: complete, london, label: `the ${boroughs} London boroughs`, reason: null };
  const label =
    source === 'local'
      ? `the ${plural(complete, 'borough')} with a local extract`
      : `the ${plural(complete, 'borough')} with a complete window from ${source ?? 'no source'}`;
  const reason = `no London figures: ${source ?? 'no source'} has a complete window for ${complete} of the ${boroughs} London boroughs; London figures need all ${boroughs}`;
  return { areas: complete, london, label: complete === 0 ? 'no borough' : label, reason };
}

/** "25th of the 32 London boroughs" / "2nd of the 3 boroughs with a local extract". */
export const scopeWords = (scope: Pick<RankScope, 'label'>) => scope.label;

/**
 * The same rule for any other comparison group (issue 24): a force area's CSPs, a region's, the product's own peer
 * group. The group's figures (its rate, each member's verdict against it, the funnel's line) come only when the source's
 * window is complete for every member; otherwise the complete members are ranked among themselves, labelled with
 * their real scope, and `reason` says why there are no group figures. Never "London": `london` is always false here.
 * @example groupScope('policeuk', 16, 16, 'CSPs of Thames Valley') // label 'the 16 CSPs of Thames Valley', reason null
 * @example groupScope('policeuk', 3, 16, 'CSPs of Thames Valley') // label 'the 3 of the 16 CSPs of Thames Valley with a complete window from policeuk'
 */
export function groupScope(source: string | null, complete: number, members: number, group: string): RankScope {
  if (members > 0 && complete === members) return { areas: complete, london: false, label: `the ${members} ${group}`, reason: null };
  const src = source ?? 'no source';
  return {
    areas: complete,
    london: false,
    label: complete === 0 ? 'no partnership' : `the ${complete} of the ${members} ${group} with a complete window from ${src}`,
    reason: `no figures for the ${members} ${group}: ${src} has a complete window for ${complete} of them; the group's figures need all ${members}`,
  };
}

/**
 * An area a London rank can be given for: a London local authority (E09…) or a London pseudo-area (not an ONS code).
 * A partnership elsewhere in England and Wales (issue 24) has no London rank nor a London reason: `/api/ranks` compares
 * it with its force area.
 */
export const inLondon = (area: string): boolean => !/^[EW]\d{8}$/.test(area) || area.startsWith('E09');
