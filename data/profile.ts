import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';
import { DEFAULT_SOURCE_ORDER, SOURCES } from '../core/sources.ts';
import { nearest } from './nearest.ts';
import { referencePath } from './reference.ts';
import { BUNDLED, PROFILE_FILE } from './paths.ts';

/**
 * The partnership profile: who the partnership is (name, home area, pack title), its priority outcomes with their
 * indicators and targets, the order in which sources are preferred and its peer group. One JSON file, validated here.
 */

export const HATE_STRANDS = ['race', 'religion', 'sexual-orientation', 'disability', 'transgender'] as const;
/** What a share indicator counts as a success, among the incidents its filter selects. */
export const SHARE_OUTCOMES = [
  'sanction_detection',
  'positive_outcome',
  'charged',
  'arrest',
  'find',
] as const;
// the bundled profiles and the profile's file name, declared with the other paths (the command line's help needs them)
export { BUNDLED, PROFILE_FILE, type BundledName } from './paths.ts';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** One conjunctive condition on a local incident; an indicator's filter is one clause or a list (any of them). */
const Clause = z
  .object({
    categories: z.array(z.string().regex(ID, 'expected a kebab-case category id')).min(1).optional(),
    type: z.enum(['crime', 'asb']).optional(),
    domestic_abuse: z.boolean().optional(),
    knife: z.boolean().optional(),
    injury: z.boolean().optional(),
    hate_strand: z.enum(['any', ...HATE_STRANDS]).optional(),
    victim_age: z
      .object({ min: z.number().int().min(0).optional(), max: z.number().int().max(130).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type Clause = z.infer<typeof Clause>;
const Filter = z.union([Clause, z.array(Clause).min(1)]);

const common = {
  id: z.string().regex(ID, 'expected a kebab-case id'),
  label: z.string().min(1),
  polarity: z.enum(['lower-is-better', 'higher-is-better']),
  target: z.number().optional(),
  min_incidents: z.number().int().min(2).optional(),
  description: z.string().optional(),
};
const Indicator = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('count'), filter: Filter }).strict(),
  z
    .object({
      ...common,
      kind: z.literal('repeat'),
      of: z.string(),
      unit: z.enum(['victim', 'location']).default('victim'),
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal('share'),
      filter: Filter,
      outcome: z.enum(SHARE_OUTCOMES),
      /** read only from this source (a public one: 'policeuk', 'stopsearch'), else the profile's source order */
      source: z.enum(['local', 'policeuk', 'stopsearch']).optional(),
    })
    .strict(),
  z.object({ ...common, kind: z.literal('manual') }).strict(),
]);
export type Indicator = z.infer<typeof Indicator>;

const Outcome = z
  .object({ id: z.number().int(), title: z.string().min(1), indicators: z.array(Indicator) })
  .strict();

