import type { Coverage } from '../../core/types.ts';

/* The order sources are preferred in comes from the profile (core/sources.ts DEFAULT_SOURCE_ORDER when it says none). */

/** What a source offers for one indicator and area: both windows' coverage. */
export interface Option {
  source: string;
  current: Coverage;
  previous: Coverage;
}

/**
 * The source-choice rule, written once: the first source, in the given order, whose both windows are complete;
 * if none is, the one covering most months of the two windows (shown partial, grey); none if no month is covered.
 * @example choose([{ source: 'local', …9 of 12… }, { source: 'mps', …complete… }]).chosen.source // 'mps'
 */
export function choose<T extends Option>(options: T[]): { chosen: T | undefined; rule: string } {
  const order = options.map((o) => o.source).join(', ');
  const full = options.find((o) => o.current.complete && o.previous.complete);
  if (full) return { chosen: full, rule: `${full.source}: the first source (in the order ${order}) with both windows complete` };
  const covered = (o: T) => o.current.months_covered + o.previous.months_covered;
  const best = options.reduce<T | undefined>((b, o) => (covered(o) > (b ? covered(b) : 0) ? o : b), undefined);
  if (!best) return { chosen: undefined, rule: options.length ? `no month covered by ${order}` : 'no loaded source can express it' };
  const n = best.current.months + best.previous.months;
  return {
    chosen: best,
    rule: `${best.source}: no source (of ${order}) has both windows complete; ${best.source} covers the most months (${covered(best)} of ${n})`,
  };
}
