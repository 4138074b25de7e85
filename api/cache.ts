import type { MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import type { Database } from '../data/db.ts';

interface Cached {
  body: ArrayBuffer;
  status: number;
  headers: [string, string][];
}

/**
 * Caches successful GET /api responses by URL for the version of the database they were computed from: the
 * database is read-only between loads, so the same question gets the same answer until the next load.
 * Concurrent requests for the same URL wait for one computation instead of each running it.
 * Bounded by size (default 64 MB); entries for older versions stop being asked for and age out.
 */
export function responseCache(db: Database, { maxBytes = 64 * 1024 * 1024 } = {}): MiddlewareHandler {
  const cache = new LRUCache<string, Cached>({ maxSize: maxBytes, sizeCalculation: (v) => v.body.byteLength + 200 });
  const inFlight = new Map<string, Promise<Cached | undefined>>();
  const respond = (hit: Cached) => new Response(hit.body, { status: hit.status, headers: hit.headers });
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const key = `${db.generation}|${c.req.url}`;
    const hit = cache.get(key) ?? (await inFlight.get(key));
    if (hit) {
      c.res = respond(hit);
      return;
    }
    let settle: (v: Cached | undefined) => void = () => {};
    inFlight.set(key, new Promise((resolve) => (settle = resolve)));
    try {
      await next();
      if (c.res.status !== 200) return settle(undefined);
      const entry = { body: await c.res.clone().arrayBuffer(), status: c.res.status, headers: [...c.res.headers] };
      if (entry.body.byteLength < maxBytes / 16) cache.set(key, entry);
      settle(entry);
    } catch (e) {
      settle(undefined);
      throw e;
    } finally {
      inFlight.delete(key);
    }
  };
}
