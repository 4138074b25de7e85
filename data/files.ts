import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { globSync } from 'tinyglobby';

const DATA_FILE = /\.(csv|csv\.gz|zip|xlsx)$/i;

/**
 * Expands the arguments of `saferboard load` (files, directories walked recursively, glob patterns)
 * into a sorted list of files.
 * @example expandInputs(['data/sample']) // every .csv and .csv.gz under data/sample
 */
export function expandInputs(inputs: string[]): string[] {
  const files = new Set<string>();
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      for (const entry of readdirSync(input, { recursive: true, withFileTypes: true }))
        if (entry.isFile() && DATA_FILE.test(entry.name)) files.add(resolve(join(entry.parentPath, entry.name)));
    } else if (existsSync(input)) {
      files.add(resolve(input));
    } else {
      const matched = globSync(input, { absolute: true, onlyFiles: true });
      if (matched.length === 0) throw new Error(`no such file, directory or matching files: ${input}`);
      for (const f of matched) files.add(resolve(f));
    }
  }
  return [...files].sort();
}
