import { totalmem } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { Database, memoryLimit } from '../data/db.ts';
import { tempDb } from './helpers.ts';

/** DuckDB's memory limit as bytes, from its own text ("2.7 GiB", "500.0 MiB"). */
const bytes = (text: string) => {
  const m = /^([\d.]+)\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)$/.exec(text.trim());
  if (!m) throw new Error(`unexpected memory_limit ${text}`);
  const unit = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 }[m[2]!]!;
  return Number(m[1]) * unit;
};

describe('the memory limit of a writable database (a load)', () => {
  afterEach(() => {
    delete process.env.SAFERBOARD_MEMORY_LIMIT;
  });

  it('is 3 GB, or 80% of the machine when that is less', () => {
    const expected = Math.min(3e9, Math.floor((totalmem() * 0.8) / 1e6) * 1e6);
    expect(memoryLimit()).toBe(`${expected / 1e6}MB`);
  });

  it('is what DuckDB applies to a database opened for writing', async () => {
    const db = await Database.open(tempDb());
    try {
      const limit = (await db.one<{ v: string }>(`SELECT current_setting('memory_limit') AS v`))!.v;
      // DuckDB reports it in binary units to one decimal ("2.7 GiB" for 3 GB); its own default would be 80% of the machine
      expect(Math.abs(bytes(limit) - Math.min(3e9, totalmem() * 0.8)) / 3e9).toBeLessThan(0.05);
    } finally {
      db.close();
    }
  });

  it('is set by SAFERBOARD_MEMORY_LIMIT, and a value that is not a size is refused by name', async () => {
    process.env.SAFERBOARD_MEMORY_LIMIT = '500MB';
    expect(memoryLimit()).toBe('500MB');
    const db = await Database.open(tempDb());
    try {
      const limit = (await db.one<{ v: string }>(`SELECT current_setting('memory_limit') AS v`))!.v;
      expect(Math.abs(bytes(limit) - 500e6) / 500e6).toBeLessThan(0.02);
    } finally {
      db.close();
    }
    process.env.SAFERBOARD_MEMORY_LIMIT = 'lots';
    expect(() => memoryLimit()).toThrow('SAFERBOARD_MEMORY_LIMIT is "lots": expected a size such as 3GB, 2.5GiB or 500MB');
  });
});
