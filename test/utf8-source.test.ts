import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { prepareFile } from '../data/sniff.ts';
import { POLICEUK_SAMPLE, tempDb } from './helpers.ts';

/**
 * A data.police.uk street file is written as UTF-8 by its publisher (Format.utf8Source): the load checks its first
 * 64 KB, not the whole file (reading every file whole was a second pass over the rows: 91 s of a 100M-row national
 * load). A byte further on that is not UTF-8 is refused by DuckDB's reader, naming the file, and the database is left
 * as it was. Small files whose start is not plain UTF-8 CSV are still converted with a warning
 * (test/bad-input.test.ts: 10-tab-policeuk.csv, 12-latin1-policeuk.csv).
 */

const STREET = join(POLICEUK_SAMPLE, '2018-01', '2018-01-city-of-london-street.csv');

/** The sample street file with "é" written as Latin-1 (byte 0xE9) in the Location of its last row. */
function latin1Late(): string {
  const bytes = readFileSync(STREET);
  expect(bytes.length).toBeGreaterThan(100_000); // the last row lies beyond the first 64 KB
  const text = bytes.toString('utf8').replace(/\n$/, '');
  const lines = text.split('\n');
  // the last row with a location: its Location becomes "On or near Caf" + 0xE9
  let at = lines.length - 1;
  while (at > 0 && !lines[at]!.includes(',On or near ')) at--;
  expect(Buffer.byteLength(lines.slice(0, at).join('\n'))).toBeGreaterThan(65536);
  const [head, tail] = lines[at]!.split(/,On or near [^,]*/) as [string, string];
  const out = Buffer.concat([
    Buffer.from(lines.slice(0, at).join('\n') + '\n' + head + ',On or near Caf', 'utf8'),
    Buffer.from([0xe9]),
    Buffer.from(tail + '\n' + lines.slice(at + 1).map((l) => l + '\n').join(''), 'utf8'),
  ]);
  const file = join(dirname(tempDb()), '2018-01', '2018-01-city-of-london-street.csv');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, out);
  return file;
}

describe('data.police.uk street files are checked on their start only', () => {
  it('prepareFile reads only the start of a police.uk file when asked, the whole file otherwise', () => {
    const file = latin1Late();
    // whole: the Latin-1 byte is found and the file converted, with a warning
    const whole = prepareFile(file, 'street.csv');
    try {
      expect(whole.path).not.toBe(file);
      expect(whole.warnings.join(' ')).toContain('not UTF-8');
    } finally {
      whole.cleanup();
    }
    // start only: the first 64 KB are plain UTF-8 CSV, so the file is read as it is, without a warning
    const start = prepareFile(file, 'street.csv', { headOnly: true });
    expect(start.path).toBe(file);
    expect(start.warnings).toEqual([]);
  });

  it('a clean street file loads as before', async () => {
    const db = tempDb();
    const summary = await loadFiles([STREET], { db });
    const expected = readFileSync(STREET, 'utf8').trim().split('\n').length - 1;
    expect(summary.files[0]!.rows).toBe(expected);
    expect(summary.files[0]!.warnings.join(' ')).not.toContain('UTF-8');
  });

  it('a byte further on that is not UTF-8 is refused by the reader, naming the file, and nothing is loaded', async () => {
    const file = latin1Late();
    const db = tempDb();
    await loadFiles([STREET], { db });
    const before = readFileSync(db);
    const error = await loadFiles([file], { db }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/2018-01-city-of-london-street\.csv/);
    expect(error?.message).toMatch(/UTF-8|unicode/i);
    expect(existsSync(`${db}.next`)).toBe(false);
    expect(Buffer.compare(readFileSync(db), before)).toBe(0);
    const read = await Database.open(db, { readOnly: true });
    try {
      expect((await read.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM policeuk_incidents`))!.n).toBe(
        readFileSync(STREET, 'utf8').trim().split('\n').length - 1,
      );
    } finally {
      read.close();
    }
  });
});
