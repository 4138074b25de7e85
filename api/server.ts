import { serve as honoServe } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { Database } from '../data/db.ts';
import { derivedKey, rebuildDerived } from '../data/load.ts';
import { acquireLock } from '../data/lock.ts';
import { createApp } from './app.ts';
import { isLoopback } from './security.ts';

/** Adds the tables of a newer saferboard to a database made by an older one (opening it writable applies schema.sql). */
async function upgradeSchema(path: string) {
  const release = await acquireLock(path);
  try {
    const db = await Database.open(path);
    // a database loaded by an older saferboard, or for another profile's indicators, gets the derived tables this
    // server reads (coverage by category, memberships…) rebuilt first
    const v = await db.one<{ value: string }>(`SELECT value FROM meta WHERE key = 'derived_version'`);
    if (v?.value !== derivedKey()) {
      await db.run('BEGIN TRANSACTION');
      await rebuildDerived(db);
      await db.run('COMMIT');
    }
    db.close();
  } catch (e) {
    // another process has it open (another server): it was upgraded by whoever opened it first
    console.error(`saferboard: could not check the schema of ${path}: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    release();
  }
}

/** Opens the database read-only and serves the app until the process ends. */
export async function serve({ db: path, port, host }: { db: string; port: number; host: string }) {
  if (!existsSync(path)) {
    console.error(`saferboard serve: no database at ${path}: run "saferboard load FILE…" first (or npm start)`);
    process.exit(2);
  }
  if (!isLoopback(host) && !process.env.SAFERBOARD_TOKEN)
    console.error(
      `saferboard: WARNING: serving on ${host}, reachable from other machines, without SAFERBOARD_TOKEN: anyone who can reach it can read the data`,
    );
  await upgradeSchema(path);
  const db = await Database.open(path, { readOnly: true });
  db.watch(500, (generation) => console.error(`saferboard: a load replaced ${path}: now serving version ${generation}`));
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
