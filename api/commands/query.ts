import { Database } from '../../data/db.ts';
import { InputError } from '../errors.ts';
import { validQuery } from '../params.ts';
import { warnIfStale } from '../stale.ts';

export const INDICATORS = ['rolling', 'ranks', 'trend'];

/** `saferboard query`: prints the body `/api/<indicator>` would answer; a bad indicator or parameter exits 2. */
export async function runQuery(indicator: string, opts: Record<string, string>) {
  if (!INDICATORS.includes(indicator)) {
    console.error(`saferboard query: unknown indicator "${indicator}" (allowed: ${INDICATORS.join(', ')})`);
    process.exit(2);
  }
  const { db: path, ...params } = opts;
  const db = await Database.open(path!, { readOnly: true });
  await warnIfStale('query', db);
  // the functions behind the routes, with the same validation: the body `/api/<indicator>` would answer; each
  // imported only when asked for, so a command loads only what it uses
  const bodies: Record<string, () => Promise<unknown>> = {
    rolling: async () => {
      const { rollingBody, rollingSchema } = await import('../routes/rolling.ts');
      return rollingBody(db, validQuery(rollingSchema, params));
    },
    ranks: async () => {
      const { ranksResult, ranksSchema } = await import('../routes/ranks.ts');
      return (await ranksResult(db, validQuery(ranksSchema, params), null)).body;
    },
    trend: async () => {
      const { trendResult, trendSchema } = await import('../routes/trend.ts');
      return (await trendResult(db, validQuery(trendSchema, params), null)).body;
    },
  };
  const body = await db
    .pin(bodies[indicator]!)
    .catch((e: unknown) => {
      if (!(e instanceof InputError)) throw e;
      console.error(`saferboard query: ${e.message}`);
      process.exit(2);
    })
    .finally(() => db.close());
  console.log(JSON.stringify(body, null, 2));
}
