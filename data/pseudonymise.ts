import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The name of the key file created beside the database when `SAFERBOARD_SECRET` is not set. */
export const KEY_FILE = '.saferboard-secret';

/** Where the key file for a database lives: `SAFERBOARD_SECRET_FILE`, else `.saferboard-secret` beside the database. */
export const keyFilePath = (dbPath: string): string =>
  process.env.SAFERBOARD_SECRET_FILE ?? join(dirname(resolve(dbPath)), KEY_FILE);

/**
 * The pseudonymisation key: `SAFERBOARD_SECRET` if set, else the key file beside the database, created on first
 * use with 32 random bytes and owner-only permissions (0600).
 * @example const key = secretKey('data/saferboard.duckdb');
 */
export function secretKey(dbPath: string): Buffer {
  const env = process.env.SAFERBOARD_SECRET;
  if (env) {
    if (env.length < 16) throw new Error('SAFERBOARD_SECRET is too short: use at least 16 characters');
    return Buffer.from(env, 'utf8');
  }
  const file = keyFilePath(dbPath);
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } else if ((statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file}: the pseudonymisation key file must be readable by its owner only (chmod 600 ${file})`);
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`${file}: the pseudonymisation key file is empty or too short`);
  return Buffer.from(key, 'utf8');
}

/**
 * A keyed pseudonymiser: HMAC-SHA-256 of the trimmed identifier, hex. Empty in, null out.
 * The kind ('victim', 'location') is part of the message, so a victim and a place with the same raw id differ.
 * @example const p = pseudonymiser(key); p('victim', 'V123') // '5f1c…' (64 hex digits)
 */
export function pseudonymiser(key: Buffer) {
  return (kind: 'victim' | 'location', raw: string | undefined): string | null => {
    const id = (raw ?? '').trim();
    if (!id) return null;
    return createHmac('sha256', key).update(`${kind}\u0000${id}`).digest('hex');
  };
}
