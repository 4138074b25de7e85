/**
 * The command line runs the JavaScript compiled at install (dist/, scripts/build.ts; test/global-setup.ts compiled it
 * from the current source) and each command loads only what it uses: `--help` or a mistyped option loads commander
 * and the two small modules the definitions read, never DuckDB, Hono, Plot, jsdom, Playwright or TypeScript.
 * What is loaded is read from Node's module resolution hook, not timed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIds } from '../data/formats/index.ts';
import { ROOT, tempDb } from './helpers.ts';

/** Runs `bin/saferboard.js ARGS` and returns every file it loaded (relative to the root), with its exit code. */
function loaded(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'saferboard-startup-'));
  const log = join(dir, 'loaded.txt');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});`,
  );
  writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(ROOT, 'bin/saferboard.js'), ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const root = pathToFileURL(ROOT).href;
  const files = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].map((url) =>
    url.startsWith(root) ? url.slice(root.length) : url,
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, files };
}

/** The npm packages among the files loaded. */
const packages = (files: string[]) =>
  [...new Set(files.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []))].sort();

describe('the command line runs compiled JavaScript and loads only what a command uses', () => {
  it('--help and a command’s --help load commander and the compiled definitions only', () => {
    for (const args of [
      ['--help'],
      ['load', '--help'],
      ['report', '--help'],
      ['load', '--format', 'nonsense', 'x.csv'],
    ]) {
      const r = loaded(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(args[1] === '--format' ? 1 : 0);
      expect(packages(r.files), args.join(' ')).toEqual(['commander']);
      // nothing from the TypeScript sources: the compiled files only
      expect(r.files.filter((f) => !f.includes('node_modules/')).sort(), args.join(' ')).toEqual([
        'bin/saferboard.js',
        'dist/api/cli.js',
        'dist/data/formats/ids.js',
        'dist/data/paths.js',
      ]);
    }
    // the choices the help lists without loading the formats are the formats' own ids
    const help = loaded(['load', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`(choices: ${['auto', ...formatIds()].map((id) => `"${id}"`).join(', ')},`);
  });

  it('a command that runs loads its own modules, compiled (the hook sees them: the check above can fail)', () => {
    const r = loaded(['query', 'rolling', '--db', tempDb(), '--area', 'Barnet']);
    expect(r.code).not.toBe(0); // no such database
    expect(packages(r.files)).toEqual(expect.arrayContaining(['@duckdb/node-api', 'commander', 'zod']));
    expect(r.files).toContain('dist/api/commands/query.js');
    expect(r.files.filter((f) => /\.ts$/.test(f))).toEqual([]);
  });

  it('without dist/ it says to run the build, and exits 1', () => {
    const bin = join(mkdtempSync(join(tmpdir(), 'saferboard-nodist-')), 'bin');
    mkdirSync(bin);
    copyFileSync(join(ROOT, 'bin/saferboard.js'), join(bin, 'saferboard.js'));
    const r = spawnSync(process.execPath, [join(bin, 'saferboard.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dist\/\) is missing: run npm run build/);
    expect(r.stdout).toBe('');
  });
});
