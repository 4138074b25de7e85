/**
 * An /api/spc `latest` in words and as a Making Data Count style variation icon, for tiles, the exception list and
 * the pack. Pure (no DOM): the icon is SVG markup, so the server-side pack can use it too.
 */
import type { Signal, SpcLatest } from '../../core/stats/spc.ts';


export { spcLine } from '../../core/text.ts';

/** The icon's colour, letter and name for each variation (the letter and the name carry it, not colour alone). */
const LOOK = {
  concern: { colour: '#E69F00', name: 'special cause concern' },
  improvement: { colour: '#0072B2', name: 'special cause improvement' },
  common: { colour: '#7b8794', name: 'common cause variation' },
  none: { colour: '#9aa5b1', name: 'not enough data' },
} as const;

const UP = new Set<Signal>(['above', 'shift-up', 'trend-up', 'two-of-three-up']);

/**
 * A Making Data Count style variation icon as inline SVG: a ringed circle holding a small run of points, coloured
 * orange (concern), blue (improvement) or grey (common cause / not enough data), with H or L for a high or low
 * special cause and a title naming it, so colour is never the only carrier.
 * @example el.innerHTML = spcIcon(body.latest) // '<svg role="img" aria-label="special cause concern, high" …>'
 */
export function spcIcon(latest: Pick<SpcLatest, 'variation'> & { signal?: Signal | null }, size = 28): string {
  const look =
    latest.variation === 'special-cause-concern' ? LOOK.concern
    : latest.variation === 'special-cause-improvement' ? LOOK.improvement
    : latest.variation === 'common-cause' ? LOOK.common
    : LOOK.none;
  const special = latest.variation === 'special-cause-concern' || latest.variation === 'special-cause-improvement';
  const high = special && latest.signal ? UP.has(latest.signal) : null;
  const label = `${look.name}${high === null ? '' : high ? ', high' : ', low'}`;
  // seven points: flat for common cause, the last ones lifted (or dropped) for a special cause
  const ys = special ? (high ? [24, 25, 23, 24, 20, 16, 13] : [16, 15, 17, 16, 20, 24, 27]) : [21, 18, 22, 19, 22, 18, 21];
  const dots = ys
    .map((y, i) => `<circle cx="${10 + i * 3.3}" cy="${y}" r="1.6" fill="${special && i >= 4 ? look.colour : '#7b8794'}"/>`)
    .join('');
  const letter =
    high === null
      ? latest.variation === 'not-enough-data' ? '<text x="20" y="16" text-anchor="middle" font-size="11" font-weight="bold" fill="#52606d">?</text>' : ''
      : `<text x="20" y="${high ? 15 : 31}" text-anchor="middle" font-size="10" font-weight="bold" fill="${look.colour}">${high ? 'H' : 'L'}</text>`;
  return (
    `<svg class="spc-icon" role="img" aria-label="${label}" width="${size}" height="${size}" viewBox="0 0 40 40" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${label}</title>` +
    `<circle cx="20" cy="20" r="17" fill="#fff" stroke="${look.colour}" stroke-width="3"/>` +
    dots +
    letter +
    '</svg>'
  );
}
