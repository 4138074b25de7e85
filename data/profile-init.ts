import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  BUNDLED,
  PROFILE_FILE,
  didYouMean,
  findArea,
  findNationalArea,
  type NationalArea,
  homeArea,
  isLocalAuthority,
  loadProfile,
  londonAreas,
  parseProfile,
  peerGroupOf,
  type BundledName,
  type Profile,
} from './profile.ts';

/** A mistake in what `saferboard init` was asked (exit code 2): names the bad value and what is allowed. */
export class InitError extends Error {
  override name = 'InitError';
}

/** The partnership's name and pack title for an area, in the wording of the bundled profile it starts from. */
const NAMING: Record<BundledName, (area: string) => { name: string; title: string }> = {
  barnet: (area) => ({
    name: `${area} Safer Communities Partnership`,
    title: `${area} Safer Communities Partnership Board: Performance update`,
  }),
  london: (area) => ({
    name: `${area} Community Safety Partnership`,
    title: `${area} Community Safety Partnership: Performance update`,
  }),
};

export interface InitOptions {
  /** any spelling or ONS code of a London borough or the City of London, or of any LA, CSP or police force area of England and Wales */
  area: string;
  from?: BundledName;
  out?: string;
  force?: boolean;
}

/**
 * Writes a partnership profile for `area`, starting from a bundled profile: the same outcomes and indicators, with
 * the partnership's name, home area, pack title and peer group. Refuses to replace an existing file unless `force`.
 * @example initProfile({ area: 'Camden', from: 'london' }) // writes ./saferboard.profile.json
 */
export function initProfile({ area, from = 'barnet', out = PROFILE_FILE, force = false }: InitOptions): {
  path: string;
  profile: Profile;
  area: { code: string; name: string };
  /** what the profile was written from, for the command's message */
  basis: string;
} {
  if (!(from in BUNDLED))
    throw new InitError(
      `unknown bundled profile ${JSON.stringify(from)}: expected ${Object.keys(BUNDLED)
        .map((b) => JSON.stringify(b))
        .join(' or ')}`,
    );
  const home = findArea(area);
  // outside London (issue 24): any LA, CSP or police force area of England and Wales gets the police.uk profile
  const elsewhere = home && !isLocalAuthority(home.code) ? findNationalArea(area) : undefined;
  if (elsewhere) return writeNational(elsewhere, out, force);
  if (!home || !isLocalAuthority(home.code))
    throw new InitError(
      `unknown area: ${JSON.stringify(area)}${home ? ` (${home.name} is not a London local authority)` : didYouMean(area)}; expected a local authority, Community Safety Partnership or police force area of England and Wales (name or ONS code), or a London borough or the City of London: ${londonAreas()
        .map((a) => a.name)
        .join(', ')}`,
    );
  if (existsSync(out) && !force)
    throw new InitError(`${out} already exists: not replaced (use --force to replace it)`);
  const template = loadProfile(BUNDLED[from]);
  // the outcomes as the bundled file words and orders them (the parsed profile reorders keys and adds defaults)
  const raw = JSON.parse(readFileSync(BUNDLED[from], 'utf8')) as { outcomes: Profile['outcomes'] };
  const peer = peerGroupOf(home.code);
  const sameHome = homeArea(template)?.code === home.code;
  const written = {
    $comment: `The ${home.name} partnership profile, written by "saferboard init" from the bundled ${from} profile. Edit the outcomes, their indicators and targets to match your strategy${sameHome ? '' : ' (the targets of the bundled profile are left out: add your own)'}; {area} in a title is replaced by the name of the area shown. See docs/profile.md.`,
    ...NAMING[from](home.name),
    home_area: home.name,
    source_order: template.source_order,
    ...(peer ? { peer_group: peer } : {}),
    // targets are the template partnership's own: a partnership for another area sets its own
    outcomes: sameHome
      ? raw.outcomes
      : raw.outcomes.map((o) => ({ ...o, indicators: o.indicators.map(({ target: _, ...ind }) => ind) })),
  };
  const checked = parseProfile(written, out);
  writeFileSync(out, format(written), { flag: force ? 'w' : 'wx' });
  return { path: out, profile: checked, area: home, basis: `the bundled ${from} profile` };
}

