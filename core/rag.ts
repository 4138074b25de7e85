import type { AnySignificance, Polarity, Rag } from './types.ts';

/** What each RAG status means, in words (colour is never the only carrier). */
export const RAG_WORDS: Record<Rag, string> = {
  red: 'Red: significantly worse',
  amber: 'Amber: no significant change',
  green: 'Green: significantly better or on target',
  grey: 'Grey: not compared (not enough data, or a series break between the windows)',
};

/**
 * A status in words for one indicator: "or on target" only where the indicator has a target (a board member reads
 * no target word where there is none).
 * @example ragWords('green', null) // 'Green: significantly better'
 */
export function ragWords(rag: Rag, target: number | null | undefined): string {
  return rag === 'green' && (target === null || target === undefined) ? 'Green: significantly better' : RAG_WORDS[rag];
}

/** Whether a value meets a target given the polarity (lower-is-better: at or below it). */
export const meets = (polarity: Polarity, value: number, target: number): boolean =>
  polarity === 'lower-is-better' ? value <= target : value >= target;

/** Whether a significant change is for the worse given the polarity. */
export const worse = (polarity: Polarity, direction: string | null | undefined): boolean =>
  polarity === 'lower-is-better' ? direction === 'up' : direction === 'down';

/**
 * Red/amber/green from a comparison: red = significantly worse, green = significantly better or meeting the target,
 * amber = no significant change; grey when there is no comparison (a window incomplete, nothing to compare, or a
 * series break between the windows: the caller passes no test).
 * @example trendRag('lower-is-better', { significant: true, direction: 'up', … }) // 'red'
 */
export function trendRag(polarity: Polarity, sig: AnySignificance | null, meetsTarget = false): Rag {
  if (!sig) return 'grey';
  if (meetsTarget) return 'green';
  if (!sig.significant) return 'amber';
  return worse(polarity, sig.direction) ? 'red' : 'green';
}

/**
 * A tile's verdict in a board member's words: the colour's name and "target" only where the indicator has a target
 * (there, `ragWords`); elsewhere what the comparison found, with no colour word.
 * @example verdictWords('green', null) // 'Significantly better'
 * @example verdictWords('green', 70) // 'Green: significantly better or on target'
 */
export function verdictWords(rag: Rag, target: number | null | undefined): string {
  if (target !== null && target !== undefined) return ragWords(rag, target);
  return { red: 'Significantly worse', amber: 'No significant change', green: 'Significantly better', grey: 'Not compared' }[rag];
}
