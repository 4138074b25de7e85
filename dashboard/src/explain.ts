/**
 * "How is this figure made?": a button beside a figure (a board tile, a chart title, a table cell) that opens a modal
 * dialog with `/api/explain`'s answer for the same parameters: the figure and its state, the source and the rule that
 * chose it, the months used and missing, the files they came from, the population year, the bound parameters, each
 * SQL file's text, and the rows behind the figure as a CSV download (`/api/rows`) when they are offered.
 */
import { fmtInt } from '../../core/format.ts';
import { monthRuns } from '../../core/months.ts';
import { getBlob, getJson } from './api.ts';
import { span } from './common.ts';
import { SOURCE_NAMES } from '../../core/sources.ts';
import { h, message, uid } from './dom.ts';
import { fileStem, save } from './download.ts';
import type { Explanation } from '../../core/types.ts';

/** Which figure to explain: the `/api/explain` parameters (`route`, `figure` and the route's own) and its name. */
export interface ExplainTarget {
  /** the figure in words, for the button's accessible name and the dialog: "Burglary, 12 months to Dec 2018" */
  what: string;
  params: Record<string, string | undefined>;
  /** the same figure's other windows (a tile's comparison period), offered inside the dialog: one control per figure */
  others?: (ExplainTarget & { name: string })[];
  /** this target's name beside its `others`: "This period" */
  name?: string;
}

/**
 * The explain target of a London ranks figure (the London bars, the map, a funnel): the area's count in `/api/ranks`
 * (its rate divides it by the population), or null when the area is not among the rows.
 */
export const ranksTarget = (
  rows: { area: { code: string } }[],
  what: string,
  q: { source: string; area: string; category: string; to: string; group?: string; period?: string },
): ExplainTarget | null => (rows.some((r) => r.area.code === q.area) ? { what, params: { route: 'ranks', ...q, measure: 'rate' } } : null);

/**
 * The "How is this figure made?" button for one figure; its accessible name says which figure.
 * @example explainButton({ what: 'Burglary, 12 months to Dec 2018', params: { route: 'outcomes', area: 'E09000003', indicator: 'burglary', to: '2018-12' } })
 */
export function explainButton(target: ExplainTarget, visible = 'How is this figure made?'): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'explain', 'data-explain': target.params.route },
    visible, h('span', { class: 'vh' }, ` ${target.what}`));
  b.addEventListener('click', () => openExplain(target, b));
  return b;
}

const shownValue = (e: Explanation): string => {
  if (typeof e.value === 'string') return `${e.value} (shown as disclosure control allows)`;
  if (e.value === null) return e.disclosure && e.state !== 'none' ? 'withheld by disclosure control' : 'no figure (no month covered)';
  const unit = e.subject.kind === 'count' ? '' : '%';
  return `${e.subject.kind === 'count' ? fmtInt(e.value) : String(Math.round(e.value * 10) / 10)}${unit}`;
};

const stateWords = (e: Explanation): string =>
  e.state === 'number'
    ? `every one of its ${e.months} months is covered`
    : e.state === 'partial'
      ? `partial: ${e.months_covered} of ${e.months} months are covered, so it is not compared or ranked`
      : `no data: none of its ${e.months} months is covered`;

/** A parameter's value as text: strings as they are, anything else as JSON. */
const paramText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function paramValue(v: unknown): Node {
  const text = paramText(v);
  if (text.length <= 160) return h('code', {}, text);
  // a long value (the engine's candidates): folded, readable when opened
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 1);
  } catch {
    /* not JSON: as it is */
  }
  return h('details', {}, h('summary', {}, `Show the value (${fmtInt(text.length)} characters)`), h('pre', {}, h('code', {}, pretty)));
}

const fmtPop = (p: number | null) => (p === null ? 'no Census 2021 population' : `${fmtInt(p)} residents`);

