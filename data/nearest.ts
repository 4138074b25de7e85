/**
 * The candidate closest to `target` by edit distance (case-insensitive), if it is close enough to be a likely typo.
 * @example nearest('burgalry', ['burglary', 'robbery']) // 'burglary'
 */
export function nearest(target: string, candidates: Iterable<string>): string | undefined {
  const t = target.trim().toLowerCase();
  let best: [number, string] | undefined;
  for (const c of new Set(candidates)) {
    const d = distance(t, c.toLowerCase());
    if (!best || d < best[0]) best = [d, c];
  }
  return best && best[0] <= Math.max(2, t.length / 3) ? best[1] : undefined;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 12) return Infinity;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}
