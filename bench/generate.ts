/**
 * Deterministic synthetic data for the benchmarks.
 *
 *   npx tsx bench/generate.ts --rows 1000000 --months 36 --out bench/data/1m/police-uk \
 *     [--start 2016-01] [--seed 1] [--local-rows 100000 --local-out bench/data/1m/local/incidents.csv]
 *
 * writes data.police.uk street files as `<out>/YYYY-MM/YYYY-MM-<force>-street.csv` and, with --local-rows,
 * one `local` incident extract. Same arguments, same bytes.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { generateLocal } from './generate-local.ts';
import { generatePoliceUk } from './generate-policeuk.ts';

export { generateLocal } from './generate-local.ts';
export { generatePoliceUk } from './generate-policeuk.ts';

/** Parses a row count such as `100000`, `100k`, `1m` or `10M`. */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`expected a row count such as 100000, 100k or 10m, found "${text}"`);
  return Math.round(Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1));
}

function main() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100k' },
      months: { type: 'string', default: '36' },
      start: { type: 'string', default: '2016-01' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/data/police-uk' },
      'local-rows': { type: 'string', default: '0' },
      'local-out': { type: 'string', default: 'bench/data/local/incidents.csv' },
    },
  });
  const months = Number(values.months);
  if (!Number.isInteger(months) || months < 1) throw new Error(`expected --months as a whole number ≥ 1, found "${values.months}"`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(values.start)) throw new Error(`expected --start as YYYY-MM, found "${values.start}"`);
  const seed = Number(values.seed);
  const started = performance.now();
  const rows = parseCount(values.rows);
  const pu = generatePoliceUk({ out: values.out, rows, months, start: values.start, seed });
  console.error(`police.uk: ${pu.rows} rows in ${pu.files.length} files under ${values.out} (${pu.months[0]}..${pu.months.at(-1)})`);
  const localRows = parseCount(values['local-rows']);
  if (localRows > 0) {
    const local = generateLocal({ file: values['local-out'], rows: localRows, months, start: values.start, seed });
    console.error(`local: ${local.rows} incidents, ${local.victims} victims in ${local.file}`);
  }
  console.error(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