/** The explanation's content, in words and small tables. */
export function explanationContent(e: Explanation, onDownload: () => Promise<void>): HTMLElement {
  const source = e.source ? `${SOURCE_NAMES[e.source] ?? e.source} (${e.source})` : 'none: no loaded source covers this figure';
  const sections: (Node | null)[] = [
    h('h3', {}, 'The figure'),
    h('p', { class: 'explain-value' }, h('strong', { 'data-value': typeof e.value === 'number' ? String(e.value) : '' }, shownValue(e)), ` for ${e.subject.label} in ${e.ward ? `${e.ward.name} (${e.area.name})` : e.area.name}, ${span(e.from, e.to)} (${e.figure} figure of /api/${e.route}): ${stateWords(e)}.`),
    h('h3', {}, 'Source'),
    h('p', {}, source, e.source_rule ? h('span', {}, '. Chosen by the rule: ', h('q', {}, e.source_rule), '.') : '.'),
    e.counted_as ? h('p', {}, `Counted as the category “${e.counted_as.category}”; every month must have: ${e.counted_as.requires.join(', ')}.`) : null,
    h('h3', {}, 'Months'),
    h('p', {}, e.covered_months.length ? `Used (${e.covered_months.length}): ${monthRuns(e.covered_months)}.` : 'No month is covered.'),
    e.missing_months.length ? h('p', { class: 'explain-missing' }, `Missing (${e.missing_months.length}): ${monthRuns(e.missing_months)}. A missing month is a gap, never a zero.`) : null,
    e.ward
      ? h('div', { class: 'explain-ward' },
          h('h3', {}, 'The ward'),
          h('p', {}, `${e.ward.name} (${e.ward.code}): ${fmtPop(e.ward.population)}, ${e.ward.population_source}.`),
          h('p', { class: 'explain-arithmetic' }, `Rate per 1,000 residents: ${e.ward.arithmetic}.`),
          h('p', {}, `Compared with ${e.area.name}: ${e.ward.borough.basis}${typeof e.ward.borough.rate_per_1000 === 'number' ? `, ${String(Math.round(e.ward.borough.rate_per_1000 * 10) / 10)} per 1,000` : ''}; the ward's rate is ${e.ward.vs_borough === 'higher' ? "significantly above the borough's" : e.ward.vs_borough === 'lower' ? "significantly below the borough's" : e.ward.vs_borough === 'similar' ? "not significantly different from the borough's" : 'not compared'} (99.8% funnel limits).`),
          h('p', {}, `Crimes placed in no ward: ${e.ward.unplaced.note}.`))
      : null,
    e.population_year !== null && !e.ward
      ? h('p', {}, `Rate per 1,000 residents: ${e.route === 'ranks' || e.route === 'league' ? 'this count' : 'the count'} divided by the population mid-year estimate for ${e.population_year}, times 1,000.`)
      : null,
    h('h3', {}, 'Files'),
    e.files.length
      ? h('table', { class: 'data explain-files' },
          h('caption', {}, 'The files the months used came from, as the database holds them now'),
          h('thead', {}, h('tr', {}, ...['File', 'Load id', 'Loaded (UTC)', 'Months', ...(e.files.some((f) => f.slice_rows !== undefined) ? ['Rows in its slices'] : [])].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, ...e.files.map((f) => h('tr', {},
            h('td', {}, h('code', {}, f.file)),
            h('td', {}, String(f.load_id)),
            h('td', {}, f.loaded_at ?? 'unknown'),
            h('td', {}, monthRuns(f.months)),
            f.slice_rows !== undefined ? h('td', {}, fmtInt(f.slice_rows)) : null))))
      : h('p', {}, 'No file: no month of this figure is covered.'),
    h('h3', {}, 'Parameters'),
    ...Object.entries(e.parameters).map(([file, params]) =>
      h('table', { class: 'data explain-params' },
        h('caption', {}, `Bound to queries/${file}.sql`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'))),
        h('tbody', {}, ...Object.entries(params).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, k)), h('td', {}, paramValue(v))))))),
    h('h3', {}, 'SQL'),
    h('p', {}, `The statements that computed it, in the order they build on each other: ${e.sql.map((s) => s.name).join(', ')}.`),
    ...e.sql.map((s) => h('details', { class: 'explain-sql', 'data-sql': s.name }, h('summary', {}, s.name), h('pre', {}, h('code', {}, s.text)))),
    h('h3', {}, 'Rows'),
  ];
  const body = h('div', { class: 'explain-body' }, ...sections);
  if (e.rows.offered) {
    const status = h('p', { class: 'status', role: 'status' });
    const b = h('button', { type: 'button', class: 'explain-download' }, 'Download these rows (CSV)');
    b.addEventListener('click', () => {
      status.textContent = 'Downloading the rows…';
      onDownload().then(
        () => void (status.textContent = 'Downloaded.'),
        (err: unknown) => void (status.textContent = `Could not download the rows: ${message(err)}`),
      );
    });
    const n = e.rows.count;
    body.append(
      h('p', {}, n === null || n === undefined ? 'The rows that add up to the figure:' : e.route === 'wards' ? `The ward × crime type × month cells of the MPS ward file whose counts sum to ${fmtInt(n)}:` : e.source === 'mps' ? `The borough × category × month cells whose counts sum to ${fmtInt(n)}:` : `The ${fmtInt(n)} incident rows that add up to the figure:`),
      h('p', {}, b),
      status,
    );
  } else body.append(h('p', { class: 'explain-no-rows' }, `No rows offered: ${e.rows.why ?? 'none'}.`));
  if (e.disclosure) body.append(h('p', { class: 'note' }, `Disclosure control: ${e.disclosure.rule}`));
  return body;
}

