import type { Meta } from '../../core/types.ts';
import { monthName } from '../../core/months.ts';
import { SOURCE_NAMES, SOURCE_SHORT, SOURCES } from '../../core/sources.ts';
import { ApiError, getJson } from './api.ts';
import { type Area, cannotExpress, defaultCategory, pickArea, pickSource, type Source } from './common.ts';
import { compareChoices, compareProblem } from '../../core/compare-words.ts';
import { PERIODS, VERSUS } from './controls.ts';
import { h } from './dom.ts';

/**
 * The one rule for a link (a URL) naming something a view cannot show, the same in the board, the explorer and the
 * assessment: a bad value is never replaced silently. The view draws nothing but a message in plain words naming
 * each bad value, with the API's suggestion ("did you mean Haringey?") or the limit it broke ("after the latest month
 * loaded (December 2018)"), and a link to the same view with every bad value corrected.
 */

/** One value of the link a view cannot show. */
export interface Problem {
  /** the URL parameter (`area`, `category`, `source`, `from`, `to`, `period`, `vs`) */
  parameter: string;
  /** what is wrong, in plain words: `Unknown area "Harringay": did you mean Haringey?` */
  words: string;
  /** the value the corrected link uses; undefined: the parameter is left out, so the view's default applies */
  fix: string | undefined;
  /** the corrected value in words, for the link: "Haringey", "up to December 2018" */
  fixWords: string;
}

/** What a view reads from its link besides the area (always checked). */
export interface AddressRules {
  /** the months the view can show (a source's, or every source's), and the parameters naming a month */
  months?: { first: string; last: string; source?: string; names: ('from' | 'to')[] };
  /** `source=`: must name a source loaded */
  source?: boolean;
  /** `category=` (comma-separated): each known, and one the source can express */
  categories?: { source: Source };
  /** `period=` and `vs=` */
  period?: boolean;
  /**
   * The explorer's comparison outside London (issue 24): `compare=` one of the area's groups (`force`, `region`,
   * `peers`) and `period=` the period ranked; a London area has neither (it is compared with London over 12 months).
   */
  comparison?: { area: Area };
}

/** "12 months" from "12 Months"; a label starting with a capital word other than the first kept ("(to March)"). */
const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
/** "12 months, quarter or month". */
const orList = (labels: string[]) => { const l = labels.map(lower); return l.length > 1 ? `${l.slice(0, -1).join(', ')} or ${l.at(-1)}` : (l[0] ?? ''); };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A category in words: its label (`Residential burglary`), else the id as written. */
const labelOf = (meta: Meta, id: string) => meta.categories.find((c) => c.id === id)?.label ?? id;

/** "Residential burglary is not one of the categories data.police.uk street-level crime and ASB records". */
export const notRecorded = (meta: Meta, category: string, source: string) =>
  `${labelOf(meta, category)} is not one of the categories ${SOURCE_NAMES[source] ?? source} records`;

/**
 * The API's own suggestion for a misspelt area or category: the 400 a series request answers names the bad value and,
 * in `detail.suggestion`, the nearest spelling it knows (api/params.ts); null when it has none.
 */
async function apiSuggestion(meta: Meta, parameter: 'area' | 'category', raw: string): Promise<string | null> {
  const source = pickSource(meta, null);
  const area = pickArea(meta, null);
  if (!source || !area) return null;
  const params = parameter === 'area' ? { area: raw, category: 'burglary' } : { area: area.code, category: raw };
  try {
    await getJson('/api/trend', { ...params, source: source.id, to: source.last, from: source.last });
    return null;
  } catch (e) {
    return e instanceof ApiError && e.detail.parameter === parameter && typeof e.detail.suggestion === 'string' ? e.detail.suggestion : null;
  }
}

