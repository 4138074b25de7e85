/**
 * The input formats' ids, in detection order: `load --format`'s choices, read without loading the formats themselves
 * (data/formats/index.ts lists the formats in this order, and refuses to load if the two lists differ).
 */
export const FORMAT_IDS = [
  'mpsward',
  'mps',
  'mpsdash',
  'policeuk',
  'outcomes',
  'stopsearch',
  'population',
  'local',
  'indicators',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];
