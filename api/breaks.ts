import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { LoadError } from '../data/errors.ts';
import { referencePath } from '../data/reference.ts';
import { monthName } from '../core/months.ts';

/** One series break of the reference file: from `month` on, the figures of `source` (and `category`, `*` for all) are on a new basis. */
export interface SeriesBreak {
  source: string;
  category: string;
  month: string;
  note: string;
  /** false (`comparable` = `no`): figures before and after are not like for like, so a comparison across it is not made */
  comparable: boolean;
}

const SOURCES = ['mps', 'policeuk', 'local', 'mpsdash', 'population'];
/** The bundled file's path, worked out once (a scorecard asks for the breaks of every indicator). */
let bundledBreaks: string | undefined;
let cache: { path: string; breaks: SeriesBreak[] } | undefined;

/**
 * The series breaks of data/reference/series-breaks.csv (`source,category,month,note[,comparable]`), read once; a bad
 * row is a LoadError naming the file and line. `population` rows are breaks in the population base (rates only): their
 * month is June of the first mid-year estimate on the new base. `comparable` (`yes` | `no`) says whether a comparison
 * across the break is still made (with the note); without the column, a `population` row is `yes` (counts are not
 * touched by a population base) and a row of a crime source `no` (a change in how crimes are recorded).
 * A change of MPS classification is not listed here: the data loaded says where it is (see `breaksBetween`).
 * @example seriesBreaks()[0] // { source: 'population', category: '*', month: '2021-06', note: 'Census 2021 rebased …' }
 */
