import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { allIndicators, outcomes } from '../data/outcomes.ts';
import { BUNDLED, homeArea, loadProfile, profile, profilePath, setProfilePath } from '../data/profile.ts';
import { ROOT, SAMPLE, cli, readCsv, tempDb } from './helpers.ts';

// Expected values come from the bundled JSON files and the area reference, read here directly.
const raw = (name: 'barnet' | 'london') =>
  JSON.parse(readFileSync(join(ROOT, `data/profiles/${name}.json`), 'utf8'));
const AREAS = readCsv(join(ROOT, 'data/reference/areas.csv'));
const code = (name: string) => AREAS.find((a) => a.name === name)!.code;
const dir = () => mkdtempSync(join(tmpdir(), 'saferboard-profile-'));
const write = (file: string, value: unknown) => (writeFileSync(file, JSON.stringify(value, null, 2)), file);

afterEach(() => {
  setProfilePath(undefined);
  delete process.env.SAFERBOARD_PROFILE;
});

describe('the bundled profiles', () => {
  it('Barnet (the default): the seven outcomes of the 2018 refresh, its name, home area and pack title', () => {
    const p = loadProfile(BUNDLED.barnet);
    expect(p.outcomes.map((o) => o.title)).toEqual(
      raw('barnet').outcomes.map((o: { title: string }) => o.title),
    );
    expect(p.outcomes).toHaveLength(7);
    expect(p.name).toBe('Barnet Safer Communities Partnership');
    expect(p.title).toBe('Barnet Safer Communities Partnership Board: Performance update');
    expect(homeArea(p)).toEqual({ code: code('Barnet'), name: 'Barnet' });
    expect(p.source_order).toEqual(['local', 'mpsdash', 'mps', 'policeuk']);
    expect(profilePath().origin).toBe('bundled');
    expect(profile()).toBe(p);
  });

  it('London: MOPAC7, ASB, domestic abuse, hate crime, knife crime and serious youth violence, in no borough’s words', () => {
    const p = loadProfile(BUNDLED.london);
    expect(p.outcomes).toHaveLength(6);
    const titles = p.outcomes.map((o) => o.title).join(' | ');
    for (const word of [
      'MOPAC7',
      'anti-social behaviour',
      'domestic abuse',
      'hate crime',
      'knife crime',
      'serious youth violence',
    ])
      expect(titles.toLowerCase()).toContain(word.toLowerCase());
    for (const a of AREAS) expect(titles, a.name).not.toContain(a.name);
    expect(p.outcomes.every((o) => o.title.includes('{area}'))).toBe(true);
    expect(homeArea(p)).toBeNull();
    const byId = Object.fromEntries(allIndicators(p).map((i) => [i.id, i]));
    expect(byId['weapon-search-find-rate']).toMatchObject({
      kind: 'share',
      source: 'stopsearch',
      filter: { categories: ['stop-search-weapons'] },
      outcome: 'find',
      polarity: 'higher-is-better',
      label: 'Weapon searches: find rate',
    });
    expect(byId['stop-search-weapons']).toMatchObject({
      kind: 'count',
      filter: { categories: ['stop-search-weapons'] },
    });
    expect(byId['burglary-positive-outcome']).toMatchObject({
      kind: 'share',
      source: 'policeuk',
      filter: { categories: ['burglary'] },
      outcome: 'positive_outcome',
      label: 'Burglary: positive outcome rate',
    });
    // the knife-crime outcome holds the weapon searches; the high-volume one the burglary outcome rate
    const holder = (id: string) => p.outcomes.find((o) => o.indicators.some((i) => i.id === id))!.title;
    expect(holder('weapon-search-find-rate')).toMatch(/knife crime/i);
    expect(holder('burglary-positive-outcome')).toMatch(/high-volume/i);
  });
});

