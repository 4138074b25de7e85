import { isUtf8 } from 'node:buffer';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { LoadError } from './errors.ts';
import { firstLine } from './text.ts';

/**
 * Files larger than this are checked on their first 64 KB only: DuckDB's reader and `readText` refuse text that is
 * not UTF-8 further on, so a large archive is not read twice.
 */
const FULL_CHECK_BYTES = 8 * 1024 * 1024;

export interface PreparedFile {
  /** the file to read: the original, or a UTF-8 comma-separated copy of it */
  path: string;
  warnings: string[];
  cleanup: () => void;
}

/**
 * Checks that a file is CSV text before any format reads it, and normalises what a spreadsheet may have done to
 * it: Windows-1252 text becomes UTF-8 and semicolon- or tab-separated fields become comma-separated (each with a
 * warning). Refuses empty, binary, zip and Excel files with a reason. A file over 8 MB, or one with `headOnly` whose
 * first 64 KB are plain comma-separated UTF-8, is checked on its first 64 KB only.
 * @example const { path, warnings, cleanup } = prepareFile('extract.csv', 'extract.csv');
 */
export function prepareFile(file: string, name: string, { headOnly = false } = {}): PreparedFile {
  // a format whose publisher writes UTF-8 (Format.utf8Source): when its first 64 KB are plain comma-separated UTF-8
  // text, that is all that is read; anything else there gets the whole check below (and its conversions)
  if (headOnly && !file.toLowerCase().endsWith('.gz') && plainCsvStart(file)) return { path: file, warnings: [], cleanup: () => {} };
  const large = statSync(file).size > FULL_CHECK_BYTES;
  const raw = large ? readStart(file, 1 << 20) : readFileSync(file);
  let bytes: Buffer;
  try {
    const gz = file.toLowerCase().endsWith('.gz');
    bytes = !gz ? raw : gunzipSync(raw, large ? { finishFlush: constants.Z_SYNC_FLUSH } : {});
  } catch (e) {
    throw new LoadError(name, undefined, `cannot decompress (truncated or not gzip?): ${(e as Error).message}`);
  }
  if (isZip(bytes))
    throw new LoadError(
      name,
      undefined,
      'this is a zip archive or an Excel workbook, not CSV text: unzip a data.police.uk download first, or save the sheet as CSV (UTF-8, comma-separated)',
    );
  const head = bytes.subarray(0, 65536);
  if (head.includes(0)) throw new LoadError(name, undefined, 'this is a binary file, not CSV text');
  if (isBlank(bytes)) throw new LoadError(name, 1, 'the file is empty: expected a header row');

  const warnings: string[] = [];
  let text: string | undefined;
  const checked = large ? head.subarray(0, lastNewline(head)) : bytes;
  if (!isUtf8(checked)) {
    if (large) throw new LoadError(name, undefined, 'not UTF-8 text: save it as "CSV UTF-8" and load it again');
    text = new TextDecoder('windows-1252').decode(bytes);
    warnings.push('not UTF-8: read as Windows-1252 (Excel\'s "CSV" on Windows); save as "CSV UTF-8" to avoid this');
  }
  const firstLine = (text ?? head.toString('utf8')).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!;
  const delimiter = sniffDelimiter(firstLine);
  if (delimiter !== ',') {
    if (large) throw new LoadError(name, 1, `fields are separated by "${delimiter}": save it as comma-separated CSV`);
    text ??= bytes.toString('utf8');
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: false }).data;
    text = Papa.unparse(rows, { newline: '\n' });
    warnings.push(`fields are separated by ${delimiter === '\t' ? 'tabs' : `"${delimiter}"`}, not commas: read as such`);
  }
  if (text === undefined) return { path: file, warnings, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'saferboard-load-'));
  const path = join(dir, basename(file).replace(/\.gz$/i, ''));
  writeFileSync(path, text);
  return { path, warnings, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Whether a file's first 64 KB are comma-separated UTF-8 text with a header (not blank, binary or a zip). */
function plainCsvStart(file: string): boolean {
  const head = readStart(file, 65536);
  if (head.length === 0 || head.includes(0) || isBlank(head) || isZip(head)) return false;
  if (!isUtf8(head.length === 65536 ? head.subarray(0, lastNewline(head)) : head)) return false;
  return sniffDelimiter(firstLine(head)) === ',';
}

/** A zip archive's (or an Excel workbook's) first bytes. */
const isZip = (bytes: Buffer) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function readStart(file: string, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the bytes hold nothing but a byte order mark and white space, found without making the file a string:
 * a check that decoded every file in full took a fifth of a 1M-row load of small files (BENCHMARKS.md, issue 21).
 */
function isBlank(bytes: Buffer): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c) continue;
    // a non-ASCII byte: decide on the text, as String.trim() would (U+00A0, U+FEFF and the other Unicode spaces)
    if (b >= 0x80) return bytes.subarray(i, i + 4096).toString('utf8').trim() === '' && bytes.subarray(i).toString('utf8').trim() === '';
    return false;
  }
  return true;
}

const lastNewline = (bytes: Buffer) => {
  const i = bytes.lastIndexOf(10);
  return i < 0 ? bytes.length : i;
};

/** The field separator of a header line: the most frequent of comma, semicolon and tab (comma on a tie). */
function sniffDelimiter(line: string): string {
  const count = (c: string) => line.split(c).length - 1;
  const [best] = [',', ';', '\t'].sort((a, b) => count(b) - count(a));
  return count(best!) > count(',') ? best! : ',';
}
