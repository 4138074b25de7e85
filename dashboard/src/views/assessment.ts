import { changesChart, changesFinding, significantChanges, type ChangeRow } from '../../charts/changes.ts';
import { fmtInt } from '../../charts/common.ts';
import { financialYears, fyFinding, fyTable, type FyRow } from '../../charts/fy-table.ts';
import { rankFinding, rankHistory, type RankPoint } from '../../charts/rank-history.ts';
import { repeatBars, repeatFinding, type RepeatRow } from '../../charts/repeat-bars.ts';
import type { TrendRow } from '../../charts/trend.ts';
import { getJson, getMeta, type Meta } from '../api.ts';
import { addMonths, boroughs, monthName, pickArea, pickSource, quarterEnds, type Area } from '../common.ts';
import { controls } from '../controls.ts';
import { h } from '../dom.ts';
import { panel } from '../panel.ts';
import { state } from '../state.ts';
import type { Indicator, Outcomes } from './board.ts';

const MOPAC7 = ['burglary', 'robbery', 'theft-from-motor-vehicle', 'theft-of-motor-vehicle', 'theft-from-person', 'criminal-damage', 'violence-with-injury'];
const FY_CATEGORIES = [...MOPAC7, 'mopac7', 'asb'];
const CHANGE_CATEGORIES = [...MOPAC7, 'mopac7', 'asb', 'burglary-residential', 'burglary-business', 'theft', 'shoplifting', 'violence-against-the-person', 'violence-without-injury', 'sexual-offences', 'drugs', 'possession-of-weapons', 'public-order'];
const RANK_CATEGORIES = ['mopac7', 'burglary', 'robbery', 'violence-with-injury'];

/** The needs-assessment view: `/assessment?area=&to=` (`to` defaults to the last month loaded). */
export async function assessment(main: HTMLElement) {
  const meta = await getMeta();
  const q = state();
  const area = pickArea(meta, q.get('area'));
  const source = pickSource(meta, q.get('source'));
  if (!source) return void main.append(h('p', { class: 'empty' }, 'No data loaded: run "saferboard load FILE…" to load an MPS, police.uk or local extract.'));
  if (!area) return void main.append(h('p', { class: 'error', role: 'alert' }, `Unknown area "${q.get('area')}": choose one of London's boroughs.`));
  const raw = q.get('to');
  // any loaded month; the end of a financial year (March) is the usual choice for an annual assessment
  const to = raw && /^\d{4}-\d{2}$/.test(raw) && raw >= source.first && raw <= source.last ? raw : source.last;
  const label = (id: string) => meta.categories.find((c) => c.id === id)?.label ?? id;
  main.append(
    h('h1', {}, `Strategic needs assessment: ${area.name}`),
    h('p', { class: 'lede' }, `Long-run view to ${monthName(to)}: the MOPAC7 crimes and ASB by financial year, the largest significant changes, repeat victimisation and ${area.name}'s London ranks.`),
    controls([
      { name: 'area', label: 'Area', kind: 'select', value: [area.code], options: boroughs(meta).map((a) => ({ value: a.code, label: a.name })) },
      { name: 'to', label: 'Up to', kind: 'month', value: to, min: source.first, max: source.last },
    ]),
  );
  const grid = h('div', { class: 'grid' });
  main.append(grid);
  await Promise.all([
    fyPanel(grid, meta, area, to, label),
    changesPanel(grid, area, source.id, to, label),
    repeatPanel(grid, area, to),
    rankPanel(grid, area, source, to, label),
  ]);
}

/** The first loaded source (local, mps, policeuk) with any of the category for the area up to `to`. */
async function series(meta: Meta, area: Area, category: string, to: string): Promise<{ source: string; rows: TrendRow[] } | null> {
  for (const s of ['local', 'mps', 'policeuk'].map((id) => meta.sources.find((x) => x.id === id)).filter((s) => !!s)) {
    if (s.first > to) continue;
    const end = to < s.last ? to : s.last;
    const t = await getJson<{ rows: TrendRow[] }>('/api/trend', { source: s.id, area: area.code, category, from: s.first, to: end }).catch(() => null);
    if (t && t.rows.some((r) => r.count > 0)) return { source: s.id, rows: t.rows };
  }
  return null;
}

const fyPanel = (grid: HTMLElement, meta: Meta, area: Area, to: string, label: (id: string) => string) =>
  panel(grid, {
    name: 'financial-years',
    heading: 'MOPAC7 and ASB by financial year',
    wide: true,
    loading: `Loading financial-year counts for ${area.name}…`,
    load: () => Promise.all(FY_CATEGORIES.map(async (id) => ({ id, s: await series(meta, area, id, to) }))),
    render: (all) => {
      const missing = all.filter((d) => !d.s).map((d) => label(d.id));
      const rows: FyRow[] = all.filter((d) => d.s).flatMap((d) => financialYears(`${label(d.id)}${d.s!.source === 'mps' ? '' : ` (${d.s!.source})`}`, d.s!.rows, 5));
      if (rows.length === 0) return `No MOPAC7 or ASB data loaded for ${area.name}`;
      return {
        title: fyFinding(rows),
        chart: fyTable(rows),
        description: `Counts by financial year (April to March) for up to five years, one row per category; a year with fewer than 12 months loaded is marked with its months and not compared. Cells are shaded by the change on the year before.${missing.length ? ` No data loaded for: ${missing.join(', ')}.` : ''}`,
        rows: rows.map((r) => ({ ...r, pct_vs_previous: r.pct_vs_previous === null ? null : Math.round(r.pct_vs_previous * 10) / 10 })),
      };
    },
  });

