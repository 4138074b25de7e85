import { addMonths, monthName, monthShort } from '../../core/months.ts';
import { CRIME_SOURCES } from '../../core/sources.ts';
import type { Meta } from '../../core/types.ts';

export type Area = Meta['areas'][number];
export type Source = Meta['sources'][number];

/**
 * Whether a source can never express a category (MPS has no ASB; police.uk does not split vehicle crime), from
 * `/api/meta`'s `expresses`, so a view does not ask for what the API would refuse with a 400.
 */
export const cannotExpress = (meta: Meta, source: string, category: string) => {
  const ids = meta.expresses?.[source];
  return ids ? !ids.includes(category) : source === 'mps' && meta.categories.find((c) => c.id === category)?.group === 'ASB';
};

/** The categories a source can express, as the explorer offers them (never the `unmapped` bucket). */
export const offeredCategories = (meta: Meta, source: string) => meta.categories.filter((c) => c.id !== 'unmapped' && !cannotExpress(meta, source, c.id));

/** The category a view shows when none is asked for: burglary where the source records it, else the first it records. */
export const defaultCategory = (meta: Meta, source: string) => {
  const offered = offeredCategories(meta, source);
  return offered.find((c) => c.id === 'burglary') ?? offered[0]!;
};

const CITY_OF_LONDON = 'E09000001';

/**
 * The areas an area selector lists: London's 32 boroughs by name, then the City of London (a partnership area of
 * its own, though not a borough: it is never ranked among them).
 */
export const boroughs = (meta: Meta) => [
  ...meta.areas.filter((a) => a.borough).sort((a, b) => a.name.localeCompare(b.name)),
  ...meta.areas.filter((a) => a.code === CITY_OF_LONDON),
];

/** The options of an area selector: `boroughs(meta)`, and the area shown if it is not among them (so it is selected). */
export const areaOptions = (meta: Meta, shown?: Area) =>
  [...boroughs(meta), ...(shown && !boroughs(meta).some((a) => a.code === shown.code) ? [shown] : [])].map((a) => ({ value: a.code, label: a.name }));

/**
 * The area named in the URL (any spelling the API accepts: name, GSS code or alias, any case), else the profile's
 * home area, else the first borough.
 */
export function pickArea(meta: Meta, raw: string | null): Area | undefined {
  const key = raw?.trim().replace(/\s+/g, ' ').toLowerCase();
  const code = key ? meta.aliases[key] : (meta.profile.home_area?.code ?? boroughs(meta)[0]?.code);
  return meta.areas.find((a) => a.code === code);
}

/** The source asked for, else mps, policeuk, local in that order of those loaded. */
export const pickSource = (meta: Meta, raw: string | null): Source | undefined =>
  meta.sources.find((s) => s.id === raw) ?? CRIME_SOURCES.map((id) => meta.sources.find((s) => s.id === id)).find(Boolean);

/** The latest month any source has. */
export const lastMonth = (meta: Meta) => meta.sources.map((s) => s.last).sort().at(-1);

/** `'2018-01', '2018-12'` → `'Jan 2018 to Dec 2018'`. */
export const span = (from: string, to: string) => `${monthShort(from)} to ${monthShort(to)}`;

export { addMonths, monthName, monthShort };

/** Quarter ends (Mar, Jun, Sep, Dec) from..to, always including `to`. */
export function quarterEnds(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) if (['03', '06', '09', '12'].includes(m.slice(5)) || m === to) out.push(m);
  return out;
}
