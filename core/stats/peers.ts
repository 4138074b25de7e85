/**
 * The product's own peer group (issue 24): the partnerships most like one partnership, by nearest neighbours on public
 * figures. It is NOT the Home Office "most similar group" (MSG), whose lists are not published as data; every place that
 * shows it says "the product's own peer group (10 most similar partnerships by …)". The method (docs/peers.md):
 *
 *   1. every candidate (the CSPs of England and Wales) is described by log(population), log(density) (population per
 *      km² of land) and, when every candidate has a complete 12-month window of police.uk data, its crime mix (each
 *      main police.uk category's share of its crimes);
 *   2. each feature is standardised over the candidates (z = (x − mean) ÷ standard deviation; a feature that is the
 *      same for every candidate is left out);
 *   3. the distance between two partnerships is the Euclidean distance between their z-scores;
 *   4. the k (10) nearest, nearest first (ties by name, then code), the partnership itself excluded.
 *
 * Pure: the caller reads the figures (api/peers.ts).
 */

/** One candidate partnership's figures. `mix`: shares of the main crime categories (same order for all), or null. */
export interface PeerCandidate {
  code: string;
  name: string;
  population: number;
  /** land area in km² */
  area_km2: number;
  mix: number[] | null;
}

export type PeerFeature = 'population' | 'density' | 'crime mix';

export interface PeerGroup {
  /** the partnership the group is for */
  area: { code: string; name: string };
  /** the features the distance was computed on */
  basis: PeerFeature[];
  k: number;
  /** "the product's own peer group (10 most similar partnerships by population and density)" */
  label: string;
  /** nearest first */
  peers: { code: string; name: string; distance: number }[];
  /** how many candidates were compared */
  candidates: number;
}

export const PEERS_K = 10;

const words = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/** The label every consumer shows for a peer group: never "most similar group" nor "MSG". */
export const peerLabel = (k: number, basis: PeerFeature[]) => `the product's own peer group (${k} most similar partnerships by ${words(basis)})`;

/** Standardises one column: (x − mean) ÷ population standard deviation; null when the column does not vary. */
export function zScores(xs: number[]): number[] | null {
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  if (!(sd > 0)) return null;
  return xs.map((x) => (x - mean) / sd);
}

/**
 * The `k` nearest candidates to `code` (see the method above). The crime mix counts only when every candidate has one
 * (of the same length); candidates without a population or land area cannot be placed and are left out.
 * @example peerGroup('E22000001', csps) // { basis: ['population', 'density'], peers: [{ code, name, distance }, …] }
 */
export function peerGroup(code: string, all: PeerCandidate[], k = PEERS_K): PeerGroup {
  const cands = all.filter((c) => c.population > 0 && c.area_km2 > 0);
  const self = cands.find((c) => c.code === code);
  if (!self) throw new Error(`no population or land area for ${code}: no peer group`);
  const width = self.mix?.length ?? 0;
  const withMix = width > 0 && cands.every((c) => c.mix !== null && c.mix.length === width);
  const basis: PeerFeature[] = withMix ? ['population', 'density', 'crime mix'] : ['population', 'density'];
  const columns: number[][] = [cands.map((c) => Math.log(c.population)), cands.map((c) => Math.log(c.population / c.area_km2))];
  if (withMix) for (let j = 0; j < width; j++) columns.push(cands.map((c) => c.mix![j]!));
  const z = columns.map(zScores).filter((col): col is number[] => col !== null);
  const at = cands.indexOf(self);
  const peers = cands
    .map((c, i) => ({ code: c.code, name: c.name, distance: Math.sqrt(z.reduce((s, col) => s + (col[i]! - col[at]!) ** 2, 0)) }))
    .filter((p) => p.code !== code)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name) || a.code.localeCompare(b.code))
    .slice(0, k);
  return { area: { code: self.code, name: self.name }, basis, k, label: peerLabel(k, basis), peers, candidates: cands.length };
}