/** Every value of the link (`q`) the view cannot show, by the rules it reads; none when the link is good. */
export async function addressProblems(meta: Meta, q: URLSearchParams, rules: AddressRules = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  const area = q.get('area');
  if (area !== null && !pickArea(meta, area)) {
    const suggestion = await apiSuggestion(meta, 'area', area);
    const home = pickArea(meta, null);
    problems.push({
      parameter: 'area',
      words: `Unknown area "${area}": ${suggestion ? `did you mean ${suggestion}?` : "saferboard shows London's 32 boroughs and the City of London."}`,
      fix: suggestion ?? undefined,
      fixWords: suggestion ?? home?.name ?? 'the first borough',
    });
  }
  const source = q.get('source');
  if (rules.source && source !== null && !meta.sources.some((s) => s.id === source)) {
    const fallback = pickSource(meta, null);
    problems.push({
      parameter: 'source',
      words: (SOURCES as readonly string[]).includes(source) ? `No ${SOURCE_NAMES[source]} data is loaded.` : `Unknown source "${source}".`,
      fix: undefined,
      fixWords: fallback ? `${SOURCE_SHORT[fallback.id]} data` : 'the default source',
    });
  }
  const category = q.get('category');
  if (rules.categories && category !== null) {
    const src = rules.categories.source.id;
    const words: string[] = [];
    const kept: string[] = [];
    for (const id of category.split(',').filter(Boolean)) {
      if (meta.categories.some((c) => c.id === id)) {
        if (cannotExpress(meta, src, id)) words.push(`${notRecorded(meta, id, src)}.`);
        else if (!kept.includes(id)) kept.push(id);
        continue;
      }
      const suggestion = await apiSuggestion(meta, 'category', id);
      words.push(`Unknown category "${id}"${suggestion ? `: did you mean ${labelOf(meta, suggestion)}?` : '.'}`);
      if (suggestion && !cannotExpress(meta, src, suggestion) && !kept.includes(suggestion)) kept.push(suggestion);
    }
    if (words.length)
      problems.push({
        parameter: 'category',
        words: words.join(' '),
        fix: kept.length ? kept.join(',') : undefined,
        fixWords: (kept.length ? kept : [defaultCategory(meta, src).id]).map((id) => labelOf(meta, id)).join(', '),
      });
  }
  if (rules.months) {
    const { first, last, names } = rules.months;
    const from = rules.months.source ? ` from ${SOURCE_SHORT[rules.months.source] ?? rules.months.source}` : '';
    const good: Record<string, string> = {};
    for (const name of names) {
      const raw = q.get(name);
      if (raw === null) continue;
      const fallback = name === 'to' ? `up to ${monthName(last)}` : 'the usual start';
      if (!MONTH.test(raw)) problems.push({ parameter: name, words: `"${raw}" is not a month: write it as year and month, for example ${last}.`, fix: undefined, fixWords: fallback });
      else if (raw > last)
        problems.push({ parameter: name, words: `${monthName(raw)} is after the latest month loaded${from} (${monthName(last)}).`, fix: name === 'to' ? last : undefined, fixWords: fallback });
      else if (raw < first)
        problems.push({ parameter: name, words: `${monthName(raw)} is before the first month loaded${from} (${monthName(first)}).`, fix: first, fixWords: `${name === 'to' ? 'up to' : 'from'} ${monthName(first)}` });
      else good[name] = raw;
    }
    if (good.from && good.to && good.from > good.to)
      problems.push({ parameter: 'from', words: `The start, ${monthName(good.from)}, is after the end, ${monthName(good.to)}.`, fix: undefined, fixWords: 'the usual start' });
  }
  if (rules.period) {
    for (const [name, list, what] of [['period', PERIODS, 'period'], ['vs', VERSUS, 'comparison']] as const) {
      const raw = q.get(name);
      if (raw !== null && !list.some((p) => p.value === raw))
        problems.push({ parameter: name, words: `Unknown ${what} "${raw}": choose ${orList(list.map((p) => p.label))}.`, fix: undefined, fixWords: lower(list[0].label) });
    }
  }
  if (rules.comparison) {
    const { area } = rules.comparison;
    const raw = q.get('compare');
    if (raw !== null && !(area.compare && (compareChoices(area.compare) as string[]).includes(raw)))
      problems.push({ parameter: 'compare', words: compareProblem(raw, area.name, area.compare), fix: undefined, fixWords: area.compare ? `compared with ${area.compare.force.name}` : 'compared with London' });
    const period = q.get('period');
    if (period !== null && !area.compare)
      problems.push({ parameter: 'period', words: `The period compared is chosen for partnerships outside London: ${area.name} is compared with London's boroughs over 12 months.`, fix: undefined, fixWords: '12 months' });
    else if (period !== null && !PERIODS.some((p) => p.value === period))
      problems.push({ parameter: 'period', words: `Unknown period "${period}": choose ${orList(PERIODS.map((p) => p.label))}.`, fix: undefined, fixWords: '12 months' });
  }
  return problems;
}

/**
 * Shows a link's problems (see {@link addressProblems}) in place of the view: each in plain words, and a link to the
 * same view with every bad value corrected. Returns true when there were problems (the view then draws nothing else).
 * @example if (badAddress(main, await addressProblems(meta, q, { months }), q)) return;
 */
export function badAddress(main: HTMLElement, problems: Problem[], q: URLSearchParams): boolean {
  if (problems.length === 0) return false;
  const fixed = new URLSearchParams(q);
  for (const p of problems) (p.fix ? fixed.set(p.parameter, p.fix) : fixed.delete(p.parameter));
  const href = `${location.pathname}${fixed.size ? `?${fixed}` : ''}`;
  main.append(
    h('section', { class: 'bad-address', role: 'alert', 'data-bad-address': '' },
      h('h1', {}, 'This link asks for something saferboard cannot show'),
      h('ul', {}, ...problems.map((p) => h('li', { 'data-parameter': p.parameter }, p.words))),
      h('p', {}, h('a', { href, class: 'corrected' }, `Open the corrected link (${problems.map((p) => p.fixWords).join('; ')})`))),
  );
  return true;
}
