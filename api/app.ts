import { Hono } from 'hono';
import type { Database } from '../data/db.ts';
import { onError } from './errors.ts';
import { health } from './routes/health.ts';
import { meta } from './routes/meta.ts';
import { ranksRoute } from './routes/ranks.ts';
import { rollingRoute } from './routes/rolling.ts';
import { trendRoute } from './routes/trend.ts';

/**
 * The saferboard API and dashboard, over an open database.
 * @example const res = await createApp(db).request('/api/meta');
 */
export function createApp(db: Database) {
  const app = new Hono();
  // each request reads one version of the database, even if a load switches it meanwhile
  app.use('/api/*', (_c, next) => db.pin(next));
  app.route('/api/health', health(db));
  app.route('/api/meta', meta(db));
  app.route('/api/trend', trendRoute(db));
  app.route('/api/rolling', rollingRoute(db));
  app.route('/api/ranks', ranksRoute(db));
  app.get('/', (c) =>
    c.html('<!doctype html><title>saferboard</title><p>saferboard API is running: see <a href="/api/meta">/api/meta</a>.'),
  );
  app.notFound((c) => c.json({ error: `not found: ${c.req.path}`, detail: null }, 404));
  app.onError(onError);
  return app;
}
