/** Numbers and words formatted the one way the product writes them, in the server, the browser and the pack. */
import { format } from 'd3';

/** Whole numbers with thousands separators: `2837` → `'2,837'`. */
export const fmtInt = format(',d');
/** A rate or average to one decimal place. */
export const fmt1 = format(',.1f');
/** A signed percentage: `-18.6` → `'−19%'`, null → `'n/a'`. */
export const fmtPct = (p: number | null | undefined): string =>
  p === null || p === undefined || !Number.isFinite(p) ? 'n/a' : `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(Math.round(p))}%`;

/** A whole number with thousands separators, in a sentence: 2837 → 2,837. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

/** A percentage to one decimal place: 23.456 → 23.5%. */
export const pct = (n: number): string => `${(Math.round(n * 10) / 10).toLocaleString('en-GB')}%`;

/** 1 → '1st', 2 → '2nd', 11 → '11th', 22 → '22nd'. */
export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${s}`;
}

/**
 * A category or indicator label inside a sentence: each word in lower case except an acronym or code ("MPS", "GBH",
 * "MOPAC7").
 * @example inSentence('Violence with injury (MPS)') // 'violence with injury (MPS)'
 */
export const inSentence = (label: string): string =>
  label
    .split(' ')
    .map((w) => (/^\(?[A-Z0-9][A-Z0-9-]+\)?[,.;:]?$/.test(w) && /[A-Z]/.test(w) ? w : w.toLowerCase()))
    .join(' ');

/** Text made safe inside HTML or SVG markup (the pack's pages, a download's SVG). */
export const escapeHtml = (s: unknown): string => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
