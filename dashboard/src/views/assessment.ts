import { wardPanel } from '../wards.ts';
import type { League, Meta, Ranks, RepeatResult, Rolling, Scorecard, ScorecardComparator } from '../../../core/types.ts';
import { inLondon } from '../../../core/scope.ts';
import { changesChart, changesFinding, significantChanges, type ChangeRow } from '../../../charts/changes.ts';
import { funnelChart, funnelFinding } from '../../../charts/funnel.ts';
import { londonRateOf } from '../../../core/stats/funnel.ts';
import { addMonths, financialYear, monthName } from '../../../core/months.ts';
import { fmtInt, inSentence } from '../../../core/format.ts';
import { fyFinding, fyTable, type FyRow } from '../../../charts/fy-table.ts';
import { rankFinding, rankHistory, type RankPoint } from '../../../charts/rank-history.ts';
import { repeatBars, repeatFinding, type RepeatRow } from '../../../charts/repeat-bars.ts';
import { addressProblems, badAddress } from '../address.ts';
import { ApiError, getJson, getMeta } from '../api.ts';
import { type Area, areaOptions, cannotExpress, pickArea, pickSource, quarterEnds } from '../common.ts';
import { DEFAULT_SOURCE_ORDER, SOURCE_SHORT } from '../../../core/sources.ts';
import { controls, lastMarch } from '../controls.ts';
import { h } from '../dom.ts';
import { ranksTarget } from '../explain.ts';
import { panel } from '../panel.ts';
import { state } from '../state.ts';

const MOPAC7 = ['burglary', 'robbery', 'theft-from-motor-vehicle', 'theft-of-motor-vehicle', 'theft-from-person', 'criminal-damage', 'violence-with-injury'];
const FY_CATEGORIES = [...MOPAC7, 'mopac7', 'asb'];
const CHANGE_CATEGORIES = [...MOPAC7, 'mopac7', 'asb', 'burglary-residential', 'burglary-business', 'theft', 'shoplifting', 'violence-against-the-person', 'violence-without-injury', 'sexual-offences', 'drugs', 'possession-of-weapons', 'public-order'];
const RANK_CATEGORIES = ['mopac7', 'burglary', 'robbery', 'violence-with-injury'];
/**
 * Outside London (issue 24) the police.uk categories stand in for the MPS's MOPAC7 (an MPS grouping): the
 * neighbourhood crimes, criminal damage, violence and ASB by financial year; every street-level category for the
 * changes; the ranks among the comparator group.
 */
const FY_NATIONAL = ['burglary', 'robbery', 'vehicle-crime', 'theft-from-person', 'criminal-damage', 'violence-and-sexual-offences', 'asb'];
const CHANGE_NATIONAL = ['bicycle-theft', 'burglary', 'criminal-damage', 'drugs', 'other-crime', 'other-theft', 'possession-of-weapons', 'public-order', 'robbery', 'shoplifting', 'theft-from-person', 'vehicle-crime', 'violence-and-sexual-offences', 'asb'];
const RANK_NATIONAL = ['burglary', 'robbery', 'violence-and-sexual-offences', 'asb'];

/** Whom the assessment compares the area with: London, or outside London the scorecard's comparator group. */
type Versus = { london: true } | { london: false; comparator: ScorecardComparator | null };