const Profile = z
  .object({
    $comment: z.string().optional(),
    name: z.string().trim().min(1),
    home_area: z.string().trim().min(1).optional(),
    title: z.string().trim().min(1),
    outcomes: z.array(Outcome).min(1),
    source_order: z.array(z.enum(SOURCES)).min(1).default(DEFAULT_SOURCE_ORDER),
    peer_group: z.string().optional(),
    /** outside London (issue 24): the default comparison group of /api/ranks (a force area, region:<name> or peers) */
    comparator: z.string().trim().min(1).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (value.home_area !== undefined) {
      const home = findArea(value.home_area);
      if (!home)
        issue(['home_area'], `unknown area ${JSON.stringify(value.home_area)}${didYouMean(value.home_area)}`);
      else if (!isLocalAuthority(home.code) && !findNationalArea(value.home_area))
        issue(
          ['home_area'],
          `expected a London borough, the City of London, or a local authority, CSP or police force area of England and Wales, found ${JSON.stringify(value.home_area)} (${home.name})`,
        );
    }
    if (value.peer_group !== undefined && !peerGroups().includes(value.peer_group))
      issue(
        ['peer_group'],
        `expected a peer group of data/reference/peer-groups.csv (${peerGroups()
          .map((g) => JSON.stringify(g))
          .join(' or ')}), found ${JSON.stringify(value.peer_group)}`,
      );
    value.source_order.forEach((s, i) => {
      if (value.source_order.indexOf(s) !== i) issue(['source_order', i], `"${s}" is listed twice`);
    });
    const all = value.outcomes.flatMap((o) => o.indicators);
    const seen = new Set<string>();
    value.outcomes.forEach((o, oi) => {
      if (o.id !== oi + 1)
        issue(
          ['outcomes', oi, 'id'],
          `expected id ${oi + 1} (outcomes are numbered 1, 2, 3… in order), found ${o.id}`,
        );
      const placeholder = /\{([^}]*)\}/.exec(o.title.replaceAll('{area}', ''));
      if (placeholder)
        issue(
          ['outcomes', oi, 'title'],
          `expected text with at most the placeholder {area}, found {${placeholder[1]}}`,
        );
      o.indicators.forEach((ind, ii) => {
        const path = ['outcomes', oi, 'indicators', ii];
        if (seen.has(ind.id)) issue([...path, 'id'], `duplicate indicator id "${ind.id}"`);
        seen.add(ind.id);
        if (ind.kind === 'repeat' && all.find((x) => x.id === ind.of)?.kind !== 'count')
          issue([...path, 'of'], `expected the id of a count indicator, found "${ind.of}"`);
        if (ind.kind === 'share' && ind.outcome === 'find' && ind.source !== 'stopsearch')
          issue(
            [...path, 'source'],
            `expected "stopsearch" (only stop and search records have a find rate), found ${JSON.stringify(ind.source ?? null)}`,
          );
        if (ind.kind === 'share' && ind.source === 'stopsearch' && !['find', 'arrest'].includes(ind.outcome))
          issue(
            [...path, 'outcome'],
            `expected "find" or "arrest" for a stop and search share, found "${ind.outcome}"`,
          );
      });
    });
  });
export type Profile = z.infer<typeof Profile>;

/** Every key of the format, for "did you mean" on a misspelt one. */
const KEYS = [Profile, Outcome, Clause, ...Indicator.options]
  .flatMap((schema) => Object.keys(schema.shape))
  .concat('min', 'max');

/** A profile that cannot be used: names the file, the key and what was expected. */
export class ProfileError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    readonly reason: string,
  ) {
    super(key === undefined ? `${file}: ${reason}` : `${file}: invalid profile at ${key}: ${reason}`);
    this.name = 'ProfileError';
  }
}

/** `outcomes[2].indicators[0].polarity` from a zod issue path. */
export const keyPath = (path: PropertyKey[]): string =>
  path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(p))
          ? `${i ? '.' : ''}${String(p)}`
          : `[${JSON.stringify(String(p))}]`,
    )
    .join('') || '(top level)';

const cache = new Map<string, Profile>();

/**
 * Reads and validates a profile file (cached by absolute path). `shown` is how the file is named in errors.
 * @example loadProfile('saferboard.profile.json').outcomes[0].title
 */
export function loadProfile(path: string, shown = path): Profile {
  const abs = resolve(path);
  const hit = cache.get(abs);
  if (hit) return hit;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ProfileError(shown, undefined, `cannot read the partnership profile: ${why}`);
  }
  const parsed = parseProfile(json, shown);
  cache.set(abs, parsed);
  return parsed;
}

/** Validates a profile's JSON value; `shown` names the file in the `ProfileError`. */
export function parseProfile(json: unknown, shown: string): Profile {
  const parsed = Profile.safeParse(json);
  if (parsed.success) return parsed.data;
  const [path, reason] = explain(parsed.error.issues[0]!, json);
  throw new ProfileError(shown, keyPath(path), reason);
}

