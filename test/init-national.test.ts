/**
 * `saferboard init --area` for a partnership outside London (issue 24): any LA, CSP or police force area by any
 * spelling or ONS code gives a police.uk profile compared with its force area; its board answers with no error and
 * no zero for a gap (on the national comparison fixture, test/fixtures/national-compare/).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allIndicators } from '../data/outcomes.ts';
import { homeArea, loadProfile, setProfilePath } from '../data/profile.ts';
import type { Ranks } from '../core/types.ts';
import { ROOT, cli, nationalDb, readCsv, requestJson } from './helpers.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'saferboard-init-national-'));
/** The canonical ids police.uk street files can fill (data/reference/categories.csv), read as a plain CSV. */
const POLICEUK_IDS = new Set(
  readCsv(join(ROOT, 'data/reference/categories.csv'))
    .filter((r) => r.scheme === 'policeuk')
    .flatMap((r) => r.ids!.split('|')),
);

describe('saferboard init --area outside London', () => {
  it('a split-LAD CSP (Aylesbury Vale): a police.uk profile, Thames Valley as comparator, no London-only outcome', () => {
    const out = join(dir(), 'p.json');
    const r = cli(['init', '--area', 'aylesbury vale', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const p = loadProfile(out);
    expect(homeArea(p)).toEqual({ code: 'E22000303', name: 'Aylesbury Vale' });
    expect(p.name).toBe('Aylesbury Vale Community Safety Partnership');
    expect(p.comparator).toBe('Thames Valley');
    expect(p.peer_group).toBeUndefined();
    expect(p.source_order[0]).toBe('policeuk');
    const inds = allIndicators(p);
    expect(inds.map((i) => i.id)).toContain('asb');
    // every indicator is one police.uk can fill: a category of its files, nothing from MPS or a local extract
    for (const i of inds) {
      expect(['count', 'share']).toContain(i.kind);
      if (i.kind === 'count' || i.kind === 'share') for (const c of [i.filter].flat().flatMap((f) => f.categories ?? [])) expect(POLICEUK_IDS.has(c), c).toBe(true);
    }
    expect(readFileSync(out, 'utf8')).not.toMatch(/mopac|knife|domestic|hate/i);
  });

  it('any spelling or ONS code: a one-LAD CSP by its CSP code, a force area by its force name', () => {
    const a = join(dir(), 'a.json');
    expect(cli(['init', '--area', 'E22000286', '--out', a]).code).toBe(0);
    expect(homeArea(loadProfile(a))).toEqual({ code: 'E07000214', name: 'Surrey Heath' });
    expect(loadProfile(a).comparator).toBe('Surrey');
    const b = join(dir(), 'b.json');
    expect(cli(['init', '--area', 'Thames Valley Police', '--out', b]).code).toBe(0);
    expect(homeArea(loadProfile(b))).toEqual({ code: 'E23000029', name: 'Thames Valley' });
    const bad = cli(['init', '--area', 'Aylesbury Vail', '--out', join(dir(), 'c.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('(did you mean "Aylesbury Vale"?)');
  });

  it('a London borough gives exactly the profile it gave before (peer group, no comparator)', () => {
    const out = join(dir(), 'camden.json');
    expect(cli(['init', '--area', 'Camden', '--from', 'london', '--out', out]).code).toBe(0);
    const p = loadProfile(out);
    expect(p.comparator).toBeUndefined();
    expect(p.peer_group).toBeDefined();
  });
});

describe("the board of a partnership outside London (Surrey Heath's profile on the fixture)", () => {
  let db: string;
  beforeAll(async () => {
    db = await nationalDb();
    const out = join(dir(), 'surrey-heath.json');
    expect(cli(['init', '--area', 'Surrey Heath', '--out', out]).code).toBe(0);
    setProfilePath(out);
  }, 120_000);
  afterAll(() => setProfilePath(undefined));

  it('/api/outcomes answers, each figure from police.uk, a gap never a zero', async () => {
    for (const area of ['Surrey Heath', 'Guildford']) {
      const { status, body } = await requestJson<{ outcomes: { title: string; indicators: { id: string; current: number | null; state: string; months_covered: number }[] }[] }>(
        db,
        `/api/outcomes?area=${encodeURIComponent(area)}&to=2024-01`,
      );
      expect(status, body.error).toBe(200);
      expect(body.outcomes[0]!.title).toBe(`Fewer neighbourhood crimes in ${area}: burglary, robbery, vehicle crime and theft`);
      const burglary = body.outcomes[0]!.indicators.find((i) => i.id === 'burglary')!;
      // by hand from the fixture: Surrey Heath has all 12 months; Guildford has no 2023-06, so its window is a gap in part
      const hand = readCsv(join(ROOT, 'test/fixtures/national-compare/counts.csv')).filter((r) => r.category_id === 'burglary' && r.code === (area === 'Guildford' ? 'E07000209' : 'E07000214'));
      expect(burglary.months_covered).toBe(hand.length);
      if (area === 'Surrey Heath') expect(burglary.current).toBe(hand.reduce((s, r) => s + Number(r.count), 0));
      else expect(burglary.state).not.toBe('number');
      expect(JSON.stringify(body)).not.toMatch(/London/);
    }
  });

  it('/api/ranks?area= ranks among the force area, as the profile says', async () => {
    const { status, body } = await requestJson<Ranks>(db, '/api/ranks?source=policeuk&category=asb&to=2024-01&area=Surrey%20Heath');
    expect(status, body.error).toBe(200);
    expect(body.comparator?.name).toBe('Surrey');
  });
});
