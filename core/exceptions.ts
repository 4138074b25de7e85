import { worse } from './rag.ts';
import type { IndicatorResult } from './types.ts';

/**
 * The exception list, one rule for the board and the pack: indicators whose both windows are complete and whose
 * change is significant; significantly worse (given polarity) first, then better; smallest p-value first.
 * @example exceptions(all).map((i) => i.id)
 */
export function exceptions<T extends IndicatorResult>(all: T[]): T[] {
  return all
    .filter((i) => i.complete && i.significance?.significant)
    .sort(
      (a, b) =>
        Number(!worse(a.polarity, a.direction)) - Number(!worse(b.polarity, b.direction)) ||
        a.significance!.p_value - b.significance!.p_value ||
        a.id.localeCompare(b.id),
    );
}

/** Whether a listed exception is for the worse. */
export const isWorse = (i: IndicatorResult): boolean => worse(i.polarity, i.direction);

/**
 * "Unusual this month", a list apart from the significant changes: count indicators whose latest month is special-cause
 * variation on their process chart, concern first, then improvement, in outcome order.
 */
export function unusual<T extends IndicatorResult>(all: T[]): T[] {
  const v = (i: T) => (i.kind === 'count' ? i.spc?.variation : undefined);
  return [
    ...all.filter((i) => v(i) === 'special-cause-concern'),
    ...all.filter((i) => v(i) === 'special-cause-improvement'),
  ];
}
