import { readdirSync, readFileSync } from 'node:fs';
import { rootUrl } from '../data/paths.ts';

const dir = rootUrl('queries/');

/** Every `queries/*.sql` file, read once at start-up, by name without `.sql`. */
export const QUERIES: Readonly<Record<string, string>> = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => [f.slice(0, -4), readFileSync(new URL(f, dir), 'utf8')]),
);

/** The SQL of a named query; throws if there is no such file. */
export function sql(name: string): string {
  const text = QUERIES[name];
  if (text === undefined) throw new Error(`no query named ${name} in queries/`);
  return text;
}
