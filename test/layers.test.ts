/**
 * The layout's import rule (issue 20, section 4), read from the source files themselves: browser code and server code
 * never import each other's files, and the code they share is pure.
 *
 *   core/       pure code shared by the server, the browser and the pack: imports only core/ (and pure npm libraries)
 *   charts/     the pure Plot chart functions of the dashboard and the pack: imports only charts/ and core/
 *   dashboard/  browser code: imports only dashboard/, charts/ and core/
 *   api/, bin/  the server, the CLI and the pack: never import dashboard/
 *   data/       loading and the database: never imports api/ or dashboard/
 *
 * core/, charts/ and dashboard/ run in the browser: no Node built-in, no DuckDB, no Hono.
 * Every form of import counts: `import … from`, `import type`, `export … from`, `import()` and `import('…').Type`.
 * The compiled code (dist/<layer>/…, written by scripts/build.ts) belongs to the layer it was compiled from: bin/ runs dist/api/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

const LAYERS = ['core', 'charts', 'dashboard', 'api', 'data', 'bin'] as const;
type Layer = (typeof LAYERS)[number];

/** The folders each layer may import from (its own included). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  charts: ['charts', 'core'],
  dashboard: ['dashboard', 'charts', 'core'],
  api: ['api', 'data', 'core', 'charts'],
  data: ['data', 'core'],
  bin: ['bin', 'api', 'data', 'core', 'charts'],
};
/** Layers whose code runs in the browser (the dashboard's bundle, or shared with it). */
const BROWSER: readonly Layer[] = ['core', 'charts', 'dashboard'];
const SERVER_ONLY = /^(node:|@duckdb\/|hono($|\/)|@hono\/)/;

interface Source {
  path: string;
  text: string;
}

/** Every import of every source file that breaks the rule, as `file:line → target`. */
export function violations(files: Source[]): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    const layer = path.split('/')[0] as Layer;
    if (!LAYERS.includes(layer)) continue;
    const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
    for (const { fileName: spec, pos } of ts.preProcessFile(text, true, true).importedFiles) {
      const where = `${path}:${lineOf(pos)}`;
      if (spec.startsWith('.')) {
        const target = relative(ROOT, resolve(ROOT, dirname(path), spec)).split('\\').join('/');
        const to = target.replace(/^dist\//, '').split('/')[0] as Layer;
        if (target.startsWith('..') || !ALLOWED[layer].includes(to)) out.push(`${where} → ${target}`);
      } else if (BROWSER.includes(layer) && (SERVER_ONLY.test(spec) || builtinModules.includes(spec))) {
        out.push(`${where} → ${spec} (server-only module)`);
      }
    }
  }
  return out;
}

function sources(): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = `${dir}/${name}`;
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.(ts|js|mjs)$/.test(name)) out.push({ path, text: readFileSync(join(ROOT, path), 'utf8') });
    }
  };
  for (const layer of LAYERS) walk(layer);
  return out;
}

describe('the layout: browser and server code never import each other, and shared code is pure', () => {
  it('every import of core/, charts/, dashboard/, api/, data/ and bin/ keeps to its layer', () => {
    const files = sources();
    // the walk read the layers it checks (a rule over no files would pass whatever the code did)
    for (const layer of LAYERS) expect(files.filter((f) => f.path.startsWith(`${layer}/`)).length, layer).toBeGreaterThan(0);
    expect(violations(files)).toEqual([]);
  });

  it('nothing in the product calls its own HTTP app: only the server imports api/app.ts (app.request is a test tool)', () => {
    const importers = sources()
      .filter(({ path, text }) => ts.preProcessFile(text, true, true).importedFiles.some((f) => f.fileName.startsWith('.') && relative(ROOT, resolve(ROOT, dirname(path), f.fileName)) === 'api/app.ts'))
      .map((f) => f.path);
    expect(importers).toEqual(['api/server.ts']);
  });

  it('catches every form of import across a layer, with its file and line', () => {
    const found = violations([
      {
        path: 'dashboard/src/views/x.ts',
        text: [
          `import { h } from '../dom.ts';`,
          `import type { Ranks } from '../../../api/ranks.ts';`,
          `export { fonts } from '../../../data/fonts.ts';`,
          `const m = await import('../../../api/cli.ts');`,
          `type S = import('../../../core/types.ts').Scorecard;`,
          `import { readFileSync } from 'node:fs';`,
        ].join('\n'),
      },
      { path: 'api/report/x.ts', text: `\n\nimport { trendChart } from '../../dashboard/src/panel.ts';` },
      { path: 'core/x.ts', text: `import { plot } from '../charts/common.ts';\nimport { Hono } from 'hono';` },
      { path: 'charts/x.ts', text: `import { getJson } from '../dashboard/src/api.ts';\nimport { fmtInt } from '../core/format.ts';` },
      { path: 'data/x.ts', text: `import { InputError } from '../api/errors.ts';\nimport { SOURCES } from '../core/sources.ts';\nimport '../dist/api/errors.js';` },
      { path: 'bin/x.js', text: `import '../dashboard/src/main.ts';\nawait import('../api/cli.ts');\nawait import('../dist/api/cli.js');` },
    ]);
    expect(found).toEqual([
      'dashboard/src/views/x.ts:2 → api/ranks.ts',
      'dashboard/src/views/x.ts:3 → data/fonts.ts',
      'dashboard/src/views/x.ts:4 → api/cli.ts',
      'dashboard/src/views/x.ts:6 → node:fs (server-only module)',
      'api/report/x.ts:3 → dashboard/src/panel.ts',
      'core/x.ts:1 → charts/common.ts',
      'core/x.ts:2 → hono (server-only module)',
      'charts/x.ts:1 → dashboard/src/api.ts',
      'data/x.ts:1 → api/errors.ts',
      'data/x.ts:3 → dist/api/errors.js',
      'bin/x.js:1 → dashboard/src/main.ts',
    ]);
  });
});