/** The key path and a plain "expected …, found …" for a zod issue, reading the value found from the file. */
function explain(issue: z.core.$ZodIssue, json: unknown): [PropertyKey[], string] {
  const at = (path: PropertyKey[]) =>
    path.reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      json,
    );
  const found = (path: PropertyKey[]) => {
    const v = at(path);
    return v === undefined ? 'nothing (the key is missing)' : JSON.stringify(v);
  };
  const either = (values: readonly unknown[]) => {
    const q = values.map((v) => JSON.stringify(v));
    return q.length > 1 ? `${q.slice(0, -1).join(', ')} or ${q.at(-1)}` : q[0]!;
  };
  const path = issue.path as PropertyKey[];
  switch (issue.code) {
    case 'invalid_value':
      return [path, `expected ${either(issue.values)}, found ${found(path)}`];
    case 'invalid_union': {
      if ('discriminator' in issue)
        return [
          path,
          `expected ${either((issue as unknown as { options: unknown[] }).options)}, found ${found(path)}`,
        ];
      // a filter is a clause or a list of clauses: explain the branch that matches the value's shape
      const value = at(path);
      const branch =
        issue.errors.find((issues) => !(issues[0]?.code === 'invalid_type' && issues[0].path.length === 0)) ??
        issue.errors[0];
      if (branch?.[0] && (Array.isArray(value) || (value !== null && typeof value === 'object')))
        return explain({ ...branch[0], path: [...path, ...branch[0].path] } as z.core.$ZodIssue, json);
      return [path, `expected a condition object or a list of them, found ${found(path)}`];
    }
    case 'invalid_type':
      return [
        path,
        `expected ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}, found ${found(path)}`,
      ];
    case 'unrecognized_keys':
      return [
        [...path, issue.keys[0]!],
        `unknown key${keyHint(issue.keys[0]!) || ' (not part of the profile format)'}`,
      ];
    case 'too_small':
      return [
        path,
        issue.origin === 'array'
          ? `expected at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}, found ${found(path)}`
          : `${issue.message}, found ${found(path)}`,
      ];
    case 'invalid_format':
      return [
        path,
        `${issue.message.replace(/^Invalid string: must match pattern .*$/, 'expected a kebab-case id')}, found ${found(path)}`,
      ];
    case 'custom':
      return [path, issue.message];
    default:
      return [path, `${issue.message}, found ${found(path)}`];
  }
}

const keyHint = (key: string) => {
  const best = nearest(key, KEYS);
  return best ? ` (did you mean "${best}"?)` : '';
};

let chosen: string | undefined;

/** Makes `path` the active profile (the CLI's `--profile`); `undefined` goes back to the environment and defaults. */
export function setProfilePath(path: string | undefined): void {
  chosen = path;
}

/**
 * Which profile is active and why: `--profile`, else `SAFERBOARD_PROFILE`, else `./saferboard.profile.json` in the
 * working directory, else the bundled Barnet profile.
 */
export function profilePath(): { path: string; origin: 'option' | 'env' | 'cwd' | 'bundled' } {
  if (chosen) return { path: chosen, origin: 'option' };
  if (process.env.SAFERBOARD_PROFILE) return { path: process.env.SAFERBOARD_PROFILE, origin: 'env' };
  if (existsSync(PROFILE_FILE)) return { path: PROFILE_FILE, origin: 'cwd' };
  return { path: BUNDLED.barnet, origin: 'bundled' };
}

/**
 * The active partnership profile, validated (throws a `ProfileError` naming the file and key).
 * @example profile().outcomes.length // 7 with the bundled Barnet profile
 */
export const profile = (): Profile => loadProfile(profilePath().path);

/** A profile's home area as a GSS code and name (from data/reference/areas.csv), or null when it names none. */
export function homeArea(p: Profile = profile()): { code: string; name: string } | null {
  return p.home_area === undefined ? null : (findArea(p.home_area) ?? null);
}

/** An outcome (or any) title with `{area}` replaced by the area's name. */
export const renderTitle = (title: string, areaName: string): string => title.replaceAll('{area}', areaName);

interface RefArea {
  code: string;
  name: string;
  borough: string;
  inner_outer: string;
  aliases: string;
}
let reference: { byAlias: Map<string, RefArea>; groups: { group: string; area: string }[] } | undefined;
const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const readCsv = <T>(name: string) =>
  Papa.parse<T>(readFileSync(referencePath(name), 'utf8'), { header: true, skipEmptyLines: true }).data;

function ref() {
  if (reference) return reference;
  const byAlias = new Map<string, RefArea>();
  for (const a of readCsv<RefArea>('areas.csv'))
    for (const s of [a.code, a.name, ...(a.aliases ?? '').split('|')])
      if (s.trim() && !byAlias.has(normalise(s))) byAlias.set(normalise(s), a);
  return (reference = { byAlias, groups: readCsv<{ group: string; area: string }>('peer-groups.csv') });
}

/**
 * A local authority, Community Safety Partnership or police force area of England and Wales outside London (issue 24),
 * from data/reference/national/ (the ONS LAD → CSP → force area lookup and forces.csv). A LAD that is exactly one CSP
 * is one area under the LAD's code (the CSP's code and name are its aliases), as the database's areas are.
 */
