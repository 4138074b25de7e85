import type { WardRow, Wards, WardSource } from '../../core/types.ts';
import type { Boundaries } from '../../charts/borough-map.ts';
import { wardFinding, wardMap } from '../../charts/ward-map.ts';
import { fmt1, fmtInt, inSentence } from '../../core/format.ts';
import { monthShort } from '../../core/months.ts';
import { SOURCE_NAMES } from '../../core/sources.ts';
import { watchWhy, wardsToWatch } from '../../core/wards.ts';
export { WATCH_CATEGORIES } from '../../core/wards.ts';
import { getJson } from './api.ts';
import { explainButton, openExplain, type ExplainTarget } from './explain.ts';
import { h } from './dom.ts';
import { panel } from './panel.ts';

/** An area as the views pass it (a non-borough area has no wards served). */
type WardArea = { code: string; name: string; borough?: boolean };

let sources: Promise<WardSource[]> | undefined;
/** The ward-level sources loaded (`/api/wards/sources`), asked once per page. */
const wardSources = () => (sources ??= getJson<{ sources: WardSource[] }>('/api/wards/sources').then((b) => b.sources));

/**
 * A borough's wards on the first ward-level source loaded: `/api/wards` for the months to `to`, or for the ward data's
 * latest months when `to` is outside them (the ward files and the view's source can cover different years; `shifted`);
 * a sentence instead when no ward-level data is loaded or it cannot express the category (asked only for what it can
 * answer, so the page makes no failing request).
 */
export async function fetchWards(area: WardArea, category: string, to?: string): Promise<{ body: Wards; shifted: boolean } | string> {
  if (area.borough === false) return `wards are shown for London's boroughs, not ${area.name}`;
  const source = (await wardSources())[0];
  if (!source) return 'no ward-level data loaded (load an MPS ward-level crime file)';
  if (!source.categories.includes(category)) return `${SOURCE_NAMES[source.id] ?? source.id} cannot express this category`;
  const inside = to !== undefined && to >= source.first && to <= source.last;
  return { body: await getJson<Wards>('/api/wards', { area: area.code, category, to: inside ? to : source.last, source: source.id }), shifted: !inside && to !== undefined };
}

/** The "How is this figure made?" target of one ward's count: `/api/explain?route=wards` for the same body's query. */
export const wardTarget = (w: Wards, r: WardRow): ExplainTarget => ({
  what: `${w.category.label} in ${r.name} (${w.area.name}), ${w.period.label}`,
  params: { route: 'wards', area: w.area.code, category: w.category.id, to: w.period.current.to, period: w.period.period, vs: w.period.vs, source: w.source, ward: r.code },
});

/** "Mar 2025" column names of the 12 months, then the figures, for one ward. */
function tableRow(r: WardRow) {
  const months = Object.fromEntries(r.series.map((s) => [monthShort(s.month), s.count ?? 'no data']));
  return {
    ...months,
    total: r.count ?? 'no data',
    per_1000: r.rate_per_1000 === null ? 'n/a' : fmt1(r.rate_per_1000),
    change: r.change === null ? 'n/a' : `${r.change > 0 ? '+' : ''}${fmtInt(r.change)}${r.significance?.significant ? ' (significant)' : ''}`,
    vs_borough: r.vs_borough ?? 'n/a',
    latest_month: r.spc ? spcWords(r.spc) : 'n/a',
  };
}

const spcWords = (s: NonNullable<WardRow['spc']>) =>
  s.variation === 'special-cause-concern' ? 'special cause: concern' : s.variation === 'special-cause-improvement' ? 'special cause: improvement' : s.variation === 'common-cause' ? 'common cause' : 'not enough data';

