import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// the engine, the charts and the database are imported when used (below), so Chromium launches first: the modules
// load while it starts
import type { Database } from '../../data/db.ts';
import type { PackOptions } from './data.ts';
import type { PackCharts } from './html.ts';
import type { Paper } from './style.ts';
export { PAPERS, type Paper } from './style.ts';
import { haveChromium, openPrinter } from './pdf.ts';

export interface ReportOptions extends PackOptions {
  db: string;
  /** the output directory (default `reports/<area-slug>-<to>/`) */
  out?: string;
  /** the date printed on the cover (default now, or SOURCE_DATE_EPOCH) */
  produced?: Date;
  /** the paper the PDF is printed on, landscape (default A4) */
  paper?: Paper;
  /** run on the open database before the pack is read (the CLI's warning about out-of-date tables) */
  check?: (db: Database) => Promise<void>;
}

/** What `saferboard report` writes: the board paper, its technical annex, and the data download. */
export const FILES = ['board-pack.pdf', 'board-pack.html', 'technical-annex.pdf', 'technical-annex.html', 'indicators.csv', 'exceptions.csv'] as const;
/** The two documents, each printed to the PDF of the same name. */
const DOCUMENTS = ['board-pack', 'technical-annex'] as const;


/** `22 November 2025`. */
export const producedOn = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/**
 * The pack's HTML and CSV text for an open database.
 * @example const { html, indicators } = await buildPack(db, { area: 'Barnet', to: '2018-12', threshold: null }, new Date())
 */
export async function buildPack(db: Database, options: PackOptions, produced: Date, paper: Paper = 'a4') {
  const [{ packData }, { default: Papa }, rows] = await Promise.all([import('./data.ts'), import('papaparse'), import('./rows.ts')]);
  // the charts' modules (jsdom, Plot) load while the database answers, and the charts are drawn as soon as their
  // figures are in, while it answers the notes' explanations
  const html = import('./html.ts');
  const annex = import('./annex.ts');
  let charts: Promise<PackCharts> | undefined;
  const data = await packData(db, options, (figures) => (charts = html.then((m) => m.packCharts(figures))));
  const { packHtml } = await html;
  const csv = (list: object[], columns: readonly string[]) => Papa.unparse(list, { columns: [...columns], newline: '\n' }) + '\n';
  const { EXCEPTION_COLUMNS, exceptionRows, INDICATOR_COLUMNS, indicatorRows } = rows;
  return {
    data,
    html: packHtml(data, producedOn(produced), paper, await charts),
    annex: (await annex).annexHtml(data, producedOn(produced), paper),
    indicators: csv(indicatorRows(data.outcomes), INDICATOR_COLUMNS),
    exceptions: csv(exceptionRows(data.outcomes), EXCEPTION_COLUMNS),
  };
}

/**
 * Writes the board paper `board-pack.html`, its `technical-annex.html`, `indicators.csv`, `exceptions.csv` and (when
 * Chromium is installed) `board-pack.pdf` and `technical-annex.pdf`.
 * @example await writeReport({ db: 'data/saferboard.duckdb', area: 'Barnet', to: '2018-12', threshold: null })
 */
export async function writeReport(opts: ReportOptions) {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const produced = opts.produced ?? (epoch ? new Date(Number(epoch) * 1000) : new Date());
  // Chromium launches (and opens its page) while the data is read and the HTML made: only the page load and the
  // printing are left once the HTML is ready. A failure to launch is reported where the printer is awaited.
  const printing = haveChromium() ? openPrinter() : null;
  printing?.catch(() => undefined);
  try {
    const { Database } = await import('../../data/db.ts');
    const db = await Database.open(opts.db, { readOnly: true });
    let pack: Awaited<ReturnType<typeof buildPack>>;
    try {
      await opts.check?.(db);
      pack = await buildPack(db, opts, produced, opts.paper);
    } finally {
      db.close();
    }
    const { slug } = await import('../output.ts');
    const dir = opts.out ?? join('reports', `${slug(pack.data.outcomes.area.name)}-${pack.data.outcomes.to}`);
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), written.push(join(dir, name)));
    const html = { 'board-pack': pack.html, 'technical-annex': pack.annex };
    for (const doc of DOCUMENTS) write(`${doc}.html`, html[doc]);
    write('indicators.csv', pack.indicators);
    write('exceptions.csv', pack.exceptions);
    let skipped: string | null = null;
    if (printing) {
      const printer = await printing;
      const pdfs = DOCUMENTS.map((doc) => join(dir, `${doc}.pdf`));
      for (const [k, doc] of DOCUMENTS.entries()) await printer.print(html[doc], pdfs[k]!, opts.paper);
      written.unshift(...pdfs);
    } else {
      // never leave an older PDF beside newer HTML and CSV
      for (const doc of DOCUMENTS) rmSync(join(dir, `${doc}.pdf`), { force: true });
      skipped = DOCUMENTS.map((doc) => `${doc}.pdf`).join(' and ');
    }
    return { dir, written, skipped, data: pack.data };
  } finally {
    await printing?.then(
      (p) => p.close(),
      () => undefined,
    );
  }
}
