import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { publicRepeat, ruleText, type PublicEnv } from '../disclosure/index.ts';
import { InputError } from '../errors.ts';
import { INCIDENT_SOURCES } from '../../core/sources.ts';
import { lookups } from '../lookups.ts';
import { checkMonths, month, name, query, resolveArea, resolveSource } from '../params.ts';
import { repeatFigures, resolveRepeatIndicator } from '../repeat.ts';

const UNITS = ['victim', 'location'] as const;
const schema = z.object({
  source: z.string().optional(),
  area: name('area'),
  indicator: name('indicator'),
  to: month.optional(),
  unit: z.enum(UNITS, { error: (i) => `unknown unit: ${JSON.stringify(i.input)} (allowed: ${UNITS.join(', ')})` }).optional(),
  min_incidents: z.coerce
    .number({ error: 'min_incidents must be a whole number from 2 to 50' })
    .int('min_incidents must be a whole number from 2 to 50')
    .min(2, 'min_incidents must be a whole number from 2 to 50')
    .max(50, 'min_incidents must be a whole number from 2 to 50')
    .optional(),
});

/** `GET /api/repeat`: repeat victims (local) or repeat locations (local, or police.uk as a hotspot proxy). */
export const repeatRoute = (db: Database) =>
  new Hono<PublicEnv>().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    const { indicator, unit, min } = resolveRepeatIndicator(q.indicator);
    const area = await resolveArea(db, q.area);
    let raw = q.source;
    if (!raw) {
      // default: the incident-level source loaded first in the order local, policeuk
      const { sources } = await lookups(db);
      raw = INCIDENT_SOURCES.find((s) => sources.has(s));
      if (!raw) throw new InputError('no incident-level data loaded: load a local extract or data.police.uk files', { parameter: 'source' });
    }
    const source = await resolveSource(db, raw);
    const to = q.to ?? source.last;
    checkMonths(source, to);
    const u = q.unit ?? (source.id === 'policeuk' ? 'location' : unit);
    const body = await repeatFigures(db, { source: source.id, area, indicator, to, unit: u, minIncidents: q.min_incidents ?? min });
    const n = c.get('publicThreshold');
    return c.json(n ? { ...publicRepeat(body, n).body, disclosure: { threshold: n, rule: ruleText(n) } } : body);
  });