/** The needs-assessment view: `/assessment?area=&to=` (`to` defaults to the last month loaded). */
export async function assessment(main: HTMLElement) {
  const meta = await getMeta();
  const q = state();
  const source = pickSource(meta, q.get('source'));
  if (!source) return void main.append(h('p', { class: 'empty' }, 'No data loaded: run "saferboard load FILE…" to load an MPS, police.uk or local extract.'));
  if (badAddress(main, await addressProblems(meta, q, { source: true, months: { first: source.first, last: source.last, source: source.id, names: ['to'] } }), q)) return;
  const area = pickArea(meta, q.get('area'))!;
  // any loaded month; the end of a financial year (March) is the usual choice for an annual assessment
  const to = q.get('to') ?? source.last;
  const label = (id: string) => meta.categories.find((c) => c.id === id)?.label ?? id;
  const london = inLondon(area.code);
  const heading = h('p', { class: 'lede' }, london
    ? `Long-run view to ${monthName(to)}: the MOPAC7 crimes and ASB by financial year, the largest significant changes, repeat victimisation and ${area.name}'s London ranks.`
    : `Long-run view to ${monthName(to)}: crime and ASB by financial year (police.uk categories), the largest significant changes, repeat victimisation and ${area.name}'s rank among its comparison group.`);
  main.append(
    h('h1', {}, `Strategic needs assessment: ${area.name}`),
    heading,
    controls([
      { name: 'area', label: 'Area', kind: 'select', value: [area.code], options: areaOptions(meta, area) },
      { name: 'to', label: 'Up to', kind: 'month', value: to, min: source.first, max: source.last },
    ]),
  );
  const grid = h('div', { class: 'grid' });
  main.append(grid);
  // the engine's scorecard: its repeat figures and, outside London, whom it ranks the area among (its comparator)
  const scorecard = getJson<Scorecard>('/api/outcomes', { area: area.code, to });
  if (london)
    return void (await Promise.all([
      fyPanel(grid, meta, area, to, label, FY_CATEGORIES, 'MOPAC7 and ASB by financial year', 'MOPAC7 or ASB'),
      changesPanel(grid, area, source.id, to, label, CHANGE_CATEGORIES.filter((id) => !cannotExpress(meta, source.id, id))),
      repeatPanel(grid, area, scorecard),
      rankPanel(grid, meta, area, to, label),
      funnelPanel(grid, meta, area, source.id, to, label),
      // the ward breakdown of the MOPAC7 crimes (dashboard/src/wards.ts): an empty state when no ward-level data is loaded
      wardPanel(grid, { id: 'mopac7', label: label('mopac7') }, area, to),
    ]));
  // outside London (issue 24): police.uk categories, ranks and the funnel among the comparator group; no MOPAC7, no
  // London rank and no ward panel (ward figures come from the MPS's London ward files)
  const versus = scorecard.then((s): Versus => ({ london: false, comparator: s.comparator ?? null })).catch((): Versus => ({ london: false, comparator: null }));
  void versus.then((v) => {
    if (!v.london && v.comparator) heading.textContent = `Long-run view to ${monthName(to)}: crime and ASB by financial year (police.uk categories), the largest significant changes, repeat victimisation and ${area.name}'s rank among the ${v.comparator.members} ${v.comparator.label}.`;
  });
  await Promise.all([
    fyPanel(grid, meta, area, to, label, FY_NATIONAL, 'Crime and ASB by financial year', 'crime or ASB'),
    changesPanel(grid, area, source.id, to, label, CHANGE_NATIONAL.filter((id) => !cannotExpress(meta, source.id, id))),
    repeatPanel(grid, area, scorecard),
    groupRankPanel(grid, meta, area, to, label, versus),
    groupFunnelPanel(grid, meta, area, source.id, to, label, versus),
  ]);
}

/** The sources in the engine's default order (local, MPS, police.uk), of those loaded. */
const ordered = (meta: Meta) => DEFAULT_SOURCE_ORDER.map((id) => meta.sources.find((s) => s.id === id)).filter((s) => !!s);

/** The financial years of the table, latest first: the year to `to` (to date when `to` is not a March), then four before. */
function fyWindows(to: string) {
  const march = lastMarch(to);
  const ends = [0, 1, 2, 3, 4].map((i) => addMonths(march, -12 * i));
  const years = ends.map((end) => ({ fy: financialYear(end), period: 'fy', from: addMonths(end, -11), to: end }));
  return march === to ? years : [{ fy: financialYear(to), period: 'fytd', from: addMonths(march, 1), to }, ...years.slice(0, 4)];
}