/** The unplaced remainder in words: "17 of Barnet's 2,116 burglaries (0.8%) are not placed in a ward". */
export function unplacedWords(w: Wards): string {
  const u = w.unplaced;
  if (u.count === null) return `Unplaced crimes: ${u.note}.`;
  const pct = u.share === null ? '' : ` (${fmt1(100 * u.share)}%)`;
  return `${fmtInt(u.count)} of ${w.area.name}'s ${fmtInt(u.borough_count!)} ${inSentence(w.category.label)} crimes on the borough file${pct} are not placed in one of its wards: they are in the borough's figure but in no ward's.${u.pseudo.length ? ` ${fmtInt(u.pseudo.reduce((s, p) => s + p.count, 0))} of them are published under codes that are no 2022 ward (${u.pseudo.map((p) => p.name ?? p.code).join(', ')}).` : ''}`;
}

/**
 * The ward table: a row per ward, its name the row header with its "How is this figure made?" button (the dialog of
 * the tiles, for that ward's count), then the 12 months and the figures.
 */
function wardTable(w: Wards, caption: string): HTMLTableElement {
  const rows = w.rows.map((r) => ({ r, cells: tableRow(r) }));
  const keys = Object.keys(rows[0]?.cells ?? {});
  const cell = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));
  return h('table', { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'ward'), ...keys.map((k) => h('th', { scope: 'col' }, k.replace(/_/g, ' '))))),
    h('tbody', {}, ...rows.map(({ r, cells }) =>
      h('tr', { 'data-ward': r.code },
        h('th', { scope: 'row' }, r.name, ' ', explainButton(wardTarget(w, r), 'How is it made?')),
        ...keys.map((k) => h('td', {}, cell(cells[k as keyof typeof cells])))))));
}

/**
 * Under the map: a ward's figure explained from the map, by keyboard (pick the ward, then the button); a click on a
 * ward's shape opens the same dialog.
 */
function mapExplain(w: Wards, chart: Element): HTMLElement {
  const byName = new Map(w.rows.map((r) => [r.name, r]));
  chart.addEventListener('click', (ev) => {
    const path = (ev.target as Element).closest('path');
    const name = path?.querySelector('title')?.textContent?.split(':')[0];
    const r = name ? byName.get(name) : undefined;
    if (r) openExplain(wardTarget(w, r), select);
  });
  const id = `ward-pick-${w.category.id}`;
  const select = h('select', { id }, ...[...w.rows].sort((a, b) => a.name.localeCompare(b.name)).map((r) => h('option', { value: r.code }, r.name)));
  const go = h('button', { type: 'button', class: 'explain' }, 'How is this figure made?');
  go.addEventListener('click', () => {
    const r = w.rows.find((x) => x.code === select.value);
    if (r) openExplain(wardTarget(w, r), go);
  });
  return h('p', { class: 'ward-explain' }, h('label', { for: id }, "Explain a ward's count on the map: "), select, ' ', go);
}

/**
 * The ward panel of the explorer and the needs assessment: a map of the borough's wards by rate per 1,000 (Census
 * 2021) and the ward table (the 12 months, total, rate, change, against the borough, the latest month's SPC reading),
 * with the unplaced remainder.
 */
