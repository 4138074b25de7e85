import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { Database, defaultDbPath } from '../data/db.ts';
import { LoadError } from '../data/errors.ts';
import { formatIds } from '../data/formats/index.ts';
import { loadFiles, upgradeDatabase } from '../data/load.ts';
import { InitError, initProfile } from '../data/profile-init.ts';
import { BUNDLED, PROFILE_FILE, ProfileError, profile, profilePath, setProfilePath } from '../data/profile.ts';
import { InputError } from './errors.ts';
import { validQuery } from './params.ts';
import { ranksResult, ranksSchema } from './routes/ranks.ts';
import { rollingBody, rollingSchema } from './routes/rolling.ts';
import { trendResult, trendSchema } from './routes/trend.ts';
import { serve, warnIfStale } from './server.ts';
import { formatSummary } from './summary.ts';
import { progressBar, type ProgressMode } from './progress.ts';

const SAMPLE = new URL('../data/sample/', import.meta.url).pathname;

const program = new Command('saferboard')
  .description('Crime and ASB performance indicators for London community safety partnerships')
  .showHelpAfterError();

const dbOption = () => new Option('--db <path>', 'DuckDB database file (env SAFERBOARD_DB)').default(defaultDbPath());
const profileOption = () =>
  new Option('--profile <path>', `partnership profile (env SAFERBOARD_PROFILE, else ./${PROFILE_FILE} if present, else the bundled Barnet profile)`);

// every command reads the partnership profile named by --profile (or the defaults), and stops on a bad one
program.hook('preAction', (_program, command) => {
  setProfilePath(command.opts().profile as string | undefined);
  if (command.name() === 'init') return;
  try {
    profile();
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    const { origin } = profilePath();
    console.error(`saferboard: ${e.message}`);
    console.error(`saferboard: fix the profile (${origin === 'option' ? 'given by --profile' : origin === 'env' ? 'named by SAFERBOARD_PROFILE' : origin === 'cwd' ? 'found in this directory' : 'bundled'}) and run again; nothing was done.`);
    process.exit(2);
  }
});

program
  .command('load')
  .description('load crime, ASB and population extracts (files, directories or globs) into the database')
  .argument('<inputs...>', 'files (.csv, .csv.gz), data.police.uk .zip downloads, directories (walked recursively) or glob patterns')
  .addOption(dbOption())
  .addOption(profileOption())
  .addOption(new Option('--format <format>', 'input format').choices(['auto', ...formatIds()]).default('auto'))
  .option('--allow-unknown-areas', 'keep rows for areas not in data/reference/areas.csv as non-borough areas')
  .option('--mapping <file>', 'JSON file renaming and recoding the columns of a local extract (see docs)')
  .addOption(
    new Option('--progress <mode>', 'bar: a progress bar; lines: a line as each file starts and ends (for logs); none (default: bar on a terminal, else none)').choices(['bar', 'lines', 'none']),
  )
  .action(async (inputs: string[], opts: { db: string; format: string; allowUnknownAreas?: boolean; mapping?: string; progress?: ProgressMode }) => {
    await runLoad(inputs, opts);
  });

program
  .command('upgrade')
  .description("bring a database loaded by another saferboard version, or for another profile, up to date for this one (serve never writes)")
  .addOption(dbOption())
  .addOption(profileOption())
  .action(async (opts: { db: string }) => {
    await runUpgrade(opts.db);
  });

program
  .command('serve')
  .description('serve the API and dashboard (database opened read-only, never written)')
  .addOption(dbOption())
  .addOption(profileOption())
  .option('--port <port>', 'port', '3000')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .action(async (opts: { db: string; port: string; host: string }) => {
    await serve({ db: opts.db, port: Number(opts.port), host: opts.host });
  });

program
  .command('start')
  .description('load the bundled sample if the database does not exist yet (or upgrade it if out of date), then serve (npm start)')
  .addOption(dbOption())
  .addOption(profileOption())
  .option('--port <port>', 'port', '3000')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .action(async (opts: { db: string; port: string; host: string }) => {
    if (!existsSync(opts.db)) {
      console.error(`saferboard: ${opts.db} does not exist: loading the bundled sample from data/sample/`);
      await runLoad([SAMPLE], { db: opts.db, format: 'auto' });
    } else await runUpgrade(opts.db, { quiet: true });
    await serve({ db: opts.db, port: Number(opts.port), host: opts.host });
  });

