import { existsSync } from 'node:fs';
import { LoadError } from '../../data/errors.ts';
import { loadFiles, upgradeDatabase } from '../../data/load.ts';
import { progressBar, type ProgressMode } from '../progress.ts';
import { formatSummary } from '../summary.ts';

export interface LoadOptions {
  db: string;
  format: string;
  allowUnknownAreas?: boolean;
  mapping?: string;
  progress?: ProgressMode;
}

/** `saferboard load` (and `start` on a new database): loads the inputs, prints the summary; a bad input exits 2. */
export async function runLoad(inputs: string[], opts: LoadOptions) {
  const bar = progressBar(opts.progress);
  try {
    const summary = await loadFiles(inputs, {
      db: opts.db,
      format: opts.format,
      allowUnknownAreas: opts.allowUnknownAreas,
      options: opts.mapping ? { mapping: opts.mapping } : undefined,
      onProgress: bar.update,
    });
    bar.stop();
    console.error(formatSummary(summary));
  } catch (e) {
    bar.stop();
    if (e instanceof LoadError || (e instanceof Error && /^no (such file|\.csv)/.test(e.message))) {
      console.error(`saferboard load: ${e.message}`);
      console.error('saferboard load: nothing was loaded; the database is unchanged.');
      process.exit(2);
    }
    throw e;
  }
}

/** `saferboard upgrade` (and `start` on an existing database, quietly unless it was out of date). */
export async function runUpgrade(path: string, { quiet = false } = {}) {
  if (!existsSync(path)) {
    console.error(`saferboard upgrade: no database at ${path}: nothing to upgrade`);
    process.exit(2);
  }
  const was = await upgradeDatabase(path, {
    onWait: (pid) => console.error(`saferboard upgrade: waiting for another load (pid ${pid}) to finish…`),
  });
  if (was || !quiet)
    console.error(
      was
        ? `saferboard upgrade: ${path} was out of date (${was}): its schema and derived tables are now this saferboard's, for the active profile`
        : `saferboard upgrade: ${path} is up to date: nothing to do`,
    );
}
