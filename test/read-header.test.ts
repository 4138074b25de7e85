import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeader } from '../data/text.ts';

describe('readHeader reads the first line only', () => {
  const file = (text: string | Buffer) => {
    const path = join(mkdtempSync(join(tmpdir(), 'saferboard-')), 'f.csv');
    writeFileSync(path, text);
    return path;
  };

  it('with a byte-order mark, CRLF line ends and quoted fields', () => {
    expect(readHeader(file('\uFEFFCrime ID,"Month",  Reported by \r\nx,2018-01,Met\r\n'))).toEqual(['Crime ID', 'Month', 'Reported by']);
  });

  it('a header longer than the first 4 KB read, and a file of one line with no line end', () => {
    const long = Array.from({ length: 600 }, (_, i) => `column_${i}`);
    expect(readHeader(file(`${long.join(',')}\n1,2\n`))).toEqual(long);
    expect(readHeader(file('a,b,c'))).toEqual(['a', 'b', 'c']);
  });

  it('a multi-byte character across the 4 KB boundary is read whole', () => {
    const names = [`${'x'.repeat(4095)}é`, 'Month'];
    expect(readHeader(file(`${names.join(',')}\nq,w\n`))).toEqual(names);
  });
});
