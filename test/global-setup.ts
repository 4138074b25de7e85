/**
 * Runs once before the suite (vitest `globalSetup`): clears the SAFERBOARD_* variables, builds once (scripts/build.ts:
 * the tests that spawn `bin/saferboard.js` run dist/, compiled here from the current source, never a stale one; browser
 * tests serve dashboard/dist and never rebuild it), and checks the outside tools: under CI=true a missing
 * Chromium or pdftotext fails the run; elsewhere the files that need them are named in one line and skipped.
 * Every temporary file of the run (test databases, packs, browser profiles) goes under one directory, set as TMPDIR for
 * the workers and the commands they spawn, and removed when the run ends.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll } from '../scripts/build.ts';
import { INSTALL, have, type Tool } from './tools.ts';

const TEST_DIR = new URL('.', import.meta.url).pathname;

/** The test files that need each tool: those calling describeWith('…') with it. */
export function filesNeeding(): Map<Tool, string[]> {
  const needs = new Map<Tool, string[]>();
  for (const file of readdirSync(TEST_DIR).filter((f) => f.endsWith('.test.ts')).sort()) {
    const text = readFileSync(join(TEST_DIR, file), 'utf8');
    for (const call of text.matchAll(/(?:describeWith|itWith)\(([^)]*)\)/g))
      for (const [, tool] of call[1]!.matchAll(/'([a-z]+)'/g)) {
        const list = needs.get(tool as Tool) ?? [];
        if (!list.includes(file)) list.push(file);
        needs.set(tool as Tool, list);
      }
  }
  return needs;
}

export default async function setup() {
  for (const k of Object.keys(process.env)) if (k.startsWith('SAFERBOARD_')) delete process.env[k];
  const missing = [...filesNeeding()].filter(([tool]) => !have(tool));
  if (missing.length && process.env.CI === 'true')
    throw new Error(
      `CI=true and ${missing.map(([t, files]) => `${t} is missing (${INSTALL[t]}; needed by ${files.join(', ')})`).join('; ')}: .ci/run installs them`,
    );
  if (missing.length) {
    const skipped = [...new Set(missing.flatMap(([, files]) => files))];
    console.warn(`SKIPPED (no ${missing.map(([t]) => t).join(', no ')}): ${skipped.join(', ')}`);
  }
  await buildAll({ quiet: true });
  const runDir = mkdtempSync(join(tmpdir(), 'saferboard-run-'));
  process.env.TMPDIR = runDir;
  return () => rmSync(runDir, { recursive: true, force: true });
}
