import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { FORMAT_IDS } from '../data/formats/ids.ts';
import { BUNDLED, PROFILE_FILE, defaultDbPath, rootPath, type BundledName } from '../data/paths.ts';
import type { ReportOptions } from './commands/report.ts';
import type { ProgressMode } from './progress.ts';

/**
 * The command line (`bin/saferboard.js` runs its compiled dist/api/cli.js). Defining the commands loads nothing but
 * commander and data/paths.ts: each command imports what it uses when it runs (api/commands/*.ts, the server, the
 * pack), so `saferboard --help` or a mistyped option answers at once, without DuckDB, Hono, Plot or Chromium.
 */

const SAMPLE = rootPath('data/sample/');

const program = new Command('saferboard')
  .description('Crime and ASB performance indicators for community safety partnerships in England and Wales')
  .showHelpAfterError();

const dbOption = () => new Option('--db <path>', 'DuckDB database file (env SAFERBOARD_DB)').default(defaultDbPath());
const profileOption = () =>
  new Option('--profile <path>', `partnership profile (env SAFERBOARD_PROFILE, else ./${PROFILE_FILE} if present, else the bundled Barnet profile)`);

// every command reads the partnership profile named by --profile (or the defaults), and stops on a bad one
program.hook('preAction', async (_program, command) => {
  const { ProfileError, profile, profilePath, setProfilePath } = await import('../data/profile.ts');
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
  .addOption(new Option('--format <format>', 'input format').choices(['auto', ...FORMAT_IDS]).default('auto'))
  .option('--allow-unknown-areas', 'keep rows for areas not in data/reference/areas.csv as non-borough areas')
  .option('--mapping <file>', 'JSON file renaming and recoding the columns of a local extract (see docs)')
  .addOption(
    new Option('--progress <mode>', 'bar: a progress bar; lines: a line as each file starts and ends (for logs); none (default: bar on a terminal, else none)').choices(['bar', 'lines', 'none']),
  )
  .action(async (inputs: string[], opts: { db: string; format: string; allowUnknownAreas?: boolean; mapping?: string; progress?: ProgressMode }) => {
    const { runLoad } = await import('./commands/load.ts');
    await runLoad(inputs, opts);
  });

program
  .command('upgrade')
  .description("bring a database loaded by another saferboard version, or for another profile, up to date for this one (serve never writes)")
  .addOption(dbOption())
  .addOption(profileOption())
  .action(async (opts: { db: string }) => {
    const { runUpgrade } = await import('./commands/load.ts');
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
    const { serve } = await import('./server.ts');
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
    const [{ runLoad, runUpgrade }, { serve }] = await Promise.all([import('./commands/load.ts'), import('./server.ts')]);
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
    const { runQuery } = await import('./commands/query.ts');
    await runQuery(indicator, opts);
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
  .action(async (opts: ReportOptions) => {
    const { runReport } = await import('./commands/report.ts');
    await runReport(opts);
  });

program
  .command('init')
  .description(`write a partnership profile (${PROFILE_FILE}) for an area, from a bundled profile`)
  .requiredOption('--area <area>', 'the home area: a London borough or the City of London (name, GSS code or other spelling)')
  .addOption(new Option('--from <profile>', 'the bundled profile to start from').choices(Object.keys(BUNDLED)).default('barnet'))
  .option('--out <path>', 'the file to write', PROFILE_FILE)
  .option('--force', 'replace the file if it exists')
  .addOption(profileOption().hideHelp())
  .action(async (opts: { area: string; from: BundledName; out: string; force?: boolean }) => {
    const { runInit } = await import('./commands/init.ts');
    runInit(opts);
  });

export { program };

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`saferboard: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
