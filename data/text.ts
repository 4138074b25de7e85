import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { LoadError } from './errors.ts';

const isGzip = (file: string) => file.toLowerCase().endsWith('.gz');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The whole text of a `.csv` or `.csv.gz` file, without a UTF-8 byte-order mark. */
export function readText(file: string): string {
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = utf8.decode(isGzip(file) ? gunzipSync(bytes) : bytes);
  } catch (e) {
    if (e instanceof TypeError) throw new LoadError(file, undefined, 'not UTF-8 text: save it as "CSV UTF-8" and load it again');
    throw new LoadError(file, undefined, `cannot decompress: ${(e as Error).message}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The first line of some bytes as text: up to the first line break, without a byte-order mark or a trailing CR. */
export function firstLine(bytes: Buffer): string {
  const end = bytes.indexOf(0x0a);
  return bytes.toString('utf8', 0, end < 0 ? bytes.length : end).replace(/^\uFEFF/, '').replace(/\r$/, '');
}

/** The first line of a file, split into trimmed CSV fields. */
export function readHeader(file: string): string[] {
  const parsed = Papa.parse<string[]>(firstLine(readHead(file)), { header: false });
  return (parsed.data[0] ?? []).map((h) => h.trim());
}

/**
 * A file's first bytes, enough for its first line (a load reads each file's header up to three times): 4 KB of a plain
 * file, up to 64 KB when its first line is longer; a `.gz` file's first 64 KB decompressed.
 */
function readHead(file: string): Buffer {
  const gz = isGzip(file);
  const fd = openSync(file, 'r');
  let bytes: Buffer;
  try {
    const buffer = Buffer.allocUnsafe(gz ? 1 << 20 : 65536);
    const first = gz ? buffer.length : 4096;
    let n = readSync(fd, buffer, 0, first, 0);
    if (!gz && n === first && buffer.subarray(0, n).indexOf(0x0a) < 0) n += readSync(fd, buffer, n, buffer.length - n, n);
    bytes = buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
  if (!gz) return bytes;
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 65536);
  } catch (e) {
    throw new LoadError(file, 1, `cannot decompress: ${(e as Error).message}`);
  }
}

/**
 * Parses CSV text row by row, giving each row's 1-based starting line number (correct across quoted newlines).
 * @example eachRow(text, (fields, line) => { ... });
 */
export function eachRow(text: string, onRow: (fields: string[], line: number) => void): void {
  let line = 1;
  let start = 0;
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step: (result) => {
      const fields = result.data;
      if (!(fields.length === 1 && fields[0] === '')) onRow(fields, line);
      // papaparse's cursor is just past this row's newline: the next row starts there
      const end = result.meta.cursor;
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      start = end;
    },
  });
}
