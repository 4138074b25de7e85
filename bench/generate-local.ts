import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { apportion, buildLondon, ChunkWriter, cumulative, draw, monthRange, prng } from './synthetic.ts';

export const LOCAL_HEADER =
  'incident_id,date,category,area,ward,lsoa,victim_id,location_id,domestic_abuse,hate_strand,knife,injury,victim_age,outcome,type';

export interface LocalOptions {
  /** the CSV file to write */
  file: string;
  rows: number;
  months: number;
  start?: string;
  seed?: number;
}

interface Kind {
  category: string;
  weight: number;
  asb?: boolean;
  /** chance the incident belongs to a victim already seen (of the same kind, in the same area) */
  repeat: number;
  /** chance there is no victim id (a business, a shop, an anonymous caller) */
  noVictim: number;
  da?: number;
  knife?: number;
  injury?: number;
  hate?: number;
  outcomes?: 'drugs';
  seasonal?: boolean;
}

const KINDS: Kind[] = [
  { category: 'ASB - Personal', weight: 8, asb: true, repeat: 0.35, noVictim: 0.1 },
  { category: 'ASB - Nuisance', weight: 18, asb: true, repeat: 0.3, noVictim: 0.2 },
  { category: 'ASB - Environmental', weight: 5, asb: true, repeat: 0.15, noVictim: 0.45 },
  { category: 'burglary-residential', weight: 7, repeat: 0.08, noVictim: 0.03, seasonal: true },
  { category: 'burglary-business', weight: 2.5, repeat: 0.12, noVictim: 0.6, seasonal: true },
  { category: 'robbery-personal', weight: 3, repeat: 0.04, noVictim: 0.05, knife: 0.25, injury: 0.12 },
  { category: 'violence-with-injury', weight: 9, repeat: 0.2, noVictim: 0.04, da: 0.35, knife: 0.08, injury: 1, hate: 0.03 },
  { category: 'violence-without-injury', weight: 12, repeat: 0.2, noVictim: 0.04, da: 0.38, knife: 0.02, hate: 0.04 },
  { category: 'harassment', weight: 5, repeat: 0.3, noVictim: 0.05, da: 0.3, hate: 0.05 },
  { category: 'public-fear-alarm-distress', weight: 3, repeat: 0.1, noVictim: 0.2, hate: 0.12 },
  { category: 'criminal-damage', weight: 5, repeat: 0.1, noVictim: 0.3, da: 0.1, hate: 0.02 },
  { category: 'theft-from-person', weight: 4, repeat: 0.02, noVictim: 0.05 },
  { category: 'shoplifting', weight: 4, repeat: 0.5, noVictim: 0.7 },
  { category: 'theft-from-motor-vehicle', weight: 5, repeat: 0.05, noVictim: 0.05 },
  { category: 'theft-of-motor-vehicle', weight: 2.5, repeat: 0.03, noVictim: 0.05 },
  { category: 'possession-of-drugs', weight: 3, repeat: 0, noVictim: 1, outcomes: 'drugs' },
  { category: 'possession-of-blade-or-point', weight: 0.6, repeat: 0, noVictim: 1, knife: 1 },
  { category: 'rape', weight: 0.8, repeat: 0.1, noVictim: 0.02, da: 0.4 },
  { category: 'other-sexual', weight: 1.2, repeat: 0.08, noVictim: 0.02, da: 0.1 },
];
const BURGLARY_SEASON = [1.25, 1.05, 0.95, 0.85, 0.8, 0.75, 0.8, 0.85, 0.9, 1.1, 1.35, 1.4];
const STRANDS = cumulative([75, 10, 10, 3, 2]);
const STRAND_NAMES = ['race', 'religion', 'sexual-orientation', 'disability', 'transgender'];
const CRIME_OUTCOMES: [string, number][] = [
  ['No further action', 30], ['Evidential difficulties', 20], ['Victim declines to support', 15], ['Charged', 10],
  ['Caution', 4], ['Community resolution', 6], ['Penalty notice for disorder', 2], ['Taken into consideration', 1],
  ['Under investigation', 12],
];
const DRUG_OUTCOMES: [string, number][] = [
  ['Cannabis warning', 30], ['Community resolution', 25], ['Charged', 20], ['Caution', 10], ['No further action', 15],
];
const AGE_BANDS: [number, number, number][] = [[10, 17, 10], [18, 24, 18], [25, 34, 25], [35, 49, 27], [50, 64, 14], [65, 90, 6]];
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Writes a synthetic `local` incident extract (issue 4's columns) for all 33 London areas, streaming row by row:
 * pseudonymous-looking victim ids with planted repeats (domestic abuse and ASB victims most often), location ids
 * reusing the police.uk snap points, flags, ages and outcomes. The same options always write the same bytes.
 * @example generateLocal({ file: 'bench/data/local/incidents.csv', rows: 100_000, months: 36 });
 */
export function generateLocal(options: LocalOptions): { file: string; rows: number; victims: number } {
  const { file, rows, months: monthCount, start = '2016-01', seed = 1 } = options;
  const rand = prng(seed ^ 0x5eed);
  const { areas } = buildLondon(rand);
  const areaCum = cumulative(areas.map((a) => a.population * a.factor * (a.code === 'E09000001' ? 0.05 : 1)));
  const kindCum = cumulative(KINDS.map((k) => k.weight));
  const crimeOutcomes = { labels: CRIME_OUTCOMES.map((o) => o[0]), cum: cumulative(CRIME_OUTCOMES.map((o) => o[1])) };
  const drugOutcomes = { labels: DRUG_OUTCOMES.map((o) => o[0]), cum: cumulative(DRUG_OUTCOMES.map((o) => o[1])) };
  const ageCum = cumulative(AGE_BANDS.map((b) => b[2]));
  const names = new Map([...areas.map((a) => [a.code, a.lsoas[0]!.name.replace(/\s+\d{3}[A-Z]$/, '')] as const)]);
  const months = monthRange(start, monthCount);
  const perMonth = apportion(rows, months.map((m) => 1 + 0.15 * (BURGLARY_SEASON[Number(m.slice(5)) - 1]! - 1)));
  // recent victims of each kind in each area: a repeat picks one of them
  const pools = new Map<string, string[]>();
  let victims = 0;
  let incident = 0;
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const w = new ChunkWriter((chunk) => writeSync(fd, chunk));
  w.push(LOCAL_HEADER + '\n');
  const yn = (p: number | undefined) => (p !== undefined && rand() < p ? 'Y' : 'N');
  months.forEach((month, mi) => {
    const moy = Number(month.slice(5)) - 1;
    const days = DAYS[moy]! + (moy === 1 && Number(month.slice(0, 4)) % 4 === 0 ? 1 : 0);
    for (let i = 0; i < perMonth[mi]!; i++) {
      let kind = KINDS[draw(kindCum, rand)]!;
      if (kind.seasonal && rand() > BURGLARY_SEASON[moy]! / 1.4) kind = KINDS[draw(kindCum, rand)]!;
      const area = areas[draw(areaCum, rand)]!;
      const li = draw(area.lsoaCum, rand);
      const lsoa = area.lsoas[li]!;
      const snap = draw(lsoa.snapCum, rand);
      const da = kind.da !== undefined && rand() < kind.da;
      let victim = '';
      if (rand() >= kind.noVictim) {
        const key = `${area.code}|${da ? 'da' : kind.category}`;
        const pool = pools.get(key) ?? [];
        if (pool.length && rand() < (da ? 0.4 : kind.repeat)) {
          victim = pool[pool.length - 1 - Math.floor(rand() * Math.min(pool.length, 150))]!;
        } else {
          victim = `V${String(++victims).padStart(8, '0')}`;
          pool.push(victim);
          if (pool.length > 600) pool.splice(0, 300);
          pools.set(key, pool);
        }
      }
      const strand = kind.hate !== undefined && rand() < kind.hate ? STRAND_NAMES[draw(STRANDS, rand)]! : '';
      let age = '';
      if (victim && !kind.asb && rand() < 0.9) {
        const [lo, hi] = AGE_BANDS[draw(ageCum, rand)]!;
        age = String(lo + Math.floor(rand() * (hi - lo + 1)));
      }
      const outcomes = kind.outcomes === 'drugs' ? drugOutcomes : crimeOutcomes;
      const outcome = kind.asb ? '' : outcomes.labels[draw(outcomes.cum, rand)]!;
      const day = String(1 + Math.floor(rand() * days)).padStart(2, '0');
      const id = `${kind.asb ? 'ASB' : 'CR'}${String(++incident).padStart(9, '0')}`;
      const areaField = rand() < 0.1 ? area.code : names.get(area.code)!;
      const location = rand() < 0.03 ? '' : `P${lsoa.code.slice(3)}-${String(snap).padStart(2, '0')}`;
      w.push(
        `${id},${month}-${day},${kind.category},${areaField},${names.get(area.code)} Ward ${(li % 20) + 1},${lsoa.code},` +
          `${victim},${location},${da ? 'Y' : 'N'},${strand},${yn(kind.knife)},${yn(kind.injury)},${age},${outcome},` +
          `${kind.asb ? 'asb' : 'crime'}\n`,
      );
    }
  });
  w.flush();
  closeSync(fd);
  return { file, rows, victims };
}
