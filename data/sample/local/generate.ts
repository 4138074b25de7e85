/**
 * Writes the SYNTHETIC local sample extract data/sample/local/barnet-local-2017-2018.csv.gz: one row per incident
 * for Barnet, January 2017 to December 2018. Crime rows reproduce the bundled MPS sample's monthly counts for
 * Barnet exactly (so local and MPS agree); victims, places, flags, ages and outcomes are invented, with repeat
 * victims planted at plausible rates; ASB rows are invented too. Deterministic: the same file on every run.
 * Run: npx tsx data/sample/local/generate.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';

const here = new URL('./', import.meta.url);
let seed = 20170101;
const r = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (p: number) => r() < p;

const WARDS = ['Burnt Oak', 'Colindale', 'Hendon', 'West Hendon', 'Golders Green', 'Childs Hill', 'East Finchley', 'Finchley Church End', 'West Finchley', 'Woodhouse', 'Coppetts', 'Brunswick Park', 'East Barnet', 'Oakleigh', 'Underhill', 'High Barnet', 'Totteridge', 'Mill Hill', 'Edgware', 'Hale', 'Garden Suburb'];
const STRANDS = ['race', 'race', 'race', 'race', 'race', 'race', 'race', 'religion', 'religion', 'sexual-orientation', 'disability', 'transgender'];
const NO_SUSPECT = 'Investigation complete; no suspect identified';

interface Profile {
  da?: number;
  hate?: number;
  knife?: number;
  injury?: boolean;
  young?: number;
  repeat?: number;
  business?: boolean;
  solved?: number;
}
const PROFILES: Record<string, Profile> = {
  'Burglary - Residential': { repeat: 0.06, solved: 0.04 },
  'Burglary - Business and Community': { business: true, solved: 0.05 },
  'Assault with Injury': { da: 0.38, hate: 0.02, knife: 0.04, injury: true, young: 0.14, repeat: 0.05, solved: 0.2 },
  'Wounding/GBH': { da: 0.2, hate: 0.01, knife: 0.25, injury: true, young: 0.2, solved: 0.22 },
  Murder: { knife: 0.5, injury: true, young: 0.2, solved: 0.8 },
  'Common Assault': { da: 0.3, hate: 0.03, young: 0.12, repeat: 0.05, solved: 0.12 },
  Harassment: { da: 0.28, hate: 0.04, repeat: 0.08, solved: 0.08 },
  'Other Violence': { da: 0.1, solved: 0.15 },
  'Offensive Weapon': { knife: 0.6, young: 0.3, solved: 0.7 },
  'Personal Property': { hate: 0.01, knife: 0.2, young: 0.42, solved: 0.08 },
  Rape: { da: 0.4, solved: 0.06 },
  'Other Sexual': { da: 0.1, young: 0.3, solved: 0.1 },
  'Criminal Damage To a Dwelling': { da: 0.15, hate: 0.02, repeat: 0.05, solved: 0.04 },
  'Theft From Shops': { business: true, solved: 0.25 },
  'Business Property': { business: true, knife: 0.1, solved: 0.1 },
};

const mps = Papa.parse<Record<string, string>>(readFileSync(new URL('../mps-borough-2017-2018.csv', here), 'utf8'), {
  header: true,
  skipEmptyLines: true,
}).data.filter((x) => x.Borough === 'Barnet');
const months = Object.keys(mps[0]!).filter((k) => /^\d{6}$/.test(k));

const rows: string[][] = [];
let victims = 0;
let places = 0;
const recent = new Map<string, { v: string; place: string; day: number }[]>(); // per DA/category pool, for repeats
const dayOf = (ym: string) => {
  const [y, m] = [Number(ym.slice(0, 4)), Number(ym.slice(4))];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = 1 + Math.floor(r() * days);
  return { iso: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, day: Date.UTC(y, m - 1, d) / 86_400_000 };
};
const victimFor = (pool: string, rate: number, day: number) => {
  const list = recent.get(pool) ?? [];
  const earlier = list.filter((x) => day - x.day < 330);
  if (earlier.length && chance(rate)) return pick(earlier);
  const fresh = { v: `P${String(++victims).padStart(6, '0')}`, place: `A${String(++places).padStart(6, '0')}`, day };
  list.push(fresh);
  if (list.length > 400) list.shift();
  recent.set(pool, list);
  return fresh;
};

// Each place id lies in one of Barnet's 2021 LSOAs (a hash of the id, so a repeat place keeps its LSOA), skewed so a
// few LSOAs are hotspots; about 2% of places have no LSOA recorded. Independent of r(), so the other columns are
// unchanged by it.
const LSOAS = Papa.parse<Record<string, string>>(readFileSync(new URL('../../reference/lsoas.csv', here), 'utf8'), {
  header: true,
  skipEmptyLines: true,
})
  .data.filter((x) => x.area_code === 'E09000003')
  .map((x) => x.lsoa_code!)
  .sort((a, b) => hash(`order${a}`) - hash(`order${b}`));
const WEIGHTS = LSOAS.map((_, i) => 1 / (1 + i / 12));
const TOTAL = WEIGHTS.reduce((a, b) => a + b, 0);
function hash(s: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}
function lsoaOf(place: string) {
  if (hash(`none${place}`) < 0.02) return '';
  let u = hash(place) * TOTAL;
  for (let i = 0; i < LSOAS.length; i++) if ((u -= WEIGHTS[i]!) < 0) return LSOAS[i]!;
  return LSOAS.at(-1)!;
}

let n = 0;
for (const m of months) {
  const yy = m.slice(2, 4);
  for (const row of mps) {
    const label = row['Minor Category']!;
    const p = PROFILES[label] ?? { solved: 0.1, business: /Shops|Business/.test(label) };
    for (let i = 0; i < Number(row[m]); i++) {
      const { iso, day } = dayOf(m);
      const da = chance(p.da ?? 0);
      const hate = !da && chance(p.hate ?? 0);
      const who = p.business ? null : victimFor(da ? 'da' : hate ? 'hate' : label, da ? 0.32 : hate ? 0.12 : (p.repeat ?? 0.01), day);
      const young = chance(p.young ?? 0);
      const age = p.business ? '' : String(young ? 11 + Math.floor(r() * 9) : da ? 20 + Math.floor(r() * 40) : 20 + Math.floor(r() * 60));
      const solved = chance(da ? (p.solved ?? 0.1) * 1.3 : (p.solved ?? 0.1));
      rows.push([
        `CR${yy}${String(++n).padStart(6, '0')}`,
        iso,
        label,
        chance(0.5) ? 'Barnet' : 'E09000003',
        pick(WARDS),
        who?.v ?? '',
        who?.place ?? `B${String(Math.floor(r() * 900)).padStart(4, '0')}`,
        da ? 'Y' : 'N',
        hate ? pick(STRANDS) : '',
        chance(p.knife ?? 0) ? 'Y' : 'N',
        p.injury ? 'Y' : 'N',
        age,
        solved ? pick(['Charged', 'Charged', 'Caution', 'Summonsed']) : pick([NO_SUSPECT, NO_SUSPECT, 'Evidential difficulties', 'Victim declines to support']),
        'crime',
      ]);
    }
  }
  // ASB: about 260 incidents a month, more in summer, a little down in 2018; a third of callers call again within the year
  const asb = Math.round((m < '2018' ? 270 : 252) * (1 + 0.25 * Math.sin(((Number(m.slice(4)) - 4) / 12) * 2 * Math.PI)));
  for (let i = 0; i < asb; i++) {
    const { iso, day } = dayOf(m);
    const caller = chance(0.12) ? null : victimFor('asb', 0.35, day);
    rows.push([
      `ASB${yy}${String(++n).padStart(6, '0')}`,
      iso,
      pick(['ASB - Personal', 'ASB - Nuisance', 'ASB - Nuisance', 'ASB - Nuisance', 'ASB - Environmental']),
      'Barnet',
      pick(WARDS),
      caller?.v ?? '',
      `H${String(Math.floor(r() * 600)).padStart(4, '0')}`,
      'N',
      '',
      'N',
      'N',
      '',
      '',
      'asb',
    ]);
  }
}

// the lsoa column (after ward) from each row's place id
for (const row of rows) row.splice(5, 0, lsoaOf(row[6]!));
const header = ['incident_id', 'date', 'category', 'area', 'ward', 'lsoa', 'victim_id', 'location_id', 'domestic_abuse', 'hate_strand', 'knife', 'injury', 'victim_age', 'outcome', 'type'];
const csv = Papa.unparse({ fields: header, data: rows }, { newline: '\n' }) + '\n';
writeFileSync(new URL('barnet-local-2017-2018.csv.gz', here), gzipSync(csv, { level: 9, mtime: 0 } as never));
console.error(`wrote ${rows.length} incidents`);
