import { homeArea, profile } from '../../data/profile.ts';
import { InputError } from '../errors.ts';

export interface ReportOptions {
  area: string;
  to: string;
  db: string;
  out?: string;
  public?: boolean;
  suppressBelow: string;
  title?: string;
  period?: string;
  vs?: string;
  paper: string;
}

/** `saferboard report`: writes the board pack; a bad option exits 2, a missing Chromium 1. */
export async function runReport(opts: ReportOptions) {
  const paper = opts.paper.toLowerCase();
  if (paper !== 'a4' && paper !== 'a3') {
    console.error(`saferboard report: --paper must be a4 or a3, found "${opts.paper}"`);
    process.exit(2);
  }
  const n = Number(opts.suppressBelow);
  if (!Number.isInteger(n) || n < 2 || n > 100) {
    console.error(
      `saferboard report: --suppress-below must be a whole number from 2 to 100, found "${opts.suppressBelow}"`,
    );
    process.exit(2);
  }
  const { writeReport } = await import('../report/index.ts');
  const { chromiumPath } = await import('../report/pdf.ts');
  // --title, else the scorecard's: the profile's title for its home area, the area's own partnership elsewhere
  const title: string | undefined = opts.title;
  const r = await writeReport({
    db: opts.db,
    area: opts.area,
    to: opts.to,
    out: opts.out,
    threshold: opts.public ? n : null,
    title,
    period: opts.period,
    vs: opts.vs,
    paper,
    // on the database the pack is read from (opened once)
    check: async (db) => (await import('../stale.ts')).warnIfStale('report', db),
  }).catch((e: unknown) => {
    if (!(e instanceof InputError)) throw e;
    console.error(`saferboard report: ${e.message}`);
    process.exit(2);
  });
  const home = homeArea();
  if (!opts.title && home && home.code !== r.data.outcomes.area.code)
    console.error(
      `saferboard report: warning: ${r.data.outcomes.area.name} is not the profile's home area (${home.name}): the pack is titled "${r.data.outcomes.profile.title}", not "${profile().title}" (name it with --title)`,
    );
  for (const f of r.written) console.error(`saferboard report: wrote ${f}`);
  if (r.skipped) {
    console.error(
      `saferboard report: ${r.skipped} skipped: Chromium is not installed at ${chromiumPath()} (install it with "sudo apt-get install chromium"${
        process.env.SAFERBOARD_CHROMIUM ? ', or point SAFERBOARD_CHROMIUM, which names that path, at an installed Chromium' : ''
      })`,
    );
    process.exit(1);
  }
}