describe('a bad profile names the file, the key and what was expected', () => {
  const broken = (change: (p: any) => void) => {
    const p = raw('barnet');
    change(p);
    return write(join(dir(), 'saferboard.profile.json'), p);
  };

  it.each([
    [
      'polarity',
      (p: any) => (p.outcomes[2].indicators[0].polarity = 'down'),
      'outcomes[2].indicators[0].polarity: expected "lower-is-better" or "higher-is-better", found "down"',
    ],
    [
      'kind',
      (p: any) => (p.outcomes[0].indicators[0].kind = 'counter'),
      'outcomes[0].indicators[0].kind: expected "count", "repeat", "share" or "manual", found "counter"',
    ],
    [
      'share outcome',
      (p: any) => (p.outcomes[2].indicators[2].outcome = 'detected'),
      'outcomes[2].indicators[2].outcome: expected "sanction_detection", "positive_outcome", "charged", "arrest" or "find", found "detected"',
    ],
    [
      'home area',
      (p: any) => (p.home_area = 'Barnett'),
      'home_area: unknown area "Barnett" (did you mean "Barnet"?)',
    ],
    [
      'peer group',
      (p: any) => (p.peer_group = 'msg-7'),
      'peer_group: expected a peer group of data/reference/peer-groups.csv ("outer-london" or "inner-london"), found "msg-7"',
    ],
    [
      'missing title',
      (p: any) => delete p.title,
      'title: expected a string, found nothing (the key is missing)',
    ],
    ['no outcome', (p: any) => (p.outcomes = []), 'outcomes: expected at least 1 item, found []'],
    [
      'misspelt key',
      (p: any) => (p.outcomes[3].indicators[0].filter[0].victim_ages = {}),
      'outcomes[3].indicators[0].filter[0].victim_ages: unknown key (did you mean "victim_age"?)',
    ],
    [
      'source order',
      (p: any) => (p.source_order = ['local', 'met']),
      'source_order[1]: expected "mps", "policeuk", "local", "stopsearch" or "mpsdash", found "met"',
    ],
    [
      'find rate off stop and search',
      (p: any) => (p.outcomes[2].indicators[2].outcome = 'find'),
      'outcomes[2].indicators[2].source: expected "stopsearch"',
    ],
  ])('%s', (_name, change, message) => {
    const file = broken(change);
    expect(() => loadProfile(file, 'saferboard.profile.json')).toThrow(
      `saferboard.profile.json: invalid profile at ${message}`,
    );
  });

  it('any number of outcomes (one is enough), numbered from 1', () => {
    const one = broken((p) => (p.outcomes = p.outcomes.slice(5, 6)));
    expect(() => loadProfile(one)).toThrow('invalid profile at outcomes[0].id: expected id 1');
    const fixed = broken((p) => (p.outcomes = [{ ...p.outcomes[5], id: 1 }]));
    expect(loadProfile(fixed).outcomes.map((o) => o.indicators.length)).toEqual([
      raw('barnet').outcomes[5].indicators.length,
    ]);
  });

  it('the command line stops with exit code 2, naming the file and the key, whichever way the profile is chosen', () => {
    const file = broken((p) => (p.outcomes[2].indicators[0].polarity = 'down'));
    const expected = `${file}: invalid profile at outcomes[2].indicators[0].polarity: expected "lower-is-better" or "higher-is-better", found "down"`;
    for (const [args, env] of [
      [['--profile', file], {}],
      [[], { SAFERBOARD_PROFILE: file }],
    ] as const) {
      const r = cli(['query', 'rolling', '--db', join(dir(), 'none.duckdb'), ...args], env);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(expected);
      expect(r.stderr).toContain('nothing was done');
    }
    // ./saferboard.profile.json in the working directory
    const cwd = join(file, '..');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/saferboard.js'), 'serve', '--db', join(cwd, 'none.duckdb')],
      { cwd, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      'saferboard.profile.json: invalid profile at outcomes[2].indicators[0].polarity',
    );
  });
});

describe('which profile is active', () => {
  it('--profile (setProfilePath), else SAFERBOARD_PROFILE, else the bundled Barnet profile', () => {
    const a = write(join(dir(), 'a.json'), { ...raw('london'), name: 'A', home_area: 'Camden' });
    const b = write(join(dir(), 'b.json'), { ...raw('london'), name: 'B', home_area: 'E09000001' });
    expect(profile().name).toBe(raw('barnet').name);
    process.env.SAFERBOARD_PROFILE = b;
    expect([profile().name, profilePath().origin]).toEqual(['B', 'env']);
    setProfilePath(a);
    expect([profile().name, profilePath().origin]).toEqual(['A', 'option']);
    expect(outcomes().name).toBe('A'); // the existing functions read the active profile
    expect(homeArea()).toEqual({ code: code('Camden'), name: 'Camden' });
    setProfilePath(undefined);
    expect(homeArea()).toEqual({ code: 'E09000001', name: 'City of London' });
  });

  it('--profile beats ./saferboard.profile.json, which beats the bundled profile (the real command line)', () => {
    const cwd = dir();
    // a broken file in the working directory is read (exit 2) unless --profile names another
    write(join(cwd, 'saferboard.profile.json'), { ...raw('barnet'), home_area: 'Nowhere' });
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin/saferboard.js'), 'query', 'nope', ...args], {
        cwd,
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(run().stderr).toContain(
      'saferboard.profile.json: invalid profile at home_area: unknown area "Nowhere"',
    );
    const ok = run('--profile', BUNDLED.london);
    expect(ok.stderr).toContain('unknown indicator "nope"'); // got past the profile check
  });
});

