/**
 * The shipped fonts' vertical metrics, read from their own woff2 files (data/fonts.ts), for the print tests: poppler's
 * word box is the font's ascent + descent (its hhea table) times the size, so a word's size in points is its box's
 * height divided by that font's `heightPerPoint`. The print tests hold because the product's fonts are used, whatever
 * fonts the machine has installed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { fontFiles } from '../data/fonts.ts';

/** WOFF2's known table tags, by index (the woff2 spec's table of tags). */
const TAGS = ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ', 'VORG', 'EBDT', 'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH', 'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar', 'gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill'];

/** A woff2 file's tables (head and hhea are never transformed, so they are read as they are). */
function woff2Tables(buf: Buffer): Map<string, Buffer> {
  if (buf.toString('latin1', 0, 4) !== 'wOF2') throw new Error('not a woff2 file');
  const numTables = buf.readUInt16BE(12);
  const compressedLength = buf.readUInt32BE(20);
  let at = 48;
  const base128 = () => {
    let v = 0;
    for (let i = 0; i < 5; i++) {
      const b = buf[at++]!;
      v = v * 128 + (b & 0x7f);
      if (!(b & 0x80)) return v;
    }
    throw new Error('bad UIntBase128');
  };
  const dir: { tag: string; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const flags = buf[at++]!;
    const tag = (flags & 0x3f) === 63 ? buf.toString('latin1', at, (at += 4)) : TAGS[flags & 0x3f]!;
    const version = flags >> 6;
    const orig = base128();
    // glyf and loca are transformed at version 0, every other table at a version other than 0
    const transformed = tag === 'glyf' || tag === 'loca' ? version === 0 : version !== 0;
    dir.push({ tag, length: transformed ? base128() : orig });
  }
  const data = brotliDecompressSync(buf.subarray(at, at + compressedLength));
  const tables = new Map<string, Buffer>();
  let offset = 0;
  for (const t of dir) tables.set(t.tag, data.subarray(offset, (offset += t.length)));
  return tables;
}

/**
 * A shipped family's word-box height per point of size: (hhea ascender − descender) / unitsPerEm of its regular
 * file (Source Sans 3: (1024 + 400) / 1000 = 1.424; Source Code Pro: (984 + 273) / 1000 = 1.257). DejaVu Sans is
 * about 1.164 and Liberation Sans 1.149, so a page drawn in a system font does not measure as one of these.
 */
export function heightPerPoint(family: 'Source Sans 3' | 'Source Code Pro'): number {
  const f = fontFiles().find((x) => x.family === family && x.weight === 400 && x.style === 'normal' && x.subset === 'latin')!;
  const t = woff2Tables(readFileSync(f.path));
  const head = t.get('head')!;
  const hhea = t.get('hhea')!;
  return (hhea.readInt16BE(4) - hhea.readInt16BE(6)) / head.readUInt16BE(18);
}

export interface Box { xMin: number; yMin: number; xMax: number; yMax: number }

/**
 * Each page's text runs drawn in Source Code Pro (the pack's code), as boxes in points from the top left, read by
 * poppler's `pdftohtml -xml` (which names each run's font): a word inside one is measured with that font's metrics.
 */
export function monoRuns(pdf: string): Box[][] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-q', '-stdout', '-zoom', '1', pdf], { encoding: 'utf8', maxBuffer: 256 << 20 });
  // a font is declared once, on the first page that uses it
  const mono = new Set([...xml.matchAll(/<fontspec id="(\d+)"[^>]*family="([^"]+)"/g)].filter((m) => /SourceCodePro/.test(m[2]!)).map((m) => m[1]));
  return [...xml.matchAll(/<page number="\d+"[^>]*>([\s\S]*?)<\/page>/g)].map(([, page]) =>
    [...page!.matchAll(/<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" font="(\d+)"/g)]
      .filter((m) => mono.has(m[5]))
      .map((m) => ({ xMin: +m[2]!, yMin: +m[1]!, xMax: +m[2]! + +m[3]!, yMax: +m[1]! + +m[4]! })),
  );
}

/** Whether a word's centre lies inside one of the boxes. */
export const inside = (w: Box, boxes: Box[]) => {
  const [x, y] = [(w.xMin + w.xMax) / 2, (w.yMin + w.yMax) / 2];
  return boxes.some((b) => x >= b.xMin && x <= b.xMax && y >= b.yMin && y <= b.yMax);
};