/** The rows of an explanation as a CSV file, named `<area>-<what>-<from>-<to>.csv`. */
async function downloadRows(e: Explanation) {
  const url = new URL(e.rows.url!, location.origin);
  const params = Object.fromEntries(url.searchParams);
  const blob = await getBlob(url.pathname, { ...params, format: 'csv' });
  save(blob, `${fileStem({ area: e.area.name, what: `${e.subject.id}-${e.source ?? 'none'}-rows`, from: e.from, to: e.to })}.csv`);
}

/** Opens the dialog for a figure and loads its explanation; closing it (Close, Esc) returns focus to `opener`. */
export function openExplain(target: ExplainTarget, opener: HTMLElement): HTMLDialogElement {
  const titleId = uid('explain-title');
  const close = h('button', { type: 'button', class: 'explain-close' }, 'Close');
  const what = h('span', { class: 'explain-what' }, ` ${target.what}`);
  const content = h('div', { class: 'explain-content' });
  // the figure's windows (this period, the earlier one) as a switch inside the one dialog
  const views = target.others?.length ? [{ ...target, name: target.name ?? 'This period' }, ...target.others] : [];
  const switches = views.map((v, i) => {
    const b = h('button', { type: 'button', class: 'explain-switch', 'aria-pressed': i === 0 ? 'true' : 'false' }, v.name);
    b.addEventListener('click', () => {
      for (const o of switches) o.setAttribute('aria-pressed', String(o === b));
      load(v);
    });
    return b;
  });
  const dialog = h('dialog', { class: 'explain-dialog', 'aria-labelledby': titleId },
    h('div', { class: 'explain-head' },
      h('div', {}, h('h2', { id: titleId }, 'How is this figure made?', what),
        switches.length ? h('div', { class: 'explain-switches', role: 'group', 'aria-label': 'Which figure' }, ...switches) : null),
      close),
    content);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  let shown = 0;
  function load(t: ExplainTarget) {
    // only the last asked for is shown, whichever answer comes back first
    const mine = ++shown;
    what.textContent = ` ${t.what}`;
    content.replaceChildren(h('p', { class: 'status', role: 'status' }, `Loading how ${t.what} is made…`));
    dialog.setAttribute('aria-busy', 'true');
    dialog.dataset.state = 'loading';
    getJson<Explanation>('/api/explain', t.params)
      .then((e) => mine === shown && content.replaceChildren(explanationContent(e, () => downloadRows(e))))
      .catch((err: unknown) => mine === shown && content.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not explain this figure. The server said: ${message(err)}`)))
      .finally(() => {
        if (mine !== shown) return;
        dialog.removeAttribute('aria-busy');
        dialog.dataset.state = content.querySelector('.error') ? 'error' : 'ready';
      });
  }
  load(target);
  return dialog;
}
