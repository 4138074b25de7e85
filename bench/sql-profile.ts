import { Database } from '../data/db.ts';

export interface SqlTally { statements: number; ms: number }

let tally: SqlTally = { statements: 0, ms: 0 };
const listeners: ((sql: string, ms: number) => void)[] = [];
let installed = false;

/**
 * Wraps Database.prototype.run/all (benchmark processes only, once) so each statement's time is added to the
 * tally returned by `current()`; `reset()` starts a new tally. Shows how much of a request or a load is SQL.
 * @example const p = profileSql(); p.reset(); await app.request(path); p.current().ms
 */
export function profileSql(onStatement?: (sql: string, ms: number) => void) {
  if (onStatement) listeners.push(onStatement);
  if (!installed) {
    installed = true;
    const proto = Database.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const method of ['run', 'all'] as const) {
      const original = proto[method]!;
      proto[method] = async function (this: Database, sql: string, ...rest: unknown[]) {
        const t = performance.now();
        try {
          return await original.call(this, sql, ...rest);
        } finally {
          const ms = performance.now() - t;
          tally.statements++;
          tally.ms += ms;
          for (const l of listeners) l(sql, ms);
        }
      } as unknown as (...a: unknown[]) => Promise<unknown>;
    }
  }
  return { reset: () => (tally = { statements: 0, ms: 0 }), current: () => tally };
}
