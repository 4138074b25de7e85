import { createWriteStream, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { LoadError } from './errors.ts';

/**
 * Limits on a zip archive, checked on its central directory before anything is decompressed, and again on the bytes
 * as they are decompressed (an entry may not expand past the size it declares: yauzl's validateEntrySizes).
 */
export const ZIP_LIMITS = {
  /** entries in one archive */
  entries: 10_000,
  /** the uncompressed size of one entry: a Met street file for a month is about 40 MB */
  entryBytes: 2 * 1024 ** 3,
  /** the uncompressed size of the whole archive */
  totalBytes: 20 * 1024 ** 3,
  /**
   * uncompressed ÷ compressed size of an entry larger than 1 MB: police.uk CSV compresses 4 to 30 times (a
   * stop-and-search file with few coordinates about 30); a deflate bomb expands about 1,000 times
   */
  ratio: 200,
};

const CSV_ENTRY = /\.csv(\.gz)?$/i;

export interface ZipEntryFile {
  /** where the entry was decompressed (a private temporary directory, never beside the archive) */
  path: string;
  /** how errors and the summary name it: `archive.zip!2018-01/2018-01-metropolitan-street.csv` */
  name: string;
}

/**
 * Decompresses the CSV entries of a data.police.uk zip into a private temporary directory, one by one as streams,
 * after checking the archive's limits (ZIP_LIMITS) and entry names (no `../`, no absolute paths). Other entries
 * (folders, a README) are skipped. `cleanup` removes the directory.
 * @example const { files, cleanup } = await readZip('download.zip', 'download.zip');
 */
export async function readZip(zipPath: string, zipName: string): Promise<{ files: ZipEntryFile[]; cleanup: () => void }> {
  const zip = await open(zipPath, zipName);
  const dir = mkdtempSync(join(tmpdir(), 'saferboard-zip-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const entries = await listEntries(zip, zipName);
    const csv = entries.filter((e) => !e.fileName.endsWith('/') && CSV_ENTRY.test(e.fileName));
    if (csv.length === 0) throw new LoadError(zipName, undefined, 'the zip archive holds no .csv files');
    checkLimits(csv, zipName, dir);
    const files: ZipEntryFile[] = [];
    for (const [i, entry] of csv.entries()) {
      const name = `${zipName}!${entry.fileName}`;
      // a numbered name keeps the archive's order and keeps two folders' same-named files apart
      const path = join(dir, `${String(i).padStart(5, '0')}-${basename(entry.fileName)}`);
      await extract(zip, entry, path, name);
      files.push({ path, name });
    }
    return { files, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  } finally {
    zip.close();
  }
}

function open(zipPath: string, zipName: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) =>
      err
        ? reject(new LoadError(zipName, undefined, `cannot read the zip archive (truncated or damaged?): ${err.message}`))
        : resolve(zip),
    ),
  );
}

function listEntries(zip: yauzl.ZipFile, zipName: string): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    if (zip.entryCount > ZIP_LIMITS.entries)
      return reject(new LoadError(zipName, undefined, `the zip archive has ${zip.entryCount} entries (the limit is ${ZIP_LIMITS.entries})`));
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err: Error) => reject(entryError(zipName, err)));
    zip.readEntry();
  });
}

/** yauzl refuses `../x` and `/x` entry names itself ("invalid relative path: ../x", "absolute path: /x"). */
function entryError(zipName: string, err: Error): LoadError {
  const unsafe = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/.exec(err.message);
  if (unsafe)
    return new LoadError(
      `${zipName}!${unsafe[2]}`,
      undefined,
      'unsafe entry name (a path outside the archive, or an absolute path): refused, nothing was unpacked',
    );
  return new LoadError(zipName, undefined, `cannot read the zip archive (truncated or damaged?): ${err.message}`);
}

function checkLimits(entries: yauzl.Entry[], zipName: string, dir: string): void {
  const mb = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MB`;
  let total = 0;
  for (const e of entries) {
    const name = `${zipName}!${e.fileName}`;
    if (e.isEncrypted()) throw new LoadError(name, undefined, 'the entry is encrypted');
    if (e.uncompressedSize > ZIP_LIMITS.entryBytes)
      throw new LoadError(name, undefined, `the entry would expand to ${mb(e.uncompressedSize)} (the limit is ${mb(ZIP_LIMITS.entryBytes)} per file)`);
    if (e.uncompressedSize > 1024 ** 2 && e.uncompressedSize > ZIP_LIMITS.ratio * Math.max(1, e.compressedSize))
      throw new LoadError(
        name,
        undefined,
        `the entry would expand ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} times its compressed size ` +
          `(${mb(e.uncompressedSize)}; the limit is ${ZIP_LIMITS.ratio} times): refused as a possible zip bomb`,
      );
    total += e.uncompressedSize;
  }
  if (total > ZIP_LIMITS.totalBytes)
    throw new LoadError(zipName, undefined, `the archive would expand to ${mb(total)} (the limit is ${mb(ZIP_LIMITS.totalBytes)})`);
  const free = (() => {
    try {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  })();
  if (total > free) throw new LoadError(zipName, undefined, `the archive would expand to ${mb(total)}, more than the ${mb(free)} free in ${tmpdir()}`);
}

function extract(zip: yauzl.ZipFile, entry: yauzl.Entry, path: string, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(new LoadError(name, undefined, `cannot decompress the entry: ${err.message}`));
      // belt and braces beside validateEntrySizes: never write more than the entry declared
      let written = 0;
      const guard = new Transform({
        transform(chunk: Buffer, _enc, done) {
          written += chunk.length;
          if (written > entry.uncompressedSize) done(new Error(`expands past its declared size of ${entry.uncompressedSize} bytes`));
          else done(null, chunk);
        },
      });
      pipeline(stream, guard, createWriteStream(path)).then(resolve, (e: Error) =>
        reject(new LoadError(name, undefined, `cannot decompress the entry (truncated, damaged or a zip bomb?): ${e.message}`)),
      );
    });
  });
}
