import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { LoadError } from '../errors.ts';
import { LOCAL_COLUMNS, type LocalColumn, type Mapping, mapHeader, readMapping, recode } from '../mapping.ts';
import { HATE_STRANDS } from '../outcomes.ts';
import { pseudonymiser, secretKey } from '../pseudonymise.ts';
import { referencePath } from '../reference.ts';
import { eachRow, readText } from '../text.ts';
import { emptyResult, type Format, type LoadContext } from './types.ts';

const REQUIRED: LocalColumn[] = ['incident_id', 'date', 'category', 'area'];

/**
 * Local incident-level extracts (police crime system, ASB case system): one row per incident, columns named as in
 * LOCAL_COLUMNS (case-insensitive, any order; `--mapping FILE.json` renames and recodes). Victim and location ids
 * are pseudonymised here, in JS, before any row reaches the database.
 */
export const local: Format = {
  id: 'local',
  detect: (header) => REQUIRED.every((c) => header.some((h) => norm(h) === c)),
  load: loadLocal,
};

interface Incident {
  incident_id: string;
  date: string;
  month: string;
  slice: string;
  area_code: string;
  raw_area: string;
  category: string;
  category_ids: string[];
  type: 'crime' | 'asb';
  ward: string | null;
  lsoa: string | null;
  victim_key: string | null;
  location_key: string | null;
  domestic_abuse: boolean;
  hate_strands: string[];
  knife: boolean;
  injury: boolean;
  victim_age: number | null;
  outcome: string | null;
  line: number;
}