interface Rolling {
  current: { count: number };
  previous: { count: number };
  pct_change: number | null;
  significance: { z: number; significant: boolean; p_value: number };
  complete: boolean;
}

const changesPanel = (grid: HTMLElement, area: Area, source: string, to: string, label: (id: string) => string) =>
  panel(grid, {
    name: 'significant-changes',
    heading: 'Largest significant changes',
    wide: true,
    loading: `Testing ${CHANGE_CATEGORIES.length} categories for significant change…`,
    load: () => Promise.all(CHANGE_CATEGORIES.map((category) =>
      getJson<Rolling>('/api/rolling', { source, area: area.code, category, to }).then((r) => ({ category, r })).catch(() => null))),
    render: (all) => {
      const rows: (ChangeRow & { p_value: number })[] = all
        .filter((d): d is { category: string; r: Rolling } => !!d && d.r.complete && d.r.current.count + d.r.previous.count > 0)
        .map(({ category, r }) => ({ label: label(category), current: r.current.count, previous: r.previous.count, pct_change: r.pct_change, z: r.significance.z, significant: r.significance.significant, p_value: r.significance.p_value }));
      if (rows.length === 0) return `No category has two full years of data for ${area.name} to ${monthName(to)}: nothing to compare`;
      const sig = significantChanges(rows);
      return {
        title: changesFinding(rows),
        chart: changesChart(rows),
        description: `The 12 months to ${monthName(to)} against the 12 before, for ${rows.length} categories (${source}); only changes significant at p < 0.05 (exact conditional binomial test) are drawn, largest rise first: ${sig.length ? sig.map((r) => `${r.label} ${fmtInt(r.previous)} to ${fmtInt(r.current)}`).join('; ') : 'none'}.`,
        rows: rows.map((r) => ({ ...r, pct_change: r.pct_change === null ? null : Math.round(r.pct_change * 10) / 10, z: Math.round(r.z * 100) / 100, p_value: Math.round(r.p_value * 10000) / 10000 })),
      };
    },
  });

/** A repeat figure from the indicator's `repeat` object, or from the indicator itself. */
const num = (i: Indicator, k: string) => {
  const from = (i.repeat && typeof i.repeat === 'object' ? i.repeat : i) as Record<string, unknown>;
  return typeof from[k] === 'number' ? (from[k] as number) : null;
};

const repeatPanel = (grid: HTMLElement, area: Area, to: string) =>
  panel(grid, {
    name: 'repeat-victimisation',
    wide: true,
    heading: 'Repeat victimisation by priority outcome',
    loading: `Loading repeat victimisation for ${area.name}…`,
    load: () => getJson<Outcomes>('/api/outcomes', { area: area.code, to }),
    render: (data) => {
      // the repeat indicators (count indicators may carry the same figures: shown once)
      const rows: RepeatRow[] = data.outcomes.flatMap((o) => o.indicators.filter((i) => i.kind === 'repeat').flatMap((i) => {
        const victim = num(i, 'repeat_victim_rate');
        const place = num(i, 'repeat_location_rate');
        const out: RepeatRow[] = [];
        if (victim !== null) out.push({ outcome: `${o.id}. ${o.title.slice(0, 40)}`, indicator: i.label, unit: 'victim', rate: victim, repeats: num(i, 'repeat_victims') ?? 0, of: num(i, 'victims') ?? 0 });
        if (place !== null) out.push({ outcome: `${o.id}. ${o.title.slice(0, 40)}`, indicator: i.label, unit: 'location', rate: place, repeats: num(i, 'repeat_locations') ?? 0, of: num(i, 'locations') ?? 0 });
        return out;
      }));
      if (rows.length === 0) return `No repeat victimisation figures for ${area.name}: they need a local extract with victim or location ids`;
      return {
        title: repeatFinding(rows),
        chart: repeatBars(rows),
        description: `For each priority-outcome indicator with repeat figures, the share of victims (or places) with two or more incidents in the 12 months to ${monthName(to)}. police.uk places are anonymised snap points: a hotspot proxy, not victims.`,
        rows: rows.map((r) => ({ ...r, rate: Math.round(r.rate * 10) / 10 })),
      };
    },
  });

const rankPanel = (grid: HTMLElement, area: Area, source: Meta['sources'][number], to: string, label: (id: string) => string) => {
  const ends = quarterEnds(addMonths(source.first, 11), to);
  return panel(grid, {
    name: 'rank-history',
    wide: true,
    heading: 'London rank history',
    loading: `Loading ${area.name}'s London ranks at ${ends.length} quarter ends…`,
    load: () => Promise.all(RANK_CATEGORIES.flatMap((category) => ends.map((to) =>
      getJson<{ of: number; rows: { area: { code: string }; rank: number | null }[] }>('/api/ranks', { source: source.id, category, to, measure: 'rate' })
        .then((r) => ({ category: label(category), to, of: r.of, rank: r.rows.find((x) => x.area.code === area.code)?.rank ?? null }))
        .catch(() => null)))),
    render: (all) => {
      const rows = all.filter((d): d is RankPoint => !!d && d.rank !== null);
      if (rows.length === 0) return `${area.name} has no London rank: ranks need a full 12 months of data for every borough`;
      return {
        title: rankFinding(rows, area.name),
        chart: rankHistory(rows),
        description: `${area.name}'s rank among London's boroughs (1 = lowest rate per 1,000 residents) for the 12 months to each quarter end, for ${RANK_CATEGORIES.map(label).join(', ')}.`,
        rows: rows.map((r) => ({ ...r })),
      };
    },
  });
};