program
  .command('query')
  .description('print the JSON of an indicator route (the same as the API) for scripts')
  .argument('<indicator>', 'rolling | ranks | trend')
  .addOption(dbOption())
  .addOption(profileOption())
  .option('--source <source>', 'mps | policeuk | local (default: mps if loaded, else policeuk)')
  .option('--area <area>', 'borough name or GSS code (rolling, trend)')
  .option('--category <id>', 'canonical category id')
  .option('--from <YYYY-MM>', 'first month (trend)')
  .option('--to <YYYY-MM>', 'last month (default: the last month loaded)')
  .option('--period <period>', 'rolling, ranks: 12m (default) | fytd | quarter | month | fy')
  .option('--vs <vs>', 'rolling, ranks: year (default) | previous')
  .option('--baseline <period>', 'rolling: a financial year YYYY/YY or a range YYYY-MM:YYYY-MM')
  .option('--measure <measure>', 'ranks: rate | count')
  .option('--group <group>', 'ranks: a peer group from data/reference/peer-groups.csv')
  .action(async (indicator: string, opts: Record<string, string>) => {
    const kinds = ['rolling', 'ranks', 'trend'];
    if (!kinds.includes(indicator)) {
      console.error(`saferboard query: unknown indicator "${indicator}" (allowed: ${kinds.join(', ')})`);
      process.exit(2);
    }
    const { db: path, ...params } = opts;
    const db = await Database.open(path!, { readOnly: true });
    await warnIfStale('query', db);
    // the functions behind the routes, with the same validation: the body `/api/<indicator>` would answer
    const bodies: Record<string, () => Promise<unknown>> = {
      rolling: () => rollingBody(db, validQuery(rollingSchema, params)),
      ranks: async () => (await ranksResult(db, validQuery(ranksSchema, params), null)).body,
      trend: async () => (await trendResult(db, validQuery(trendSchema, params), null)).body,
    };
    const body = await db
      .pin(bodies[indicator]!)
      .catch((e: unknown) => {
        if (!(e instanceof InputError)) throw e;
        console.error(`saferboard query: ${e.message}`);
        process.exit(2);
      })
      .finally(() => db.close());
    console.log(JSON.stringify(body, null, 2));
  });

program
  .command('report')
  .description('write the board pack: board-pack.pdf, board-pack.html, indicators.csv, exceptions.csv')
  .requiredOption('--area <area>', 'borough name or GSS code')
  .requiredOption('--to <YYYY-MM>', 'the last month of the 12 months reported')
  .addOption(dbOption())
  .addOption(profileOption())
  .option('--out <dir>', 'output directory (default reports/<area>-<to>/)')
  .option('--public', 'apply statistical disclosure control (for publication)')
  .option('--suppress-below <n>', 'with --public: counts from 1 to n-1 are shown as "<n"', '5')
  .option('--title <text>', "the title on the cover (default: the profile's title)")
  .option('--period <period>', 'the period reported: 12m (default), fytd, quarter, month or fy')
  .option('--vs <vs>', 'compared with: year (the same months a year earlier, default) or previous (the period just before)')
  .option('--paper <size>', 'the paper the PDF is printed on, landscape: a4 (default) or a3', 'a4')
  .action(async (opts: { area: string; to: string; db: string; out?: string; public?: boolean; suppressBelow: string; title?: string; period?: string; vs?: string; paper: string }) => {
    const paper = opts.paper.toLowerCase();
    if (paper !== 'a4' && paper !== 'a3') {
      console.error(`saferboard report: --paper must be a4 or a3, found "${opts.paper}"`);
      process.exit(2);
    }
    const n = Number(opts.suppressBelow);
    if (!Number.isInteger(n) || n < 2 || n > 100) {
      console.error(`saferboard report: --suppress-below must be a whole number from 2 to 100, found "${opts.suppressBelow}"`);
      process.exit(2);
    }
    const { writeReport } = await import('./report/index.ts');
    if (existsSync(opts.db)) {
      const db = await Database.open(opts.db, { readOnly: true });
      await warnIfStale('report', db).finally(() => db.close());
    }
    const title = opts.title ?? profile().title;
    const r = await writeReport({ db: opts.db, area: opts.area, to: opts.to, out: opts.out, threshold: opts.public ? n : null, title, period: opts.period, vs: opts.vs, paper }).catch((e: unknown) => {
      if (!(e instanceof InputError)) throw e;
      console.error(`saferboard report: ${e.message}`);
      process.exit(2);
    });
    for (const f of r.written) console.error(`saferboard report: wrote ${f}`);
    if (r.skipped) {
      console.error(`saferboard report: ${r.skipped} skipped: Chromium is not installed at /usr/bin/chromium (install it with "sudo apt-get install chromium")`);
      process.exit(1);
    }
  });

program
  .command('init')
  .description(`write a partnership profile (${PROFILE_FILE}) for an area, from a bundled profile`)
  .requiredOption('--area <area>', 'the home area: a London borough or the City of London (name, GSS code or other spelling)')
  .addOption(new Option('--from <profile>', 'the bundled profile to start from').choices(Object.keys(BUNDLED)).default('barnet'))
  .option('--out <path>', 'the file to write', PROFILE_FILE)
  .option('--force', 'replace the file if it exists')
  .addOption(profileOption().hideHelp())
  .action((opts: { area: string; from: keyof typeof BUNDLED; out: string; force?: boolean }) => {
    try {
      const r = initProfile(opts);
      const indicators = r.profile.outcomes.reduce((n, o) => n + o.indicators.length, 0);
      console.error(
        `saferboard init: wrote ${r.path}: "${r.profile.name}", home area ${r.area.name} (${r.area.code}), ${r.profile.outcomes.length} outcomes and ${indicators} indicators from the bundled ${opts.from} profile.`,
      );
      console.error(`saferboard init: edit it to match your strategy; saferboard reads it when run from this directory (or with --profile ${r.path}).`);
    } catch (e) {
      if (!(e instanceof InitError)) throw e;
      console.error(`saferboard init: ${e.message}`);
      process.exit(2);
    }
  });

async function runLoad(inputs: string[], opts: { db: string; format: string; allowUnknownAreas?: boolean; mapping?: string; progress?: ProgressMode }) {
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

async function runUpgrade(path: string, { quiet = false } = {}) {
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

export { program };

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`saferboard: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
