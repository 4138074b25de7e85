/**
 * Months (`YYYY-MM` strings) and periods: arithmetic and names, written once for the server, the browser and the
 * pack. Pure: no locale, no clock, no Node or browser API.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2014-01` → `January`. */
export const monthOnly = (ym: string): string => MONTHS[Number(ym.slice(5, 7)) - 1]!;

/** `2014-01` → `January 2014`. */
export const monthName = (ym: string): string => `${monthOnly(ym)} ${ym.slice(0, 4)}`;

/** `2018-03` → `Mar 2018`. */
export const monthShort = (ym: string): string => `${monthOnly(ym).slice(0, 3)} ${ym.slice(0, 4)}`;

/** `'2018-03'` → the UTC Date of 1 March 2018. */
export const monthDate = (ym: string): Date => new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)) - 1, 1));

/** Adds months to YYYY-MM. @example addMonths('2014-01', -11) // '2013-02' */
export function addMonths(ym: string, n: number): string {
  const total = Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The number of months from `from` to `to` inclusive. @example monthsBetween('2018-01', '2018-12') // 12 */
export const monthsBetween = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

/** Every month from `from` to `to`, inclusive (none when `from` is after `to`). */
export function monthList(from: string, to: string): string[] {
  const n = monthsBetween(from, to);
  return Array.from({ length: Math.max(0, n) }, (_, i) => addMonths(from, i));
}

/** The financial year (April to March) of a month: `'2018-03'` → `'2017/18'`, `'2018-04'` → `'2018/19'`. */
export function financialYear(ym: string): string {
  const y = Number(ym.slice(0, 4)) - (Number(ym.slice(5, 7)) < 4 ? 1 : 0);
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}

/**
 * Months as runs of consecutive months, for a sentence.
 * @example monthRuns(['2018-01', '2018-02', '2018-03', '2019-03']) // 'Jan 2018 to Mar 2018; Mar 2019'
 */
export function monthRuns(months: string[]): string {
  const sorted = [...months].sort();
  const runs: [string, string][] = [];
  for (const m of sorted) {
    const last = runs.at(-1);
    if (last && addMonths(last[1], 1) === m) last[1] = m;
    else runs.push([m, m]);
  }
  return runs.map(([a, b]) => (a === b ? monthShort(a) : `${monthShort(a)} to ${monthShort(b)}`)).join('; ');
}
