import { serve as honoServe } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { Database } from '../data/db.ts';
import { servable, upgradeCommand } from './stale.ts';
import { createApp } from './app.ts';
import { isLoopback } from './security.ts';

export { servable, upgradeCommand, warnIfStale } from './stale.ts';

/**
 * Opens the database read-only and serves the app until the process ends. It never writes to the database (nor
 * takes the load lock): a database whose tables are out of date for this saferboard or profile is refused with
 * the command that brings it up to date.
 */
export async function serve({ db: path, port, host }: { db: string; port: number; host: string }) {
  if (!existsSync(path)) {
    console.error(`saferboard serve: no database at ${path}: run "saferboard load FILE…" first (or npm start)`);
    process.exit(2);
  }
  if (!isLoopback(host) && !process.env.SAFERBOARD_TOKEN)
    console.error(
      `saferboard: WARNING: serving on ${host}, reachable from other machines, without SAFERBOARD_TOKEN: anyone who can reach it can read the data`,
    );
  const db = await Database.open(path, { readOnly: true });
  const problem = await servable((sql) => db.all(sql));
  if (problem) {
    db.close();
    console.error(`saferboard serve: cannot serve ${path} as it is: ${problem}.`);
    console.error(`saferboard serve: serve opens the database read-only and never changes it; bring it up to date first with:`);
    console.error(`  ${upgradeCommand(path)}`);
    console.error('saferboard serve: then start the server again. Nothing was changed.');
    process.exit(2);
  }
  db.watch(500, (generation) => console.error(`saferboard: a load replaced ${path}: now serving version ${generation}`), {
    check: servable,
    onRefuse: (why) =>
      console.error(
        `saferboard: a load replaced ${path}, but the new version cannot be served as it is: ${why}; still serving the previous version. Run: ${upgradeCommand(path)}`,
      ),
  });
  const app = createApp(db);
  const server = honoServe({ fetch: app.fetch, port, hostname: host }, (info) => {
    console.error(`saferboard: serving ${path} on http://${host === '127.0.0.1' ? 'localhost' : host}:${info.port}`);
  });
  const stop = () => {
    server.close();
    db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return server;
}