type RollingWindow = Rolling['current'];
/** A cell of the financial-year table: the year's window from the source chosen for it, and the engine's verdict on the year before. */
interface FyCell {
  source: string;
  window: RollingWindow;
  /** `/api/rolling`'s % change on the year before from this source (null when it made no comparison) */
  pct_change: number | null;
  /** why the engine did not compare the year with the one before across a series break */
  not_compared: string | null;
}

/**
 * The financial-year cells of one category, by the engine's rule: for each year the first source (local, MPS,
 * police.uk) whose year is complete, else the one covering most of its months; none when no source covers a month.
 * One `/api/rolling` request per year and source tried (`period=fy`, or `fytd` for the year to date) gives the year
 * and the engine's comparison with the year before, so the table shows the engine's change and never works out its
 * own (a series break between two years is not compared). A source the API would refuse (a `to` after its last
 * month) is not asked for that year.
 */
async function fyCells(meta: Meta, area: Area, category: string, to: string): Promise<Map<string, FyCell>> {
  const best = new Map<string, FyCell>();
  const cannot = new Set<string>();
  const ask = (source: string, period: string, end: string) =>
    getJson<Rolling>('/api/rolling', { source, area: area.code, category, period, to: end }).catch((e: unknown) => {
      if (e instanceof ApiError && e.detail.parameter === 'category') cannot.add(source);
      return null;
    });
  await Promise.all(fyWindows(to).map(async (w) => {
    for (const s of ordered(meta)) {
      if (best.get(w.fy)?.window.complete) break;
      // a source none of whose loaded months fall before the year's end covers none of it
      if (cannot.has(s.id) || cannotExpress(meta, s.id, category) || s.first > w.to || s.last < w.to) continue;
      const r = await ask(s.id, w.period, w.to);
      const now = best.get(w.fy);
      if (r && r.current.months_covered > 0 && (!now || r.current.months_covered > now.window.months_covered))
        best.set(w.fy, { source: s.id, window: r.current, pct_change: r.pct_change, not_compared: r.not_compared ?? null });
    }
  }));
  return best;
}

const fyPanel = (grid: HTMLElement, meta: Meta, area: Area, to: string, label: (id: string) => string, categories: string[], heading: string, what: string) =>
  panel(grid, {
    name: 'financial-years',
    heading,
    wide: true,
    loading: `Loading financial-year counts for ${area.name}…`,
    load: () => Promise.all(categories.map(async (id) => ({ id, cells: await fyCells(meta, area, id, to) }))),
    render: (all) => {
      const years = fyWindows(to).reverse();
      const missing = all.filter((d) => d.cells.size === 0).map((d) => label(d.id));
      const rows: FyRow[] = all.flatMap((d) => {
        const used = [...new Set(years.flatMap((w) => { const c = d.cells.get(w.fy); return c ? [c.source === 'local' ? 'local' : (SOURCE_SHORT[c.source] ?? c.source)] : []; }))];
        const category = `${label(d.id)} (${used.join(', ')})`;
        return years.flatMap((w, i) => {
          const c = d.cells.get(w.fy);
          if (!c) return [];
          const full = w.period === 'fy' && c.window.complete;
          // shaded by the engine's change on the year before, when the year before shown is the same source's
          const before = i > 0 ? d.cells.get(years[i - 1]!.fy) : undefined;
          const same = full && before?.window.complete && before.source === c.source;
          return [{
            category,
            fy: w.fy,
            count: c.window.count ?? 0,
            months: full ? 12 : c.window.months_covered,
            pct_vs_previous: same ? c.pct_change : null,
            not_compared: same ? c.not_compared : null,
            source: SOURCE_SHORT[c.source] ?? c.source,
          }];
        });
      });
      if (rows.length === 0) return `No ${what} data loaded for ${area.name}`;
      return {
        title: fyFinding(rows),
        chart: fyTable(rows),
        description: `Counts by financial year (April to March) for up to five years, one row per category, each year from the first source (local extract, MPS, police.uk) with all its months loaded, else the one with most; the sources used are named after each category. A year with fewer than 12 months loaded shows its months under its count and is not compared. Cells are shaded by the change on the year before (same source, both years complete, no series break between them).${breaks(rows)}${missing.length ? ` No data loaded for: ${missing.join(', ')}.` : ''}`,
        rows: rows.map((r) => ({ ...r, pct_vs_previous: r.pct_vs_previous === null ? null : Math.round(r.pct_vs_previous * 10) / 10 })),
      };
    },
  });

