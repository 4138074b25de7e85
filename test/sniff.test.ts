import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareFile } from '../data/sniff.ts';

const dir = mkdtempSync(join(tmpdir(), 'saferboard-sniff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe('prepareFile: an empty file, found without decoding the whole file', () => {
  it.each([
    ['nothing', ''],
    ['a byte order mark and blank lines', '\uFEFF\r\n\r\n  \n'],
    ['tabs, form feeds and vertical tabs', '\t\f\v\n'],
    ['no-break and other Unicode spaces', '\u00A0\u2003\n\u3000\uFEFF'],
  ])('refuses %s as empty', (_, text) => {
    const path = file(`blank-${text.length}.csv`, text);
    expect(() => prepareFile(path, 'x.csv')).toThrow(/the file is empty/);
  });

  it.each([
    ['a header after blank lines', '\n\nMonth,Crime type\n2024-01,Burglary\n'],
    ['a header opening with a non-ASCII letter', 'Église,Crime type\n'],
    ['a header after a no-break space', '\u00A0Month,Crime type\n'],
  ])('reads %s', (_, text) => {
    const r = prepareFile(file(`text-${text.length}.csv`, text), 'x.csv');
    expect(r.warnings).toEqual([]);
    r.cleanup();
  });

  it('reads Windows-1252 text (not UTF-8) as such, with a warning', () => {
    // "Burglary – residential": 0x96 is an en dash in Windows-1252 and invalid as UTF-8
    const r = prepareFile(file('cp1252.csv', Buffer.from([...Buffer.from('Month,Crime type\n2024-01,Burglary '), 0x96, ...Buffer.from(' residential\n')])), 'x.csv');
    expect(r.warnings.join(' ')).toMatch(/Windows-1252/);
    r.cleanup();
  });
});
