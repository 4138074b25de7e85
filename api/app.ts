import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Database } from '../data/db.ts';
import { responseCache } from './cache.ts';
import { publicMode } from './disclosure/index.ts';
import { InputError } from './errors.ts';
import { formatRule } from './output.ts';
import { securityHeaders, tokenAuth } from './security.ts';
import { health } from './routes/health.ts';
import { hotspots } from './routes/hotspots.ts';
import { leagueRoute } from './routes/league.ts';
import { meta } from './routes/meta.ts';
import { outcomesRoute } from './routes/outcomes.ts';
import { outcomeRatesRoute, stopSearchRatesRoute } from './routes/outcome-rates.ts';
import { ranksRoute } from './routes/ranks.ts';
import { repeatRoute } from './routes/repeat.ts';
import { rollingRoute } from './routes/rolling.ts';
import { spcRoute } from './routes/spc.ts';
import { explainRoute } from './routes/explain.ts';
import { rowsRoute } from './routes/rows.ts';
import { dashboard } from './routes/static.ts';
import { trendRoute } from './routes/trend.ts';
import { wardsRoute } from './routes/wards.ts';

/**
 * The saferboard API and dashboard, over an open database.
 * @example const res = await createApp(db).request('/api/meta');
 */
export function createApp(db: Database, { token = process.env.SAFERBOARD_TOKEN }: { token?: string } = {}) {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('/api/*', tokenAuth(token));
  // each request reads one version of the database, even if a load switches it meanwhile
  app.use('/api/*', (_c, next) => db.pin(next));
  // format= a route does not offer: a 400 naming the formats it does (api/output.ts ROUTE_FORMATS)
  app.use('/api/*', formatRule());
  app.use('/api/*', responseCache(db));
  // public=1 / suppress_below=N: disclosure control, read once for every route
  app.use('/api/*', publicMode());
  app.route('/api/health', health(db));
  app.route('/api/meta', meta(db));
  app.route('/api/trend', trendRoute(db));
  app.route('/api/rolling', rollingRoute(db));
  app.route('/api/spc', spcRoute(db));
  app.route('/api/ranks', ranksRoute(db));
  app.route('/api/repeat', repeatRoute(db));
  app.route('/api/outcomes', outcomesRoute(db));
  app.route('/api/league', leagueRoute(db));
  app.route('/api/hotspots', hotspots(db));
  app.route('/api/outcome-rates', outcomeRatesRoute(db));
  app.route('/api/stop-search-rates', stopSearchRatesRoute(db));
  app.route('/api/explain', explainRoute(db));
  app.route('/api/rows', rowsRoute(db));
  app.route('/api/wards', wardsRoute(db));
  app.route('/', dashboard(db));
  app.notFound((c) => c.json({ error: `not found: ${c.req.path}`, detail: null }, 404));
  app.onError(onError);
  return app;
}

/**
 * The HTTP layer's errors, one JSON shape for all: `{"error": "...", "detail": ...}`. A domain InputError is a 400
 * naming the bad value; an HTTPException (middleware such as bearerAuth, the rows route's 403) keeps its status;
 * unexpected errors are logged, never shown.
 */
export function onError(err: Error, c: Context) {
  if (err instanceof InputError) return c.json({ error: err.message, detail: err.detail ?? null }, 400);
  if (err instanceof HTTPException) {
    // middleware such as bearerAuth attaches its own (JSON) response
    if (err.res) return err.getResponse();
    return c.json({ error: err.message, detail: err.cause ?? null }, err.status);
  }
  console.error(`[saferboard] ${c.req.method} ${c.req.path}:`, err);
  return c.json({ error: 'internal server error', detail: null }, 500);
}
