import type { Database } from '../../data/db.ts';
import { escapeHtml as esc, fmt1, fmtInt, inSentence } from '../../core/format.ts';
import { SOURCE_NAMES } from '../../core/sources.ts';
import type { Wards } from '../../core/types.ts';
import { WATCH_CATEGORIES, watchWhy, wardsToWatch } from '../../core/wards.ts';
import { InputError } from '../errors.ts';
import { validQuery } from '../params.ts';
import { wardSources, wardsBody, wardsSchema } from '../wards.ts';

/**
 * The area's wards for each of WATCH_CATEGORIES on the first ward-level source loaded, by the function behind
 * `/api/wards` (12 months to `to`, or to the ward data's last month when `to` is after it); none when no ward data is
 * loaded, the area is not a borough or `to` is before the ward data.
 * @example await packWards(db, 'E09000003', '2026-02')
 */
export async function packWards(db: Database, area: string, to: string): Promise<Wards[]> {
  const source = (await wardSources(db))[0];
  if (!source || to < source.first) return [];
  const end = to > source.last ? source.last : to;
  const bodies = await Promise.all(
    WATCH_CATEGORIES.filter((c) => source.categories.includes(c)).map((category) =>
      wardsBody(db, validQuery(wardsSchema, { area, category, to: end, source: source.id })).catch((e: unknown) => {
        if (e instanceof InputError) return null;
        throw e;
      }),
    ),
  );
  return bodies.filter((b): b is Wards => b !== null);
}

/** The pack's "Wards to watch" section (empty when there are no ward figures). */
export function wardsSection(wards: Wards[]): string {
  if (wards.length === 0) return '';
  const first = wards[0]!;
  const items = wards.flatMap((w) =>
    wardsToWatch(w).map(
      (r) =>
        `<li><strong>${esc(r.name)}</strong>, ${esc(inSentence(w.category.label))}: ${r.rate_per_1000 === null ? `${esc(fmtInt(r.count ?? 0))} crimes` : `${esc(fmt1(r.rate_per_1000))} per 1,000 residents against ${esc(fmt1(w.borough.rate_per_1000 ?? 0))} for ${esc(w.area.name)}`} (${esc(watchWhy(r))})</li>`,
    ),
  );
  const unplaced = wards
    .filter((w) => w.unplaced.count !== null)
    .map((w) => `${esc(inSentence(w.category.label))} ${esc(fmtInt(w.unplaced.count!))} of ${esc(fmtInt(w.unplaced.borough_count!))}`);
  return `<section class="wards" id="wards">
<h2>Wards to watch, ${esc(first.period.label)}</h2>
${items.length ? `<ul>\n${items.join('\n')}\n</ul>` : `<p>No ward of ${esc(first.area.name)} has a rate significantly above the borough’s or a latest month of concern (${esc(wards.map((w) => inSentence(w.category.label)).join(', '))}).</p>`}
<p class="note">From ${esc(SOURCE_NAMES[first.source] ?? first.source)}: a ward is listed when its rate per 1,000 residents (Census 2021) is above the borough’s at 99.8% funnel limits, or when its latest month is a special cause of concern on its SPC chart.${unplaced.length ? ` Crimes not placed in any ward (in the borough’s figure, in no ward’s): ${unplaced.join('; ')}.` : ''}</p>
</section>`;
}