async function loadLocal(ctx: LoadContext, file: string, rawHeader: string[]) {
  const mapping = mappingOf(ctx);
  const header = mapHeader(rawHeader, mapping).map(norm);
  const index = new Map<LocalColumn, number>();
  for (const c of LOCAL_COLUMNS) {
    const i = header.indexOf(c);
    if (i >= 0) index.set(c, i);
  }
  for (const c of REQUIRED)
    if (!index.has(c))
      throw new LoadError(file, 1, `missing column "${c}" (columns are matched case-insensitively; rename others with --mapping FILE.json)`);

  const categories = await categoryResolver(ctx);
  const pseudonym = pseudonymiser(secretKey(ctx.db.path));
  const byId = new Map<string, Incident>();
  const duplicates: { id: string; lines: number[] }[] = [];
  const unmapped = new Map<string, number>();
  let unknownAreas = 0;
  const rows: { fields: string[]; line: number }[] = [];
  eachRow(readText(file), (fields, line) => {
    if (line === 1) return;
    // never echo a row: it may hold a raw victim id
    if (fields.length !== rawHeader.length)
      throw new LoadError(file, line, `expected ${rawHeader.length} fields as in the header, found ${fields.length}`);
    rows.push({ fields, line });
  });
  for (const { fields, line } of rows) {
    const get = (c: LocalColumn): string => {
      const i = index.get(c);
      return i === undefined ? '' : recode(mapping, c, fields[i] ?? '').trim();
    };
    const fail = (reason: string) => new LoadError(file, line, reason);
    const incidentId = get('incident_id');
    if (!incidentId) throw fail('expected an incident_id, found an empty field');
    const date = parseDate(get('date'));
    if (!date) throw fail(`expected date as YYYY-MM-DD or DD/MM/YYYY, found "${get('date')}"`);
    const rawArea = get('area');
    if (!rawArea) throw fail('expected an area (borough name or GSS code), found an empty field');
    let area = ctx.areas.resolve(rawArea);
    if (!area) {
      if (!ctx.allowUnknownAreas) {
        const hint = ctx.areas.nearest(rawArea);
        throw fail(`unknown area "${rawArea}"${hint ? ` (did you mean "${hint}"?)` : ''}; add it to data/reference/areas.csv or pass --allow-unknown-areas`);
      }
      area = await ctx.areas.addUnknown(rawArea);
      unknownAreas++;
    }
    const rawType = get('type').toLowerCase();
    if (rawType && rawType !== 'crime' && rawType !== 'asb') throw fail(`expected type crime or asb, found "${get('type')}"`);
    const category = get('category');
    if (!category) throw fail('expected a category, found an empty field');
    let ids = categories(category);
    if (!ids) {
      ids = rawType === 'asb' ? ['asb'] : ['unmapped'];
      if (rawType !== 'asb') unmapped.set(category, (unmapped.get(category) ?? 0) + 1);
    }
    const type = (rawType || (ids.includes('asb') ? 'asb' : 'crime')) as Incident['type'];
    const flag = (c: LocalColumn) => {
      const b = parseBoolean(get(c));
      if (b === undefined) throw fail(`expected ${c} as Y/N, Yes/No, true/false or 1/0, found "${get(c)}"`);
      return b;
    };
    const strands = parseStrands(get('hate_strand'));
    if (!strands) throw fail(`expected hate_strand as one of ${HATE_STRANDS.join(', ')} or empty, found "${get('hate_strand')}"`);
    const age = get('victim_age');
    if (age && !(/^\d{1,3}$/.test(age) && Number(age) <= 130)) throw fail(`expected victim_age as whole years (0-130) or empty, found "${age}"`);
    const incident: Incident = {
      incident_id: incidentId,
      date,
      month: `${date.slice(0, 7)}-01`,
      slice: `${area}|${type}`,
      area_code: area,
      raw_area: rawArea,
      category,
      category_ids: ids,
      type,
      ward: get('ward') || null,
      lsoa: get('lsoa') || null,
      victim_key: pseudonym('victim', get('victim_id')),
      location_key: pseudonym('location', get('location_id')),
      domestic_abuse: flag('domestic_abuse'),
      hate_strands: strands,
      knife: flag('knife'),
      injury: flag('injury'),
      victim_age: age ? Number(age) : null,
      outcome: get('outcome') || null,
      line,
    };
    const before = byId.get(incidentId);
    if (before) {
      const dup = duplicates.find((d) => d.id === incidentId);
      if (dup) dup.lines.push(line);
      else duplicates.push({ id: incidentId, lines: [before.line, line] });
      byId.delete(incidentId); // re-insert so the kept row keeps file order
    }
    byId.set(incidentId, incident);
  }
  const result = emptyResult(file, 'local', 'local');
  if (byId.size === 0) return result;
  result.rows = byId.size;
  ctx.onRows?.(result.rows);
  for (const d of duplicates.slice(0, 5))
    result.warnings.push(`incident_id "${d.id}" appears on lines ${d.lines.join(', ')}: kept the later row (line ${d.lines.at(-1)})`);
  if (duplicates.length > 5) result.warnings.push(`… and ${duplicates.length - 5} more duplicate incident_ids (each kept its later row)`);
  if (unknownAreas) result.warnings.push(`${unknownAreas} rows for areas not in the reference were kept as non-borough areas`);
  result.unmapped = [...unmapped].map(([label, rows]) => ({ label, rows })).sort((a, b) => a.label.localeCompare(b.label));
  await stage(ctx, [...byId.values()]);
  // the categories the file holds (the most specific id of each label it has, or that the mapping file declares):
  // a crime slice covers a category only where these make up all of it (data/coverage.sql)
  const held = { crime: new Set<string>(), asb: new Set<string>() };
  for (const r of byId.values()) if (r.category_ids[0] !== 'unmapped') held[r.type].add(r.category_ids[0]!);
  for (const label of Object.values(mapping?.values.category ?? {})) {
    const ids = categories(label);
    if (ids?.[0]) held[ids.includes('asb') ? 'asb' : 'crime'].add(ids[0]);
  }
  const { duplicatesReplaced, ...counts } = await replaceLocal(ctx, file, [...index.keys()], held);
  Object.assign(result, counts);
  if (duplicatesReplaced)
    result.warnings.push(`${duplicatesReplaced} incident_ids were loaded before in other months: kept this file's row`);
  const stats = await ctx.db.one<{ months: string[]; areas: string[] }>(
    `SELECT list(DISTINCT strftime(month, '%Y-%m') ORDER BY strftime(month, '%Y-%m')) AS months,
            list(DISTINCT area_code ORDER BY area_code) AS areas FROM stage_local`,
  );
  result.months = stats!.months;
  result.areas = stats!.areas;
  await ctx.db.run('DROP TABLE stage_local');
  return result;
}