export function wardPanel(grid: HTMLElement, cat: { id: string; label: string }, area: WardArea, to?: string) {
  return panel(grid, {
    name: `wards-${cat.id}`,
    heading: `${cat.label}: wards`,
    wide: true,
    loading: `Loading ${inSentence(cat.label)} by ward in ${area.name}…`,
    load: async () => {
      const got = await fetchWards(area, cat.id, to);
      if (typeof got === 'string') return got;
      const shapes = await getJson<Boundaries>(`/boundaries/wards/${area.code}.json`);
      return { ...got, shapes };
    },
    render: (got) => {
      if (typeof got === 'string') return `No ward breakdown of ${inSentence(cat.label)} in ${area.name}: ${got}`;
      const { body, shapes, shifted } = got;
      if (body.months_covered === 0) return `No ward breakdown of ${inSentence(cat.label)} in ${area.name}: ${body.reason}`;
      const source = SOURCE_NAMES[body.source] ?? body.source;
      const chart = wardMap(shapes, body, { width: 560 });
      return {
        title: wardFinding(body),
        chart,
        description:
          `A map of ${area.name}'s ${shapes.features.length} wards (ONS December 2022 boundaries) shaded by ${inSentence(cat.label)} per 1,000 residents ` +
          `(Census 2021) from ${source}, ${body.period.label}; wards whose rate is significantly above the borough's are outlined.` +
          (shifted ? ` The ward data does not cover the months chosen above, so this shows its latest 12 months.` : '') +
          (body.reason ? ` ${body.reason}.` : ''),
        rows: body.rows.map((r) => ({
          code: r.code, ward: r.name, population: r.population, count: r.count, rate_per_1000: r.rate_per_1000, previous: r.previous, change: r.change,
          significant: r.significance?.significant ?? null, vs_borough: r.vs_borough, spc: r.spc?.variation ?? null,
        })),
        extra: [
          mapExplain(body, chart),
          h('div', { class: 'side ward-table' },
            wardTable(body, `${area.name}'s wards: ${inSentence(cat.label)} month by month, ${body.period.label}; change ${body.period.versus}; rate against the borough's (99.8% limits); the latest month on an SPC chart`),
            h('p', { class: 'note unplaced' }, unplacedWords(body))),
        ],
      };
    },
  });
}

/**
 * "Wards to watch" for the board: for each of WATCH_CATEGORIES, the wards whose rate is significantly above the
 * borough's or whose latest month is a special cause of concern; nothing when no ward-level data is loaded.
 */
export function wardsToWatchSection(parent: HTMLElement, categories: { id: string; label: string }[], area: WardArea, to?: string) {
  const section = h('section', { class: 'wards-to-watch', 'aria-labelledby': 'wards-to-watch' }, h('h2', { id: 'wards-to-watch' }, 'Wards to watch'), h('p', { class: 'status' }, 'Loading…'));
  parent.append(section);
  return Promise.all(categories.map((c) => fetchWards(area, c.id, to).catch(() => 'failed')))
    .then((all) => {
      // a borough the ward data does not cover (the bundled sample's ward file is Barnet's) has nothing to watch
      const got = all
        .map((g, i) => ({ cat: categories[i]!, g }))
        .filter((x): x is { cat: { id: string; label: string }; g: { body: Wards; shifted: boolean } } => typeof x.g !== 'string' && x.g.body.months_covered > 0);
      // as the pack (api/report/wards.ts): nothing when the ward data begins after the board's period
      if (got.length === 0 || (to !== undefined && got[0]!.g.body.period.current.to.slice(0, 7) > to)) return void section.remove();
      const items = got.flatMap(({ cat, g }) =>
        wardsToWatch(g.body).map((r) =>
          h('li', {}, `${r.name}, ${inSentence(cat.label)}: ${r.rate_per_1000 === null ? `${fmtInt(r.count ?? 0)} crimes` : `${fmt1(r.rate_per_1000)} per 1,000 against ${fmt1(g.body.borough.rate_per_1000 ?? 0)} for ${area.name}`} (${watchWhy(r)})`)));
      const period = got[0]!.g.body.period.label;
      section.replaceChildren(
        h('h2', { id: 'wards-to-watch' }, `Wards to watch, ${period}`),
        items.length ? h('ul', {}, ...items) : h('p', {}, `No ward of ${area.name} has a rate significantly above the borough's or a latest month of concern (${got.map((x) => inSentence(x.cat.label)).join(', ')}).`),
        h('p', { class: 'note' }, `${got[0]!.g.shifted ? `The ward data loaded ends before this board's period: these are its latest 12 months, ${period}, not the period of the figures above. ` : ''}From ${SOURCE_NAMES[got[0]!.g.body.source] ?? got[0]!.g.body.source}: rates per 1,000 residents (Census 2021), against the borough's rate at 99.8% limits; the latest month on an SPC chart.`),
      );
    });
}
