/**
 * Runs in every test worker before its file (vitest `setupFiles`): the suite never reads the environment or the
 * directory it was started from. No SAFERBOARD_* variable (token, profile, secret, database…) and no
 * ./saferboard.profile.json reach the product unless a test sets them itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

for (const k of Object.keys(process.env)) if (k.startsWith('SAFERBOARD_')) delete process.env[k];
process.chdir(mkdtempSync(join(tmpdir(), 'saferboard-cwd-')));
