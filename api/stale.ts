import type { Database, VersionCheck } from '../data/db.ts';
import { derivedProblem, storedDerivedKey } from '../data/derived-key.ts';
import { profilePath } from '../data/profile.ts';

/*
 * Whether a database's tables are up to date for this saferboard and the active profile, for the commands that only
 * read it (serve, query, report): apart from the server so that those commands import only what they use.
 */

/** A word for a shell: as it is when it is plain, else single-quoted. */
const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/** The command that brings the database at `path` up to date for the active profile. */
export function upgradeCommand(path: string): string {
  const { path: profile, origin } = profilePath();
  return `npx saferboard upgrade --db ${shellWord(path)}${origin === 'bundled' ? '' : ` --profile ${shellWord(profile)}`}`;
}

/**
 * Whether a version of the database can be served as it is: its tables were built by this saferboard for the
 * active profile's indicator filters. `serve` never writes to the database, so it never rebuilds them itself.
 */
export const servable: VersionCheck = async (read) => derivedProblem(await storedDerivedKey(read));

/**
 * For a command that reads the database as it is (`query`, `report`): a warning on stderr, with the command that
 * brings it up to date, when its tables were built by another saferboard or for another profile (as `serve` refuses
 * it). The command still runs: its figures come from those tables.
 */
export async function warnIfStale(command: string, db: Database): Promise<void> {
  const problem = await servable((sql) => db.all(sql));
  if (!problem) return;
  console.error(`saferboard ${command}: WARNING: the tables of ${db.path} are out of date: ${problem}; figures read from them may be wrong.`);
  console.error(`saferboard ${command}: bring it up to date first with: ${upgradeCommand(db.path)}`);
}
