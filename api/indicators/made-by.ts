/** The `made_by` of engine results: which statements of a run made a figure, with what the run bound to each. */
import type { IndicatorKind, MadeBy, ScorecardMadeBy } from '../../core/types.ts';
import type { EngineRun } from './engine.ts';

/**
 * The statements behind an indicator's windows, by kind: a count reads engine-counts; a repeat rate engine-repeats
 * too (the counts choose its source), a share engine-shares; a manual value engine-manual.
 */
export const statementsOf = (kind: IndicatorKind): string[] =>
  kind === 'manual' ? ['macros', 'engine-manual'] : ['macros', 'engine-counts', ...(kind === 'repeat' ? ['engine-repeats'] : kind === 'share' ? ['engine-shares'] : [])];

/**
 * `sql` with the parameters bound to those of its statements that ran (a statement with nothing to compute, or
 * with no parameters such as macros, has none).
 * @example madeByOf({ 'engine-counts': { cf: '2018-01' } }, ['macros', 'engine-counts']) // { sql: [...], parameters: { 'engine-counts': { cf: '2018-01' } } }
 */
export const madeByOf = (parameters: MadeBy['parameters'], sql: string[]): MadeBy => ({
  sql,
  parameters: Object.fromEntries(sql.flatMap((n) => (parameters[n] ? [[n, parameters[n]]] : []))),
});

/** What an engine run executed: every statement it bound, and for each indicator of its profile the statements behind it. */
export const runMadeBy = (run: EngineRun): ScorecardMadeBy => ({
  sql: ['macros', ...Object.keys(run.parameters)],
  parameters: run.parameters,
  indicators: Object.fromEntries(run.profile.outcomes.flatMap((o) => o.indicators.map((i) => [i.id, statementsOf(i.kind)]))),
});
