import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './helpers.ts';

export const OUTPUT = join(ROOT, 'test/output');

/**
 * True only when the run was started to update snapshots: `vitest -u` (vitest's update mode "all") or
 * UPDATE_SNAPSHOTS=1 (`npm run test:update-snapshots` sets both). Vitest's default mode outside CI ("new")
 * would write a missing snapshot: here it does not.
 */
export function updatingSnapshots(): boolean {
  if (process.env.UPDATE_SNAPSHOTS === '1') return true;
  const state = expect.getState().snapshotState as unknown as { _updateSnapshot?: string } | undefined;
  return state?._updateSnapshot === 'all';
}

/**
 * Compares a chart's SVG (numbers rounded to 2 places) with test/output/NAME.svg. A missing or different
 * snapshot fails (writing NAME-changed.svg to look at) unless the run updates snapshots, which (re)writes it.
 */
export function snapshot(name: string, chart: Element) {
  const svg = chart.outerHTML.replace(/\d+\.\d+/g, (n) => String(Math.round(Number(n) * 100) / 100));
  const file = join(OUTPUT, `${name}.svg`);
  const changed = join(OUTPUT, `${name}-changed.svg`);
  mkdirSync(OUTPUT, { recursive: true });
  const stored = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (stored === svg) return rmSync(changed, { force: true });
  if (updatingSnapshots()) {
    writeFileSync(file, svg);
    return rmSync(changed, { force: true });
  }
  writeFileSync(changed, svg);
  expect.fail(
    stored === null
      ? `${name}: missing snapshot test/output/${name}.svg (the chart is in test/output/${name}-changed.svg; run \`npm run test:update-snapshots\` to accept it)`
      : `${name}: the chart differs from test/output/${name}.svg: see test/output/${name}-changed.svg (run \`npm run test:update-snapshots\` to accept it)`,
  );
}
