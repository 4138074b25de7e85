import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, fixture, requestJson, tempDb } from './helpers.ts';

interface Shapes {
  features: { properties: Record<string, string>; geometry: { type: string; coordinates: unknown[] } }[];
  attribution: string;
}

/** The shipped ONS LAD → CSP → force area lookup, read with papaparse (not through the database). */
const lookup = Papa.parse<Record<string, string>>(readFileSync(join(ROOT, 'data/reference/national/lookup-lad24-csp24-pfa24.csv'), 'utf8'), {
  header: true,
  skipEmptyLines: true,
}).data;

/** What the map of a force area must hold, worked out from the lookup alone: whole-district CSPs, and split districts. */
function expected(pfaName: string) {
  const rows = lookup.filter((r) => r.pfa24_name === pfaName);
  const cspsOf = new Map<string, Set<string>>();
  for (const r of rows) cspsOf.set(r.ltla24_code!, (cspsOf.get(r.ltla24_code!) ?? new Set()).add(r.csp24_code!));
  const split = [...cspsOf].filter(([, c]) => c.size > 1).map(([lad, c]) => ({ lad, csps: [...c].sort() }));
  // a CSP gets its own shape when at least one district lies wholly in it; its area code is that district's when the
  // CSP is exactly one whole district (the contract: one area, not two), else the CSP's own code
  const ladsOf = new Map<string, string[]>();
  for (const r of rows) ladsOf.set(r.csp24_code!, [...(ladsOf.get(r.csp24_code!) ?? []), r.ltla24_code!]);
  const whole = new Set(
    rows
      .filter((r) => cspsOf.get(r.ltla24_code!)!.size === 1)
      .map((r) => (ladsOf.get(r.csp24_code!)!.length === 1 ? r.ltla24_code! : r.csp24_code!)),
  );
  return { split, whole: [...whole].sort() };
}

describe('the partnerships map of a police force area (/boundaries/partnerships/:area.json)', () => {
  let db: string;
  beforeAll(() => {
    db = tempDb();
    // any load makes the reference tables; the map needs no crime data
    const r = cli(['load', fixture('national/2024-01-dyfed-powys-street.csv'), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  for (const [area, force] of [
    ['Slough', 'Thames Valley'],
    ['Poole', 'Dorset'],
    ['Gedling', 'Nottinghamshire'],
    ['Carmarthenshire', 'Dyfed-Powys'],
  ] as const)
    it(`${area}: every partnership of ${force}, a split district drawn once and named`, async () => {
      const { status, body } = await requestJson<Shapes>(db, `/boundaries/partnerships/${encodeURIComponent(area)}.json`);
      expect(status).toBe(200);
      const want = expected(force);
      const codes = body.features.filter((f) => !f.properties.split).map((f) => f.properties.code).sort();
      expect(codes).toEqual(want.whole);
      const split = body.features.filter((f) => f.properties.split).map((f) => ({ lad: f.properties.code, csps: f.properties.partnerships!.split('|').sort() }));
      expect(split.sort((a, b) => a.lad!.localeCompare(b.lad!))).toEqual(want.split.sort((a, b) => a.lad.localeCompare(b.lad)));
      for (const f of body.features) expect(f.geometry.coordinates.length).toBeGreaterThan(0);
      expect(body.attribution).toMatch(/Office for National Statistics/);
    });

  it('a partnership of several districts is one shape (South Nottinghamshire: Broxtowe, Gedling and Rushcliffe)', async () => {
    const { body } = await requestJson<Shapes>(db, '/boundaries/partnerships/Nottingham.json');
    const south = body.features.filter((f) => f.properties.name === 'South Nottinghamshire');
    expect(south).toHaveLength(1);
    expect(south[0]!.geometry.type).toBe('MultiPolygon');
    expect(body.features.some((f) => ['Broxtowe', 'Gedling', 'Rushcliffe'].includes(f.properties.name!))).toBe(false);
  });

  it('an unknown area is a 400 naming it', async () => {
    const { status, body } = await requestJson<Shapes>(db, '/boundaries/partnerships/Atlantis.json');
    expect(status).toBe(400);
    expect(body.error).toMatch(/Atlantis/);
  });
});