/** The years not compared with the year before across a series break, in words. */
const breaks = (rows: FyRow[]) => {
  const stopped = rows.filter((r) => r.not_compared);
  return stopped.length ? ` Not compared with the year before: ${stopped.map((r) => `${r.category} ${r.fy} (${r.not_compared})`).join('; ')}.` : '';
};

const changesPanel = (grid: HTMLElement, area: Area, source: string, to: string, label: (id: string) => string, categories: string[]) =>
  panel(grid, {
    name: 'significant-changes',
    heading: 'Largest significant changes',
    wide: true,
    loading: `Testing ${categories.length} categories for significant change…`,
    load: () => Promise.all(categories.map((category) =>
      getJson<Rolling>('/api/rolling', { source, area: area.code, category, to }).then((r) => ({ category, r })).catch(() => null))),
    render: (all) => {
      // only complete windows are compared: the API gives no significance otherwise
      const compared = all.filter((d): d is { category: string; r: Rolling & { significance: NonNullable<Rolling['significance']> } } =>
        !!d && d.r.complete && d.r.significance !== null && d.r.current.count !== null && d.r.previous.count !== null);
      const rows: (ChangeRow & { p_value: number })[] = compared
        .filter(({ r }) => r.current.count! + r.previous.count! > 0)
        .map(({ category, r }) => ({ label: label(category), current: r.current.count!, previous: r.previous.count!, pct_change: r.pct_change, z: r.significance.z, significant: r.significance.significant, p_value: r.significance.p_value }));
      const partial = all.filter((d) => !!d && !d.r.complete && (d.r.current.months_covered > 0 || d.r.previous.months_covered > 0)).length;
      // both years loaded, but a series break between them: the engine compares nothing, and neither does the panel
      const broken = all.filter((d): d is NonNullable<typeof d> => !!d && d.r.complete && !!d.r.not_compared);
      if (rows.length === 0)
        return broken.length
          ? `No category of ${area.name} is compared to ${monthName(to)}: ${broken.map((d) => `${label(d.category)}, not compared: ${d.r.not_compared}`).join('; ')}`
          : `No category has two full years of data for ${area.name} to ${monthName(to)}: nothing to compare`;
      const sig = significantChanges(rows);
      return {
        title: changesFinding(rows),
        chart: changesChart(rows),
        description: `The 12 months to ${monthName(to)} against the 12 before, for ${rows.length} categories (${source}) with every month of both years loaded${partial ? `; ${partial} more with only some months loaded are not compared` : ''}${broken.length ? `; not compared across a series break: ${broken.map((d) => `${label(d.category)} (${d.r.not_compared})`).join('; ')}` : ''}; only changes significant at p < 0.05 (exact conditional binomial test) are drawn, largest rise first: ${sig.length ? sig.map((r) => `${r.label} ${fmtInt(r.previous)} to ${fmtInt(r.current)}`).join('; ') : 'none'}.`,
        rows: rows.map((r) => ({ ...r, pct_change: r.pct_change === null ? null : Math.round(r.pct_change * 10) / 10, z: Math.round(r.z * 100) / 100, p_value: Math.round(r.p_value * 10000) / 10000 })),
      };
    },
  });

