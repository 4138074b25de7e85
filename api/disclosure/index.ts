/** Statistical disclosure control: the pure engine, its adapters, the month-level rule and the public-mode middleware. */
export * from './middleware.ts';
export * from './months.ts';
export * from './scorecard.ts';
export * from './series.ts';
export * from './suppress.ts';
export * from './tables.ts';
export type { Shown } from '../../core/types.ts';
export * from './wards.ts';
