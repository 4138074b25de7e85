import { monthName } from './months.ts';
import type { WardRow, Wards } from './types.ts';

/** The categories "wards to watch" reads, on the board and in the pack (crime counts every ward-level source can express). */
export const WATCH_CATEGORIES = ['burglary', 'robbery', 'violence-against-the-person', 'theft'];

/**
 * Wards to watch: the wards whose rate is significantly above the borough's (outside the 99.8% funnel limit for their
 * population) or whose latest month is a special cause of concern on their SPC chart; highest rate first.
 * @example wardsToWatch(body).map((r) => r.name) // ['Burnt Oak', …]
 */
export const wardsToWatch = (body: Wards): WardRow[] =>
  body.rows
    .filter((r) => r.vs_borough === 'higher' || r.spc?.variation === 'special-cause-concern')
    .sort((a, b) => (b.rate_per_1000 ?? -1) - (a.rate_per_1000 ?? -1));

/** Why a ward is to watch, in words: "rate significantly above the borough's; February 2026 a special cause of concern (SPC)". */
export const watchWhy = (r: WardRow): string =>
  [r.vs_borough === 'higher' ? "rate significantly above the borough's" : null, r.spc?.variation === 'special-cause-concern' ? `${monthName(r.spc.month)} a special cause of concern (SPC)` : null]
    .filter(Boolean)
    .join('; ');