const repeatPanel = (grid: HTMLElement, area: Area, scorecard: Promise<Scorecard>) =>
  panel(grid, {
    name: 'repeat-victimisation',
    wide: true,
    heading: 'Repeat victimisation by priority outcome',
    loading: `Loading repeat victimisation for ${area.name}…`,
    load: () => scorecard,
    render: (data) => {
      // the repeat indicators with a complete window (count indicators may carry the same figures: shown once)
      const repeats = data.outcomes.flatMap((o) => o.indicators.filter((i): i is RepeatResult => i.kind === 'repeat').map((i) => ({ o, i })));
      const rows: RepeatRow[] = repeats
        .filter(({ i }) => i.state === 'number' && i.repeat !== null && i.repeat.repeat_victim_rate !== null)
        .map(({ o, i }) => ({ outcome: `${o.id}. ${o.title}`, indicator: i.label, unit: i.repeat!.unit, rate: i.repeat!.repeat_victim_rate!, repeats: i.repeat!.repeat_victims, of: i.repeat!.victims }));
      const partial = repeats.filter(({ i }) => i.state === 'partial');
      if (rows.length === 0)
        return partial.length
          ? `No repeat victimisation figures for ${area.name} over a full ${data.period.label}: ${partial.map(({ i }) => `${i.label} has ${i.months_covered} of ${i.months} months`).join('; ')}`
          : `No repeat victimisation figures for ${area.name}: they need a local extract with victim or location ids`;
      return {
        title: repeatFinding(rows),
        chart: repeatBars(rows),
        description: `For each priority-outcome indicator with repeat figures, the share of victims (or places) with two or more incidents in the ${data.period.label}.${partial.length ? ` Not shown (only some months loaded): ${partial.map(({ i }) => `${i.label}, ${i.months_covered} of ${i.months} months`).join('; ')}.` : ''} police.uk places are anonymised snap points: a hotspot proxy, not victims.`,
        rows: rows.map((r) => ({ ...r, rate: Math.round(r.rate * 10) / 10 })),
      };
    },
  });

/** The area's London rank at each quarter end: one `/api/league?history=N` request per category. */
const rankPanel = (grid: HTMLElement, meta: Meta, area: Area, to: string, label: (id: string) => string) => {
  const first = meta.sources.map((s) => s.first).sort()[0] ?? to;
  const n = Math.min(60, Math.max(1, quarterEnds(addMonths(first, 11), to).length));
  return panel(grid, {
    name: 'rank-history',
    wide: true,
    heading: 'London rank history',
    loading: `Loading ${area.name}'s London ranks at ${n} quarter ends…`,
    load: () => Promise.all(RANK_CATEGORIES.map((category) =>
      getJson<League>('/api/league', { indicator: category, to, history: String(n) }).then((l) => ({ category, l })).catch(() => null))),
    render: (all) => {
      const leagues = all.filter((d) => !!d);
      const rows: RankPoint[] = leagues.flatMap(({ category, l }) =>
        (l.history ?? []).flatMap((q) => {
          // a London rank only where every borough's 12 months are loaded (scope.london); never a rank of fewer as London
          const rank = q.scope.london && q.of >= 2 ? (q.rows.find((r) => r.code === area.code)?.rank ?? null) : null;
          return rank === null ? [] : [{ category: label(category), to: q.to, rank, of: q.of }];
        }));
      if (rows.length === 0) {
        const why = leagues.flatMap(({ l }) => l.history ?? []).find((q) => !q.scope.london)?.scope.reason;
        return `${area.name} has no London rank: ranks need a full 12 months of data for every borough${why ? ` (${why})` : ''}`;
      }
      const sources = [...new Set(leagues.map(({ l }) => l.source).filter((s) => s !== null))].map((s) => SOURCE_SHORT[s] ?? s);
      return {
        title: rankFinding(rows, area.name),
        chart: rankHistory(rows),
        description: `${area.name}'s rank among London's boroughs with every month loaded (1 = lowest rate per 1,000 residents) for the 12 months to each quarter end, for ${RANK_CATEGORIES.map(label).join(', ')} (${sources.join(', ')}).`,
        rows: rows.map((r) => ({ ...r })),
      };
    },
  });
};

/**
 * Outside London (issue 24): the area's rank among its comparator group (the scorecard's: the profile's comparator, else
 * its force area's partnerships) at each quarter end, from `/api/league?group=…&history=N`, given only where every
 * member's 12 months are loaded (the group's scope has no reason).
 */