export interface NationalArea {
  code: string;
  name: string;
  level: 'la' | 'csp' | 'pfa';
  /** the area is a Community Safety Partnership */
  csp: boolean;
  pfa_code: string;
  pfa_name: string;
  region: string;
}
let national: Map<string, NationalArea> | undefined;

function nationalRef(): Map<string, NationalArea> {
  if (national) return national;
  national = new Map();
  if (!existsSync(referencePath('national/lookup-lad24-csp24-pfa24.csv')) || !existsSync(referencePath('national/forces.csv'))) return national;
  const rows = readCsv<Record<string, string>>('national/lookup-lad24-csp24-pfa24.csv');
  const forces = new Map(readCsv<Record<string, string>>('national/forces.csv').map((f) => [f.pfa_code!, f]));
  const cspsOfLad = (lad: string) => rows.filter((r) => r.ltla24_code === lad);
  const ladsOfCsp = (csp: string) => rows.filter((r) => r.csp24_code === csp);
  const add = (alias: string, a: NationalArea) => {
    const k = normalise(alias);
    if (k && !national!.has(k)) national!.set(k, a);
  };
  for (const r of rows) {
    const f = forces.get(r.pfa24_code!);
    const place = { pfa_code: r.pfa24_code!, pfa_name: r.pfa24_name!, region: f?.region ?? '' };
    const oneToOne = cspsOfLad(r.ltla24_code!).length === 1 && ladsOfCsp(r.csp24_code!).length === 1;
    const lad: NationalArea = { code: r.ltla24_code!, name: r.ltla24_name!, level: 'la', csp: oneToOne, ...place };
    add(lad.code, lad);
    add(lad.name, lad);
    if (oneToOne) {
      add(r.csp24_code!, lad);
      add(r.csp24_name!, lad);
    } else {
      const csp: NationalArea = { code: r.csp24_code!, name: r.csp24_name!, level: 'csp', csp: true, ...place };
      add(csp.code, csp);
      add(csp.name, csp);
    }
    const pfa: NationalArea = { code: r.pfa24_code!, name: r.pfa24_name!, level: 'pfa', csp: false, ...place };
    add(pfa.code, pfa);
    add(pfa.name, pfa);
    if (f?.force) add(f.force, pfa);
  }
  return national;
}

/** Any local authority, CSP or police force area of England and Wales by any spelling or ONS code (outside London's reference). */
export const findNationalArea = (spelling: string): NationalArea | undefined => nationalRef().get(normalise(spelling));

/** Any spelling the area reference accepts (name, GSS code or alias, any case) → the area, else undefined. */
export function findArea(spelling: string): { code: string; name: string } | undefined {
  const a = ref().byAlias.get(normalise(spelling));
  if (a) return { code: a.code, name: a.name };
  const n = findNationalArea(spelling);
  return n && { code: n.code, name: n.name };
}

/** ` (did you mean "Barnet"?)` for a misspelt area, else ''. */
export function didYouMean(spelling: string): string {
  const best = nearest(spelling, [...ref().byAlias.keys(), ...nationalRef().keys()]);
  return best ? ` (did you mean ${JSON.stringify((ref().byAlias.get(best) ?? nationalRef().get(best))!.name)}?)` : '';
}

/** The peer-group ids of data/reference/peer-groups.csv. */
export const peerGroups = (): string[] => [...new Set(ref().groups.map((g) => g.group))];

/** The first peer group listing an area (by GSS code), if any. */
export const peerGroupOf = (code: string): string | undefined =>
  ref().groups.find((g) => findArea(g.area)?.code === code)?.group;

/** A London local authority (the 32 boroughs and the City of London: GSS codes E09…), which a partnership covers. */
export const isLocalAuthority = (code: string): boolean => code.startsWith('E09');

/** The London local authorities the reference knows (32 boroughs and the City of London), by name. */
export const londonAreas = (): { code: string; name: string }[] =>
  [
    ...new Map(
      [...ref().byAlias.values()]
        .filter((a) => isLocalAuthority(a.code))
        .map((a) => [a.code, { code: a.code, name: a.name }]),
    ).values(),
  ].sort((a, b) => a.name.localeCompare(b.name));
