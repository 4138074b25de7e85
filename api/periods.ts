import { z } from 'zod';
import { InputError } from './errors.ts';
import { addMonths, financialYear, monthName, monthOnly, monthsBetween } from '../core/months.ts';

export const PERIODS = ['12m', 'fytd', 'quarter', 'month', 'fy'] as const;
export const VERSUS = ['year', 'previous'] as const;
export type PeriodKind = (typeof PERIODS)[number];
export type Versus = (typeof VERSUS)[number];

/** The `period` and `vs` query parameters shared by every comparison route. */
export const periodQuery = {
  period: z
    .enum(PERIODS, { error: (i) => `unknown period: ${JSON.stringify(i.input)} (allowed: ${PERIODS.join(', ')})` })
    .optional(),
  vs: z.enum(VERSUS, { error: (i) => `unknown vs: ${JSON.stringify(i.input)} (allowed: ${VERSUS.join(', ')})` }).optional(),
};

/** A window of whole months, inclusive. */
export interface MonthWindow {
  from: string;
  to: string;
  months: number;
}

/** A period ending at a month, and the window it is compared with. */
export interface Period {
  period: PeriodKind;
  vs: Versus;
  current: MonthWindow;
  previous: MonthWindow;
  /** the current window in words: "12 months to December 2016", "Q2 2018/19 (July to September 2018)" */
  label: string;
  /** the comparison in words: "against the same months a year earlier" */
  versus: string;
  /** the whole comparison: label + ", " + versus */
  words: string;
}



/** "January to March 2018", "November 2017 to January 2018", "March 2018". */
export function span(from: string, to: string): string {
  if (from === to) return monthName(to);
  return from.slice(0, 4) === to.slice(0, 4) ? `${monthOnly(from)} to ${monthName(to)}` : `${monthName(from)} to ${monthName(to)}`;
}

const win = (from: string, to: string): MonthWindow => ({ from, to, months: monthsBetween(from, to) });

/** The financial quarter a 3-month window ending `to` is (Q1 April–June … Q4 January–March), when it is one. */
function quarterName(to: string): string | null {
  const m = Number(to.slice(5, 7));
  const q = ({ 6: 1, 9: 2, 12: 3, 3: 4 } as Record<number, number>)[m];
  return q ? `Q${q} ${financialYear(to)}` : null;
}

/**
 * The windows of a period ending `to` and of its comparison (`vs=year`: the same months a year earlier;
 * `vs=previous`: the period of the same length just before). `fy` needs `to` to be a March (else a 400).
 * @example resolvePeriod('2014-02', 'fytd').current // { from: '2013-04', to: '2014-02', months: 11 }
 */
export function resolvePeriod(to: string, period: PeriodKind = '12m', vs: Versus = 'year'): Period {
  let current: MonthWindow;
  let label: string;
  switch (period) {
    case '12m':
      current = win(addMonths(to, -11), to);
      label = `12 months to ${monthName(to)}`;
      break;
    case 'fytd': {
      const start = `${financialYear(to).slice(0, 4)}-04`;
      current = win(start, to);
      label = `financial year to date, ${span(start, to)}`;
      break;
    }
    case 'quarter': {
      current = win(addMonths(to, -2), to);
      const q = quarterName(to);
      label = q ? `${q} (${span(current.from, to)})` : `3 months to ${monthName(to)} (${span(current.from, to)})`;
      break;
    }
    case 'month':
      current = win(to, to);
      label = monthName(to);
      break;
    case 'fy':
      if (to.slice(5, 7) !== '03')
        throw new InputError(`period=fy needs to= to be a March, the end of a financial year (found to=${to}; e.g. to=${Number(to.slice(0, 4)) + (Number(to.slice(5, 7)) > 3 ? 1 : 0)}-03)`, {
          parameter: 'to',
        });
      current = win(addMonths(to, -11), to);
      label = `financial year ${financialYear(to)} (${span(current.from, to)})`;
      break;
  }
  const n = current.months;
  const previous = vs === 'year' ? win(addMonths(current.from, -12), addMonths(to, -12)) : win(addMonths(current.from, -n), addMonths(current.from, -1));
  const versus =
    vs === 'year'
      ? period === '12m'
        ? 'against the 12 months before'
        : period === 'fy'
          ? `against financial year ${financialYear(previous.to)}`
          : 'against the same months a year earlier'
      : period === 'quarter' && quarterName(previous.to)
        ? `against the quarter before (${quarterName(previous.to)})`
        : period === 'month'
          ? `against the month before (${monthName(previous.to)})`
          : `against the ${n} month${n === 1 ? '' : 's'} before (${span(previous.from, previous.to)})`;
  return { period, vs, current, previous, label, versus, words: `${label}, ${versus}` };
}
