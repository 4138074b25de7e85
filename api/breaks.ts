import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { LoadError } from '../data/errors.ts';
import { referencePath } from '../data/reference.ts';

/** One series break: from `month` on, the figures of `source` (and `category`, `*` for all) are on a new basis. */
export interface SeriesBreak {
  source: string;
  category: string;
  month: string;
  note: string;
}

const SOURCES = ['mps', 'policeuk', 'local', 'population'];
let cache: { path: string; breaks: SeriesBreak[] } | undefined;

/**
 * The series breaks of data/reference/series-breaks.csv (`source,category,month,note`), read once; a bad row is a
 * LoadError naming the file and line. `population` rows are breaks in the population base (rates only): their month
 * is June of the first mid-year estimate on the new base.
 * @example seriesBreaks()[0] // { source: 'mps', category: '*', month: '2019-01', note: 'MPS files change …' }
 */
export function seriesBreaks(path = process.env.SAFERBOARD_BREAKS ?? referencePath('series-breaks.csv')): SeriesBreak[] {
  if (cache?.path === path) return cache.breaks;
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  const head = ['source', 'category', 'month', 'note'];
  if (head.some((h) => !parsed.meta.fields?.includes(h)))
    throw new LoadError(path, 1, `expected the header ${head.join(',')}, found ${parsed.meta.fields?.join(',')}`);
  const breaks = parsed.data.map((r, i) => {
    const line = i + 2;
    const b = { source: r.source?.trim() ?? '', category: r.category?.trim() ?? '', month: r.month?.trim() ?? '', note: r.note?.trim() ?? '' };
    if (!SOURCES.includes(b.source)) throw new LoadError(path, line, `source ${JSON.stringify(b.source)}: expected one of ${SOURCES.join(', ')}`);
    if (b.category !== '*' && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(b.category))
      throw new LoadError(path, line, `category ${JSON.stringify(b.category)}: expected a category id or * for all`);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(b.month)) throw new LoadError(path, line, `month ${JSON.stringify(b.month)}: expected YYYY-MM`);
    if (!b.note) throw new LoadError(path, line, 'note is empty: say what changed');
    return b;
  });
  breaks.sort((a, b) => a.month.localeCompare(b.month));
  cache = { path, breaks };
  return breaks;
}

/**
 * The breaks a comparison straddles: those of the source and category (or `*`) with from < month <= to, i.e. with
 * months on both sides inside from..to. In the form the JSON carries.
 * @example breaksBetween('mps', 'burglary', '2018-01', '2019-12') // [{ month: '2019-01', note: 'MPS files change …' }]
 */
export function breaksBetween(source: string, category: string, from: string, to: string): { month: string; note: string }[] {
  return seriesBreaks()
    .filter((b) => b.source === source && (b.category === '*' || b.category === category) && from < b.month && b.month <= to)
    .map(({ month, note }) => ({ month, note }));
}

/**
 * Breaks in the population base between two rates' population years (e.g. 2020 and 2021: Census 2021 rebasing).
 * @example populationBreaks(2020, 2021) // [{ month: '2021-06', note: 'Census 2021 rebased …' }]
 */
export function populationBreaks(fromYear: number | null, toYear: number | null): { month: string; note: string }[] {
  if (fromYear === null || toYear === null || fromYear === toYear) return [];
  const [a, b] = fromYear < toYear ? [fromYear, toYear] : [toYear, fromYear];
  return breaksBetween('population', '*', `${a}-06`, `${b}-06`);
}
