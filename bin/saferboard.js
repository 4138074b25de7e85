#!/usr/bin/env node
// Runs the command line compiled at install: `npm ci` runs `npm run build` (scripts/build.ts), which compiles the
// TypeScript into dist/. Nothing is compiled at run time.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/api/cli.js', import.meta.url))) {
  console.error(
    'saferboard: the compiled code (dist/) is missing: run npm run build (npm ci runs it at install)',
  );
  process.exit(1);
}
await import('../dist/api/cli.js');
