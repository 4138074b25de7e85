import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { MPS_SAMPLE, POLICEUK_SAMPLE, ROOT, checksum, cli, query, serveCli, tempDb } from './helpers.ts';

/** A data.police.uk archive of `months` months made from the sample's Met January rows (about 7,600 a month). */
function bigArchive(months: number): { dir: string; rows: number } {
  const dir = join(dirname(tempDb()), 'archive');
  const lines = readFileSync(join(POLICEUK_SAMPLE, '2018-01/2018-01-metropolitan-street.csv'), 'utf8').trimEnd().split('\n');
  for (let i = 0; i < months; i++) {
    const month = `${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    mkdirSync(join(dir, month), { recursive: true });
    const body = lines.slice(1).map((l) => l.replace(',2018-01,', `,${month},`));
    writeFileSync(join(dir, month, `${month}-metropolitan-street.csv`), [lines[0], ...body].join('\n') + '\n');
  }
  return { dir, rows: months * (lines.length - 1) };
}

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

const run = (args: string[]) => {
  const child = spawn(process.execPath, [join(ROOT, 'bin/saferboard.js'), ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
};

describe('crash safety', () => {
  it('a load killed with SIGKILL half-way leaves the database as it was, and the next load works', async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE], { db });
    const before = await checksum(db);
    const bytes = readFileSync(db);
    const { dir, rows } = bigArchive(36);
    const load = run(['load', '--db', db, '--progress', 'lines', dir]);
    // the load says when it starts reading its files, inside its transaction on the copy of the database: it is
    // stopped there (SIGSTOP: it can go no further), seen writing its copy, and killed
    await new Promise<void>((resolve) =>
      load.child.stderr!.on('data', () => {
        if (load.stderr().includes('saferboard load: loading') && load.child.kill('SIGSTOP')) resolve();
      }),
    );
    expect(load.stderr()).toContain('saferboard load: loading');
    expect(load.stderr()).not.toContain('saferboard load: loaded'); // half-way: not one file finished
    expect(existsSync(`${db}.next`)).toBe(true);
    load.child.kill('SIGKILL');
    expect(await load.exited).toBe(null);
    expect(readFileSync(db).equals(bytes)).toBe(true);
    expect(await checksum(db)).toBe(before);
    // the next load cleans up the killed one's copy and lock, and completes
    const again = cli(['load', '--db', db, dir]);
    expect(again.code).toBe(0);
    const [row] = await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM policeuk_incidents`);
    expect(row!.n).toBe(rows);
    expect(existsSync(`${db}.next`) || existsSync(`${db}.lock`)).toBe(false);
  }, 240_000); // two loads of 36 months: minutes on a busy 2-core machine
});

describe('loading while serving', () => {
  it('the server answers every request during a load, never shows half a load, and shows the new data after', async () => {
    const db = tempDb();
    await loadFiles([MPS_SAMPLE], { db });
    const server = await serveCli(db);
    children.push(server.child);
    const base = server.base;
    const { dir, rows } = bigArchive(24);
    const load = run(['load', '--db', db, dir]);
    const seen = new Set<string>();
    let requests = 0;
    let failures = 0;
    let done = false;
    load.exited.then(() => (done = true));
    // requests in a loop throughout the load, and for up to 5 s after it, until the new data shows
    const deadline = () => Date.now() + 5000;
    let stopAt = Infinity;
    while (Date.now() < stopAt) {
      if (done && stopAt === Infinity) stopAt = deadline();
      const [meta, rolling] = await Promise.all([
        fetch(`${base}/api/meta`),
        fetch(`${base}/api/rolling?area=Barnet&category=burglary&to=2018-12`),
      ]);
      requests++;
      if (meta.status !== 200 || rolling.status !== 200) failures++;
      const body = await meta.json();
      await rolling.json();
      const police = body.sources.find((s: { id: string }) => s.id === 'policeuk');
      seen.add(police ? String(police.rows) : 'none');
      if (done && police) break;
    }
    expect(await load.exited).toBe(0);
    expect(failures).toBe(0);
    expect(requests).toBeGreaterThan(3);
    // only the state before the load (no police.uk rows) and the state after it (all of them): never half
    expect([...seen].sort()).toEqual([String(rows), 'none'].sort());
    expect(server.log()).toContain('now serving version 2');
    server.child.kill('SIGTERM');
  }, 240_000);
});