async function stage(ctx: LoadContext, incidents: Incident[]) {
  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE stage_local (
    incident_id VARCHAR, date VARCHAR, month VARCHAR, slice VARCHAR, area_code VARCHAR, raw_area VARCHAR, category VARCHAR,
    category_ids VARCHAR, type VARCHAR, ward VARCHAR, lsoa VARCHAR, victim_key VARCHAR, location_key VARCHAR,
    domestic_abuse BOOLEAN, hate_strands VARCHAR, knife BOOLEAN, injury BOOLEAN, victim_age INTEGER, outcome VARCHAR)`);
  const appender = await ctx.db.connection.createAppender('stage_local', 'main', 'temp');
  const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
  for (const r of incidents) {
    for (const v of [r.incident_id, r.date, r.month, r.slice, r.area_code, r.raw_area, r.category, r.category_ids.join('|'), r.type])
      text(v);
    for (const v of [r.ward, r.lsoa, r.victim_key, r.location_key]) text(v);
    appender.appendBoolean(r.domestic_abuse);
    text(r.hate_strands.join('|'));
    appender.appendBoolean(r.knife);
    appender.appendBoolean(r.injury);
    if (r.victim_age === null) appender.appendNull();
    else appender.appendInteger(r.victim_age);
    text(r.outcome);
    appender.endRow();
  }
  appender.closeSync();
  await ctx.db.run(`ALTER TABLE stage_local ALTER month TYPE DATE USING month::DATE`);
}

/**
 * Replaces, in local_incidents, every (area|type, month) slice from each slice's first to last incident month in the
 * file (a month without incidents inside that span is a true zero), and any earlier row with the same incident_id.
 */
async function replaceLocal(ctx: LoadContext, file: string, columns: string[], held: { crime: Set<string>; asb: Set<string> }) {
  const { db } = ctx;
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_slices AS
    WITH span AS (SELECT slice, min(month) AS first, max(month) AS last FROM stage_local GROUP BY slice),
    months AS (SELECT slice, unnest(generate_series(first::TIMESTAMP, last::TIMESTAMP, INTERVAL 1 MONTH))::DATE AS month FROM span)
    SELECT m.slice, m.month, count(l.incident_id) AS rows
    FROM months m LEFT JOIN stage_local l USING (slice, month) GROUP BY ALL`);
  const before = await db.one<{ replaced: number; dups: number; slices: number; total: number }>(
    `SELECT (SELECT count(*) FROM local_incidents t JOIN stage_slices s USING (slice, month))::INTEGER AS replaced,
            (SELECT count(*) FROM local_incidents t WHERE t.incident_id IN (SELECT incident_id FROM stage_local)
               AND (t.slice, t.month) NOT IN (SELECT (slice, month) FROM stage_slices))::INTEGER AS dups,
            (SELECT count(*) FROM slices x JOIN stage_slices s ON x.source = 'local' AND x.slice = s.slice AND x.month = s.month)::INTEGER AS slices,
            (SELECT count(*) FROM stage_slices)::INTEGER AS total`,
  );
  // the (area, month) cells of earlier rows with this file's incident_ids in other slices: their derived rows change
  // too, though their slices do not (data/incremental.sql)
  if (before!.dups > 0) {
    await db.run(`CREATE TEMP TABLE IF NOT EXISTS touched_local_cells (area_code VARCHAR, month DATE)`);
    await db.run(`INSERT INTO touched_local_cells SELECT DISTINCT t.area_code, t.month FROM local_incidents t
      WHERE t.incident_id IN (SELECT incident_id FROM stage_local) AND (t.slice, t.month) NOT IN (SELECT (slice, month) FROM stage_slices)`);
  }
  await db.run(`DELETE FROM local_incidents t USING stage_slices s WHERE t.slice = s.slice AND t.month = s.month`);
  // a duplicate incident_id within the source: the row loaded now wins
  await db.run(`DELETE FROM local_incidents WHERE incident_id IN (SELECT incident_id FROM stage_local)`);
  await db.run(`INSERT INTO local_incidents
    SELECT incident_id, date::DATE, month, slice, area_code, raw_area, category, string_split(category_ids, '|'), type,
           ward, lsoa, victim_key, location_key, domestic_abuse,
           CASE WHEN hate_strands = '' THEN []::VARCHAR[] ELSE string_split(hate_strands, '|') END,
           knife, injury, victim_age, outcome, ${ctx.loadId}
    FROM stage_local`);
  // the file's columns: a flag indicator (knife, domestic abuse…) is covered only where the extract had its column
  await db.run(
    `INSERT OR REPLACE INTO slices (source, slice, month, file, load_id, rows, columns, categories)
     SELECT 'local', slice, month, $file, $load_id, rows, from_json($columns, '["VARCHAR"]'),
            from_json(CASE WHEN split_part(slice, '|', 2) = 'asb' THEN $asb ELSE $crime END, '["VARCHAR"]') FROM stage_slices`,
    {
      file,
      load_id: ctx.loadId,
      columns: JSON.stringify(columns),
      crime: JSON.stringify([...held.crime].sort()),
      asb: JSON.stringify([...held.asb].sort()),
    },
  );
  return {
    replaced: before!.replaced + before!.dups,
    duplicatesReplaced: before!.dups,
    slicesReplaced: before!.slices,
    slicesAdded: before!.total - before!.slices,
  };
}

