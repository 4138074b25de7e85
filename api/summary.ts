import type { LoadSummary } from '../data/load.ts';

const n = (x: number) => x.toLocaleString('en-GB');

/** The load summary printed after `saferboard load`: what was added and replaced, per file and per source. */
export function formatSummary(summary: LoadSummary): string {
  const lines: string[] = [];
  for (const f of summary.files) {
    const months = f.months.length ? `${f.months[0]}..${f.months.at(-1)}` : '-';
    const what = f.replaced
      ? `${n(f.rows)} rows (replaced ${n(f.replaced)} rows loaded before)`
      : `${n(f.rows)} rows added`;
    const areas = f.kind === 'outcomes' ? '' : `; ${f.areas.length} areas`;
    lines.push(`  ${f.file} [${f.kind ?? f.format}]: ${what}; months ${months}${areas}`);
    if (f.outcomesForCrimesNotLoaded)
      lines.push(`    ${n(f.outcomesForCrimesNotLoaded)} outcomes for crimes not loaded (no loaded street file has their Crime ID; kept, counted)`);
    if (f.noLocation) lines.push(`    ${n(f.noLocation)} rows with no location (kept, counted under "No location")`);
    if (f.outsideLondon)
      lines.push(`    ${n(f.outsideLondon)} rows ${f.kind === 'stop-and-search' ? 'outside the London boroughs' : 'in LSOAs outside London'} (kept, counted under "Outside London")`);
    if (f.outsideForce?.length)
      lines.push(
        `    ${n(f.outsideForce.reduce((s, o) => s + o.rows, 0))} ${f.kind === 'stop-and-search' ? 'searches' : 'rows in LSOAs'} outside the reporting force's area (kept, counted where they are, not in the force's own CSPs): ` +
          f.outsideForce.map((o) => `${o.force} in ${o.area} (${n(o.rows)})`).join('; '),
      )
    if (f.mpsdash) {
      const d = f.mpsdash;
      const pseudo = d.pseudoAreas.reduce((s, p) => s + p.rows, 0);
      if (pseudo)
        lines.push(
          `    ${n(pseudo)} rows for areas that are not boroughs (kept, counted, never ranked): ${d.pseudoAreas.map((p) => `${p.area} (${n(p.rows)})`).join('; ')}`,
        );
      if (d.wardRows) lines.push(`    ${n(d.wardRows)} ward (Safer Neighbourhood Team) rows kept, keyed on the ward code`);
      if (d.slicesReplaced || d.keptLater.length)
        lines.push(
          `    ${n(d.cellsChanged)} borough cells (area x subtype x measure x month) differ from the refresh loaded before; ` +
            (d.keptLater.length ? 'the later refresh is kept where it is later' : `this file's (the later or same refresh) replaced ${n(d.slicesReplaced)} month slices`),
        );
    }
    for (const w of f.warnings) lines.push(`    warning: ${w}`);
    for (const u of f.unmapped)
      lines.push(`    warning: label "${u.label}" is not in data/reference/categories.csv: loaded as "unmapped" (${n(u.rows)} rows)`);
  }
  lines.push('Sources now in the database:');
  for (const s of summary.sources) lines.push(`  ${s.source}: ${n(s.rows)} rows, ${s.first} to ${s.last}`);
  if (summary.outcomes?.rows)
    lines.push(`  police.uk outcomes: ${n(summary.outcomes.rows)} rows (${n(summary.outcomes.notLoaded)} for crimes not loaded)`);
  const totals = summary.files.reduce(
    (t, f) => ({ rows: t.rows + f.rows, noLocation: t.noLocation + f.noLocation, unmapped: t.unmapped + f.unmapped.length }),
    { rows: 0, noLocation: 0, unmapped: 0 },
  );
  lines.push(
    `Loaded ${n(totals.rows)} rows from ${summary.files.length} files in ${summary.seconds.toFixed(1)} s` +
      ` (${n(totals.noLocation)} no-location rows, ${totals.unmapped} unmapped labels).`,
  );
  return lines.join('\n');
}
