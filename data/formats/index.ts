import { LoadError } from '../errors.ts';
import { indicators } from './indicators.ts';
import { local } from './local.ts';
import { mps } from './mps.ts';
import { mpsdash } from './mpsdash.ts';
import { mpsward } from './mpsward.ts';
import { policeuk } from './policeuk.ts';
import { policeukOutcomes } from './policeuk-outcomes.ts';
import { stopsearch } from './stopsearch.ts';
import { population } from './population.ts';
import { FORMAT_IDS } from './ids.ts';
import type { Format } from './types.ts';

/** Every input format, in detection order. */
export const FORMATS: Format[] = [mpsward, mps, mpsdash, policeuk, policeukOutcomes, stopsearch, population, local, indicators];

export const formatIds = (): string[] => FORMATS.map((f) => f.id);
if (formatIds().join() !== FORMAT_IDS.join())
  throw new Error(`data/formats/ids.ts lists ${FORMAT_IDS.join(', ')} but the formats are ${formatIds().join(', ')}: make them the same`);

/** The format of a file from its header, or the forced one. */
export function detectFormat(file: string, header: string[], forced = 'auto'): Format {
  if (forced !== 'auto') {
    const format = FORMATS.find((f) => f.id === forced);
    if (!format) throw new LoadError(file, undefined, `unknown format "${forced}" (expected auto, ${formatIds().join(', ')})`);
    return format;
  }
  const format = FORMATS.find((f) => f.detect(header));
  if (!format)
    throw new LoadError(
      file,
      1,
      `unrecognised format: header "${header.slice(0, 6).join(',')}${header.length > 6 ? ',…' : ''}" ` +
        `(expected an MPS borough file (Borough, Major Category, Minor Category, YYYYMM…), an MPS ward file (MajorText, MinorText, WardName, WardCode, LookUp_BoroughName, YYYYMM…), an MPS Monthly Crime Dashboard file (Month_Year, Area Type, Borough_SNT, …, Crime Type, Crime Subtype, Measure, Count, Refresh Date), a data.police.uk ` +
        `street-level file (Crime ID, Month, Reported by, …, Crime type, …), outcomes file (Crime ID, Month, …, ` +
        `Outcome type) or stop-and-search file (Type, Date, …, Object of search, Outcome, …), a population file (code,name,year,population), a local ` +
        `incident extract (incident_id,date,category,area,…; other column names need --mapping FILE.json) or manual ` +
        `indicator values (indicator_id,area,period_end,value))`,
    );
  return format;
}