const groupRankPanel = (grid: HTMLElement, meta: Meta, area: Area, to: string, label: (id: string) => string, versus: Promise<Versus>) => {
  const first = meta.sources.map((s) => s.first).sort()[0] ?? to;
  const n = Math.min(60, Math.max(1, quarterEnds(addMonths(first, 11), to).length));
  return panel(grid, {
    name: 'rank-history',
    wide: true,
    heading: 'Rank history in the comparison group',
    loading: `Loading ${area.name}'s ranks at ${n} quarter ends…`,
    load: async () => {
      const v = await versus;
      const g = v.london ? null : v.comparator;
      if (!g) return { g, leagues: [] };
      const leagues = await Promise.all(RANK_NATIONAL.map((category) =>
        getJson<League>('/api/league', { indicator: category, to, history: String(n), group: g.group, area: area.code }).then((l) => ({ category, l })).catch(() => null)));
      return { g, leagues: leagues.filter((d) => !!d) };
    },
    render: ({ g, leagues }) => {
      if (!g) return `${area.name} has no comparison group (it is in no police force area), so it has no rank history`;
      const rows: RankPoint[] = leagues.flatMap(({ category, l }) =>
        (l.history ?? []).flatMap((q) => {
          // a rank only where every member's 12 months are loaded (groupScope: no reason); never a rank among fewer
          const rank = q.scope.reason === null && q.of >= 2 ? (q.rows.find((r) => r.code === area.code)?.rank ?? null) : null;
          return rank === null ? [] : [{ category: label(category), to: q.to, rank, of: q.of }];
        }));
      if (rows.length === 0) {
        const why = leagues.flatMap(({ l }) => l.history ?? []).find((q) => q.scope.reason !== null)?.scope.reason;
        return `${area.name} has no rank in ${g.name} at any quarter end: ranks need a full 12 months of data for every one of the ${g.members} ${g.label}${why ? ` (${why})` : ''}`;
      }
      const sources = [...new Set(leagues.map(({ l }) => l.source).filter((s) => s !== null))].map((s) => SOURCE_SHORT[s] ?? s);
      return {
        title: rankFinding(rows, area.name),
        chart: rankHistory(rows),
        description: `${area.name}'s rank among the ${g.members} ${g.label} (${g.rule}; 1 = lowest rate per 1,000 residents) for the 12 months to each quarter end, for ${RANK_NATIONAL.map(label).join(', ')} (${sources.join(', ')}), given only where every one of them has every month loaded.`,
        rows: rows.map((r) => ({ ...r })),
      };
    },
  });
};

/**
 * Outside London (issue 24): are we really different from our comparison group? The funnel of burglary against the
 * group's rate (`/api/ranks?group=…`), drawn only when every member's 12 months are loaded.
 */