function mappingOf(ctx: LoadContext): Mapping | undefined {
  const m = ctx.options.mapping;
  if (m === undefined || m === null) return undefined;
  return typeof m === 'string' ? readMapping(m) : (m as Mapping);
}

/**
 * `YYYY-MM-DD` or `DD/MM/YYYY` (day first: 03/04/2018 is 3 April 2018), optionally followed by a time, to YYYY-MM-DD.
 * @example parseDate('03/04/2018 14:05') // '2018-04-03'
 */
export function parseDate(raw: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(raw);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[T ].*)?$/.exec(raw);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
  if (!y) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return date.toISOString().slice(0, 10);
}

const TRUE = new Set(['y', 'yes', 'true', '1']);
const FALSE = new Set(['n', 'no', 'false', '0', '']);

/** Y/N, Yes/No, true/false, 1/0 (any case); empty is false; anything else undefined. */
export function parseBoolean(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : undefined;
}

const STRANDS: Record<string, string> = {
  race: 'race', racial: 'race', racist: 'race', 'race hate': 'race',
  religion: 'religion', religious: 'religion', faith: 'religion', 'religion/faith': 'religion', 'faith hate': 'religion',
  'sexual-orientation': 'sexual-orientation', 'sexual orientation': 'sexual-orientation', homophobic: 'sexual-orientation',
  disability: 'disability', disablist: 'disability', disabled: 'disability',
  transgender: 'transgender', transphobic: 'transgender', 'transgender identity': 'transgender', trans: 'transgender',
};
const NO_STRAND = new Set(['', 'none', 'n', 'no', 'false', '0', '-']);

/** Hate strands of a field (several may be separated by ; | or ,): canonical names, [] for none, undefined if unknown. */
export function parseStrands(raw: string): string[] | undefined {
  const out = new Set<string>();
  for (const part of raw.split(/[;|,]/)) {
    const v = part.trim().toLowerCase().replace(/\s+/g, ' ');
    if (NO_STRAND.has(v)) continue;
    const s = STRANDS[v];
    if (!s) return undefined;
    out.add(s);
  }
  return [...out];
}

/**
 * Resolves a local category (a crosswalk label of any scheme, or a canonical id) to canonical ids, most specific
 * first with the groups that contain it (residential burglary -> burglary-residential, burglary, mopac7).
 */
async function categoryResolver(ctx: LoadContext) {
  const known = new Set((await ctx.db.all<{ id: string }>('SELECT id FROM category_ids')).map((r) => r.id));
  const rows = Papa.parse<{ label: string; ids: string }>(readFileSync(referencePath('categories.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data.map((r) => ({ label: norm(r.label), ids: r.ids.split('|').map((s) => s.trim()) }));
  const cache = new Map<string, string[] | undefined>();
  return (raw: string): string[] | undefined => {
    const key = norm(raw);
    if (cache.has(key)) return cache.get(key);
    let ids: string[] | undefined;
    const byLabel = rows.filter((r) => r.label === key).map((r) => r.ids);
    if (byLabel.length) ids = intersect(byLabel);
    else if (known.has(key)) {
      const chains = rows.filter((r) => r.ids.includes(key)).map((r) => r.ids.slice(r.ids.indexOf(key)));
      ids = chains.length ? intersect(chains) : [key];
    }
    cache.set(key, ids);
    return ids;
  };
}

/** The ids common to every list, in the first list's order (the first id of the first list when none is common). */
function intersect(lists: string[][]): string[] {
  const common = lists[0]!.filter((id) => lists.every((l) => l.includes(id)));
  return common.length ? common : [lists[0]![0]!];
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