/** A count indicator of one police.uk category (a canonical id of data/reference/categories.csv). */
const count = (id: string, label: string) => ({ id, label, kind: 'count' as const, filter: { categories: [id] }, polarity: 'lower-is-better' as const });

/**
 * The outcomes a partnership outside London can fill from public data alone (issue 24): the police.uk street-level
 * categories and anti-social behaviour, and the police.uk positive outcome rate of burglary. No London-only source
 * (MPS files, the MPS dashboard) and no local-extract indicator (repeat victims, domestic abuse, hate crime): add them
 * when you load a local extract (docs/profile.md).
 */
export const NATIONAL_OUTCOMES: Profile['outcomes'] = [
  {
    id: 1,
    title: 'Fewer neighbourhood crimes in {area}: burglary, robbery, vehicle crime and theft',
    indicators: [
      count('burglary', 'Burglary'),
      { id: 'burglary-positive-outcome', label: 'Burglary: positive outcome rate', kind: 'share', source: 'policeuk', filter: { categories: ['burglary'] }, outcome: 'positive_outcome', polarity: 'higher-is-better' },
      count('robbery', 'Robbery'),
      count('vehicle-crime', 'Vehicle crime'),
      count('theft-from-person', 'Theft from the person'),
      count('bicycle-theft', 'Bicycle theft'),
      count('shoplifting', 'Shoplifting'),
    ],
  },
  { id: 2, title: 'Less anti-social behaviour in {area}', indicators: [count('asb', 'Anti-social behaviour incidents')] },
  {
    id: 3,
    title: 'Less violence and weapon crime in {area}',
    indicators: [
      count('violence-and-sexual-offences', 'Violence and sexual offences'),
      count('possession-of-weapons', 'Possession of weapons'),
      count('public-order', 'Public order offences'),
    ],
  },
  {
    id: 4,
    title: 'Less criminal damage and drug-related crime in {area}',
    indicators: [count('criminal-damage', 'Criminal damage and arson'), count('drugs', 'Drug offences')],
  },
];

/** `init --area` outside London: the police.uk profile, the partnership's force area as its comparator. */
function writeNational(home: NationalArea, out: string, force: boolean) {
  if (existsSync(out) && !force) throw new InitError(`${out} already exists: not replaced (use --force to replace it)`);
  const what = home.level === 'pfa' ? 'police force area' : home.csp ? 'partnership' : 'local authority';
  const written = {
    $comment: `The ${home.name} profile (a ${what} in ${home.pfa_name}'s police force area), written by "saferboard init" for a partnership outside London: its outcomes are those public police.uk data can fill (the street-level crime categories and anti-social behaviour, and the burglary positive outcome rate); it is compared with the CSPs of ${home.pfa_name} by default. Edit the outcomes, indicators and targets to match your strategy; {area} in a title is replaced by the name of the area shown. See docs/profile.md and docs/peers.md.`,
    name: `${home.name} Community Safety Partnership`,
    title: `${home.name} Community Safety Partnership: Performance update`,
    home_area: home.name,
    source_order: ['policeuk', 'stopsearch', 'local'],
    comparator: home.pfa_name,
    outcomes: NATIONAL_OUTCOMES,
  };
  const checked = parseProfile(written, out);
  writeFileSync(out, format(written), { flag: force ? 'w' : 'wx' });
  return { path: out, profile: checked, area: { code: home.code, name: home.name }, basis: `police.uk's categories, compared with the partnerships of ${home.pfa_name}` };
}

/** The profile as JSON an analyst can edit: one line per key and per indicator, as the bundled profiles are. */
function format(p: Record<string, unknown> & { outcomes: Profile['outcomes'] }): string {
  const line = (v: unknown) => JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ');
  const { outcomes, ...head } = p;
  const outs = outcomes.map((o) =>
    [
      '    {',
      `      "id": ${o.id},`,
      `      "title": ${JSON.stringify(o.title)},`,
      '      "indicators": [',
      o.indicators.map((i) => `        ${line(i)}`).join(',\n'),
      '      ]',
      '    }',
    ]
      .filter((l) => l !== '')
      .join('\n'),
  );
  return [
    '{',
    ...Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${line(v)},`),
    '  "outcomes": [',
    outs.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}
