#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so `npx saferboard` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../api/cli.ts');