const groupFunnelPanel = (grid: HTMLElement, meta: Meta, area: Area, source: string, to: string, label: (id: string) => string, versus: Promise<Versus>) =>
  panel(grid, {
    name: 'funnel-burglary',
    heading: `${label('burglary')}: ${area.name} against its comparison group (funnel plot)`,
    loading: `Loading the comparison group's ${inSentence(label('burglary'))} rates and populations…`,
    load: async (): Promise<{ g: ScorecardComparator | null; body: Ranks | null }> => {
      const v = await versus;
      const g = v.london ? null : v.comparator;
      if (!g || cannotExpress(meta, source, 'burglary')) return { g, body: null };
      return { g, body: await getJson<Ranks>('/api/ranks', { source, category: 'burglary', to, group: g.group, area: area.code }) };
    },
    explain: ({ body }) => ranksTarget(body?.rows ?? [], `${label('burglary')} in ${area.name}, 12 months to ${monthName(to)}`, { source, area: area.code, category: 'burglary', to }),
    render: ({ g, body }) => {
      if (!g) return `No funnel plot: ${area.name} has no comparison group (it is in no police force area)`;
      if (!body || !body.comparator) return `No funnel plot against ${g.name}: ${SOURCE_SHORT[source] ?? source} cannot count ${inSentence(label('burglary'))}`;
      const c = body.comparator;
      if (c.rate_per_1000 === null) return `No funnel plot against ${c.name} for ${inSentence(label('burglary'))} from ${SOURCE_SHORT[source] ?? source}: ${c.reason ?? 'no rate for the group'}`;
      const rows = body.rows.map((r) => ({ ...r, count: r.count ?? 0 })).filter((r) => r.months_covered > 0);
      const opts = { area: area.code, label: label('burglary'), londonRate: c.rate_per_1000, comparator: { name: c.name, members: 'partnerships' } };
      return {
        title: funnelFinding(rows, opts),
        chart: funnelChart(rows, { ...opts, width: 560 }),
        description: `A point per partnership of ${body.scope.label} with a complete 12 months to ${monthName(to)} (${SOURCE_SHORT[source] ?? source}): its rate per 1,000 residents against its population, with the 95% (dashed) and 99.8% (solid) exact Poisson limits around ${c.name}'s rate (every member, ${area.name} included). Only a partnership outside the 99.8% limits is higher or lower than ${c.name}; inside them the difference is within chance.`,
        rows: body.rows.map((r) => ({ area: r.area.name, code: r.area.code, count: r.count, population: r.population, rate_per_1000: r.rate_per_1000, vs_comparator: r.vs_comparator ?? null, complete: r.complete })),
      };
    },
  });

/** The `/api/ranks` body as the funnel reads it: its rows and whom they are compared among (null: not asked). */
type FunnelRanks = Pick<Ranks, 'rows'> & { scope: Ranks['scope'] | null };

/** Are we really different from London? A funnel plot of burglary: every complete borough's rate against its population. */
const funnelPanel = (grid: HTMLElement, meta: Meta, area: Area, source: string, to: string, label: (id: string) => string) =>
  panel(grid, {
    name: 'funnel-burglary',
    heading: `${label('burglary')}: ${area.name} against London (funnel plot)`,
    loading: `Loading every London borough's ${inSentence(label('burglary'))} rate and population…`,
    load: (): Promise<FunnelRanks> =>
      cannotExpress(meta, source, 'burglary')
        ? Promise.resolve({ rows: [], scope: null })
        : getJson<FunnelRanks>('/api/ranks', { source, category: 'burglary', to }),
    explain: (body) => ranksTarget(body.rows, `${label('burglary')} in ${area.name}, 12 months to ${monthName(to)}`, { source, area: area.code, category: 'burglary', to }),
    render: (body) => {
      const all = body.rows;
      // against London only from a source complete for every London borough (the ranks' scope): never a "London"
      // line drawn from the few boroughs a source covers
      if (body.scope && !body.scope.london)
        return `No funnel plot against London for ${inSentence(label('burglary'))} from ${SOURCE_SHORT[source] ?? source}: ${body.scope.reason ?? 'it does not cover every London borough'}`;
      const rows = all.map((r) => ({ ...r, count: r.count ?? 0 })).filter((r) => r.months_covered > 0);
      const london = londonRateOf(rows);
      if (london === null) return `No funnel plot: no borough has a complete 12 months of ${inSentence(label('burglary'))} to ${monthName(to)} from ${SOURCE_SHORT[source] ?? source}`;
      const opts = { area: area.code, label: label('burglary'), londonRate: london };
      return {
        title: funnelFinding(rows, opts),
        chart: funnelChart(rows, { ...opts, width: 560 }),
        description: `A point per London borough with a complete 12 months to ${monthName(to)} (${SOURCE_SHORT[source] ?? source}): its rate per 1,000 residents against its population, with the 95% (dashed) and 99.8% (solid) exact Poisson limits around London's rate (every complete borough, the borough itself included). Only a borough outside the 99.8% limits is higher or lower than London; inside them the difference is within chance.`,
        rows: all.map((r) => ({ area: r.area.name, code: r.area.code, count: r.count, population: r.population, rate_per_1000: r.rate_per_1000, vs_london: r.vs_london, complete: r.complete })),
      };
    },
  });
