/**
 * The vocabulary of sources, written once: their ids, the orders they are listed and preferred in, and their names in
 * words (long in a lede or a pack's list of sources, short in a tile or a sentence).
 */

/** Every source id, in the order they are listed (and named in an error's allowed values). */
export const SOURCES = ['mps', 'policeuk', 'local', 'stopsearch', 'mpsdash'] as const;
export type SourceId = (typeof SOURCES)[number];

/** The crime sources, in the order the explorer picks one when none is asked for. */
export const CRIME_SOURCES: SourceId[] = ['mps', 'policeuk', 'local'];

/** The order a profile prefers sources in when it names none (`source_order`): local data first. */
export const DEFAULT_SOURCE_ORDER: SourceId[] = ['local', 'mpsdash', 'mps', 'policeuk'];

/** The sources with incident-level records (repeat victims and locations), in the order tried when none is asked for. */
export const INCIDENT_SOURCES: SourceId[] = ['local', 'policeuk'];

/**
 * The sources with ward-level rows (`/api/wards`), in the order the ward view picks one when none is asked for: kept
 * apart from SOURCES, whose borough-level routes they do not serve.
 */
export const WARD_SOURCES = ['mpsward', 'mpsdash'] as const;

/** A source's full name: "MPS borough-level crime (London Datastore)". */
export const SOURCE_NAMES: Record<string, string> = {
  mps: 'MPS borough-level crime (London Datastore)',
  policeuk: 'data.police.uk street-level crime and ASB',
  local: 'local incident extracts',
  stopsearch: 'data.police.uk stop and search',
  mpsdash: 'MPS Monthly Crime Dashboard (London Datastore)',
  mpsward: 'MPS ward-level crime (London Datastore)',
};

/** A source's short name, in a tile, a table or a sentence: "21st of 32 (police.uk)". */
export const SOURCE_SHORT: Record<string, string> = {
  local: 'local extract',
  mps: 'MPS',
  policeuk: 'police.uk',
  stopsearch: 'police.uk stop and search',
  mpsdash: 'MPS dashboard',
  manual: 'manual value',
  mpsward: 'MPS ward',
};
