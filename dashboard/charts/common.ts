import { format, utcFormat, utcParse } from 'd3';

/** Okabe-Ito: a categorical palette readable with every common colour-vision deficiency. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
export const HIGHLIGHT = '#D55E00';
export const MUTED = '#9aa5b1';
export const INK = '#1f2933';

/** Options every chart accepts: the document to draw in (jsdom in tests) and a width in pixels. */
export interface ChartOptions {
  document?: Document;
  width?: number;
}

const parseYm = utcParse('%Y-%m');
/** `'2018-03'` → the UTC Date of 1 March 2018. */
export const monthDate = (ym: string): Date => parseYm(ym)!;
/** `'2018-03'` → `'March 2018'`. */
export const monthName = (ym: string): string => utcFormat('%B %Y')(monthDate(ym));
/** `'2018-03'` → `'Mar 2018'`. */
export const monthShort = (ym: string): string => utcFormat('%b %Y')(monthDate(ym));
/** Whole numbers with thousands separators: `2837` → `'2,837'`. */
export const fmtInt = format(',d');
/** A rate or average to one decimal place. */
export const fmt1 = format(',.1f');
/** A signed percentage: `-18.6` → `'−19%'`, null → `'n/a'`. */
export const fmtPct = (p: number | null | undefined): string =>
  p === null || p === undefined || !Number.isFinite(p) ? 'n/a' : `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(Math.round(p))}%`;
/** 1 → '1st', 22 → '22nd'. */
export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${s}`;
}
/** Adds months to YYYY-MM. @example addMonths('2014-01', -11) // '2013-02' */
export function addMonths(ym: string, n: number): string {
  const total = Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
/** The financial year of a month: `'2018-03'` → `'2017/18'`, `'2018-04'` → `'2018/19'`. */
export function financialYear(ym: string): string {
  const y = Number(ym.slice(0, 4)) - (Number(ym.slice(5, 7)) < 4 ? 1 : 0);
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}