describe('saferboard init', () => {
  it('writes a valid profile for the area from a bundled profile, which the loader accepts', () => {
    const out = join(dir(), 'saferboard.profile.json');
    const r = cli(['init', '--area', 'London Borough of Camden', '--from', 'london', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);
    const p = loadProfile(out);
    expect(homeArea(p)).toEqual({ code: code('Camden'), name: 'Camden' });
    expect(p.name).toBe('Camden Community Safety Partnership');
    expect(p.title).toBe('Camden Community Safety Partnership: Performance update');
    expect(p.peer_group).toBe(
      readCsv(join(ROOT, 'data/reference/peer-groups.csv')).find((g) => g.area === 'Camden')!.group,
    );
    const london = raw('london');
    expect(p.outcomes.map((o) => o.title)).toEqual(london.outcomes.map((o: { title: string }) => o.title));
    expect(allIndicators(p).map((i) => i.id)).toEqual(
      london.outcomes.flatMap((o: { indicators: { id: string }[] }) => o.indicators.map((i) => i.id)),
    );
  });

  it('from Barnet for another area: Barnet’s outcomes, the new name and title, and none of Barnet’s targets', () => {
    const out = join(dir(), 'p.json');
    expect(cli(['init', '--area', 'e09000001', '--out', out]).code).toBe(0);
    const p = loadProfile(out);
    expect([p.name, p.title, p.home_area]).toEqual([
      'City of London Safer Communities Partnership',
      'City of London Safer Communities Partnership Board: Performance update',
      'City of London',
    ]);
    expect(p.outcomes).toHaveLength(7);
    expect(allIndicators(raw('barnet')).some((i) => i.target !== undefined)).toBe(true);
    expect(allIndicators(p).filter((i) => i.target !== undefined)).toEqual([]);
    expect(p.peer_group).toBeUndefined(); // the City is in no peer group of the reference
  });

  it('refuses an unknown area (naming it, with a did-you-mean) and an existing file unless --force', () => {
    const out = join(dir(), 'saferboard.profile.json');
    const bad = cli(['init', '--area', 'Camdn', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown area: "Camdn" (did you mean "Camden"?)');
    expect(existsSync(out)).toBe(false);
    const heathrow = cli(['init', '--area', 'Heathrow', '--out', out]);
    expect([heathrow.code, heathrow.stderr]).toEqual([
      2,
      expect.stringContaining('is not a London local authority'),
    ]);
    expect(cli(['init', '--area', 'Barnet', '--out', out]).code).toBe(0);
    const before = readFileSync(out, 'utf8');
    const again = cli(['init', '--area', 'Camden', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${out} already exists: not replaced (use --force to replace it)`);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(cli(['init', '--area', 'Camden', '--out', out, '--force']).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).home_area).toBe('Camden');
  });
});

describe('the profile in the API (bundled sample)', () => {
  let db: Database;
  let camden: string;
  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([SAMPLE], { db: path });
    db = await Database.open(path, { readOnly: true });
    camden = join(dir(), 'camden.json');
    expect(cli(['init', '--area', 'Camden', '--from', 'london', '--out', camden]).code).toBe(0);
  }, 180_000);
  afterAll(() => db?.close());

  it('/api/outcomes renders {area} in the titles with the name of the area asked for', async () => {
    setProfilePath(camden);
    const templates: string[] = raw('london').outcomes.map((o: { title: string }) => o.title);
    for (const [asked, name] of [
      ['Camden', 'Camden'],
      ['E09000003', 'Barnet'],
      ['city of london', 'City of London'],
    ]) {
      const res = await createApp(db).request(`/api/outcomes?area=${encodeURIComponent(asked!)}&to=2018-12`);
      expect(res.status).toBe(200);
      const body = await res.json();
      // by hand: "Less knife crime in {area}" → "Less knife crime in Camden"
      expect(body.outcomes.map((o: { title: string }) => o.title)).toEqual(
        templates.map((t) => t.split('{area}').join(name)),
      );
      expect(JSON.stringify(body.outcomes.map((o: { title: string }) => o.title))).not.toContain('{');
    }
    const knife = (await (await createApp(db).request('/api/outcomes?area=Camden&to=2018-12')).json())
      .outcomes[4].title;
    expect(knife).toBe('Less knife crime in Camden');
  });

  it('/api/meta carries the profile (name, title, home area) and every spelling of an area', async () => {
    setProfilePath(camden);
    const body = await (await createApp(db).request('/api/meta')).json();
    expect(body.profile).toEqual({
      name: 'Camden Community Safety Partnership',
      title: 'Camden Community Safety Partnership: Performance update',
      home_area: { code: code('Camden'), name: 'Camden' },
    });
    for (const a of AREAS)
      for (const s of [a.code, a.name, ...(a.aliases ? a.aliases.split('|') : [])])
        expect(body.aliases[s.toLowerCase()], s).toBe(a.code);
    setProfilePath(undefined);
    const barnet = await (await createApp(db).request('/api/meta')).json();
    expect(barnet.profile).toEqual({
      name: raw('barnet').name,
      title: raw('barnet').title,
      home_area: { code: code('Barnet'), name: 'Barnet' },
    });
  });
});