export function seriesBreaks(path = process.env.SAFERBOARD_BREAKS ?? (bundledBreaks ??= referencePath('series-breaks.csv'))): SeriesBreak[] {
  if (cache?.path === path) return cache.breaks;
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  const head = ['source', 'category', 'month', 'note'];
  if (head.some((h) => !parsed.meta.fields?.includes(h)))
    throw new LoadError(path, 1, `expected the header ${head.join(',')}, found ${parsed.meta.fields?.join(',')}`);
  const breaks = parsed.data.map((r, i) => {
    const line = i + 2;
    const source = r.source?.trim() ?? '';
    const said = r.comparable?.trim().toLowerCase() ?? '';
    const b = { source, category: r.category?.trim() ?? '', month: r.month?.trim() ?? '', note: r.note?.trim() ?? '', comparable: said ? said === 'yes' : source === 'population' };
    if (said && said !== 'yes' && said !== 'no') throw new LoadError(path, line, `comparable ${JSON.stringify(r.comparable)}: expected yes or no (or nothing: no for a crime source, yes for population)`);
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

/** Where the crime classification of an area's loaded MPS months changes (queries/classification-changes.sql). */
export interface ClassificationChange {
  source: string;
  area_code: string;
  /** the first month loaded in the new classification */
  month: string;
  /** the last month loaded in the old one (the months between are gaps) */
  before_month: string;
  classification: string;
  before: string;
}

/** The series a break list is for: its area, and the classification changes the loaded data has (`lookups(db)`). */
export interface LoadedData {
  area: string;
  changes: readonly ClassificationChange[];
}

const CLASSIFICATION: Record<string, string> = {
  mps: "the MPS's own crime classification",
  'home-office': "the Home Office's crime classification",
};

/**
 * The note of a change of classification in the data loaded.
 * @example classificationNote({ month: '2024-03', before_month: '2018-12', classification: 'home-office', before: 'mps', … })
 */
export function classificationNote(c: ClassificationChange): string {
  const name = (k: string) => CLASSIFICATION[k] ?? k;
  const example = c.before === 'mps' && c.classification === 'home-office' ? ' (e.g. Assault with Injury and Wounding/GBH became Violence with Injury)' : '';
  return `The MPS files loaded for this area change from ${name(c.before)} (to ${c.before_month}) to ${name(c.classification)} (from ${c.month}), as their labels show: categories before and after are not like for like${example}`;
}

/** A series break as the JSON carries it. */
export interface Break {
  month: string;
  note: string;
}

/** A break with whether a comparison across it is made, and if not, why (the words after "not compared: "). */
interface Crossed extends Break {
  stops: string | null;
}

/** "The MPS moved …" -> "the MPS moved …" (a reason follows "not compared: "). */
const lower = (note: string) => note.charAt(0).toLowerCase() + note.slice(1).replace(/\.$/, '');

function crossed(source: string, category: string, from: string, to: string, data: LoadedData): Crossed[] {
  const loaded = data.changes
    .filter((c) => c.source === source && c.area_code === data.area && from <= c.before_month && c.month <= to)
    .map((c) => ({
      month: c.month,
      note: classificationNote(c),
      stops: `the MPS changed crime classification in ${monthName(c.month)}: the files loaded for this area are in ${CLASSIFICATION[c.before] ?? c.before} to ${monthName(c.before_month)} and in ${CLASSIFICATION[c.classification] ?? c.classification} from ${monthName(c.month)}, so categories before and after are not like for like`,
    }));
  const reference = seriesBreaks()
    .filter((b) => b.source === source && (b.category === '*' || b.category === category) && from < b.month && b.month <= to)
    .map(({ month, note, comparable }) => ({ month, note, stops: comparable ? null : lower(note) }));
  return [...loaded, ...reference].sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * The breaks a comparison or series over from..to crosses, in month order, in the form the JSON carries:
 * - the classification changes of the data loaded for the area (MPS: each borough's month records the classification
 *   its file was published in), when from..to holds loaded months of both classifications (from <= the last month
 *   of the old one, the first of the new one <= to);
 * - the rows of data/reference/series-breaks.csv for the source and category (or `*`) with from < month <= to: what
 *   the data cannot show (the 2024 recording change).
 * @example breaksBetween('mps', 'burglary', '2017-01', '2026-02', { area: 'E09000003', changes }) // [{ month: '2024-03', note: 'The MPS files loaded … change …' }]
 */
export function breaksBetween(source: string, category: string, from: string, to: string, data: LoadedData): Break[] {
  return crossed(source, category, from, to, data).map(({ month, note }) => ({ month, note }));
}

/** What a comparison across breaks is: the breaks it crosses, and why it is not made (null when it is). */
export interface Across {
  breaks: Break[];
  /** "the MPS changed crime classification in July 2018: …"; null when the comparison is made */
  not_compared: string | null;
}

/**
 * The one rule for every comparison of two windows (an earlier one starting `from`, a later one ending `to`): the
 * breaks they straddle, and whether the comparison is made. It is not made across a change of MPS classification in
 * the data loaded, nor across a reference row that says `comparable` = `no` (the 2024 recording change for domestic
 * abuse and hate crime); a change of population base (between the windows' population `years`, for rates) is noted
 * and the comparison still made: counts do not depend on it, and each window's rate is on its own year's estimate.
 * @example comparisonAcross('mps', 'burglary', '2017-07', '2019-06', { area: 'E09000003', changes }) // { breaks: [{ month: '2018-07', … }], not_compared: 'the MPS changed crime classification in July 2018: …' }
 */
export function comparisonAcross(source: string, category: string, from: string, to: string, data: LoadedData, years?: [number | null, number | null]): Across {
  const all = [...crossed(source, category, from, to, data), ...(years ? crossedPopulation(years[0], years[1]) : [])];
  const reasons = [...new Set(all.flatMap((b) => (b.stops ? [b.stops] : [])))];
  return { breaks: all.map(({ month, note }) => ({ month, note })), not_compared: reasons.length ? reasons.join('; ') : null };
}

function crossedPopulation(fromYear: number | null, toYear: number | null): Crossed[] {
  if (fromYear === null || toYear === null || fromYear === toYear) return [];
  const [a, b] = fromYear < toYear ? [fromYear, toYear] : [toYear, fromYear];
  return crossed('population', '*', `${a}-06`, `${b}-06`, { area: '', changes: [] });
}

/**
 * Breaks in the population base between two rates' population years (e.g. 2020 and 2021: Census 2021 rebasing).
 * @example populationBreaks(2020, 2021) // [{ month: '2021-06', note: 'Census 2021 rebased …' }]
 */
export function populationBreaks(fromYear: number | null, toYear: number | null): Break[] {
  return crossedPopulation(fromYear, toYear).map(({ month, note }) => ({ month, note }));
}
