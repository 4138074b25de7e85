/** Reading PDFs in tests with poppler: each page's words and their boxes, and the words drawn over each other. */
import { execFileSync } from 'node:child_process';


export interface Word { text: string; xMin: number; yMin: number; xMax: number; yMax: number }
export interface PdfPage { width: number; height: number; words: Word[] }

/** Every page of a PDF with its words' bounding boxes (points, from the top left), read by `pdftotext -bbox`. */
export function pdfPages(pdf: string): PdfPage[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  return [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((p) => ({
    width: Number(p[1]),
    height: Number(p[2]),
    words: [...p[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      xMin: Number(w[1]),
      yMin: Number(w[2]),
      xMax: Number(w[3]),
      yMax: Number(w[4]),
      text: decode(w[5]!),
    })),
  }));
}

/**
 * The words (with a letter or digit) drawn over another on the same page: more than a third of the smaller word's
 * box covered (poppler's boxes of words on one line only touch), as `page N: "a" over "b"`.
 */
export function overlappingWords(pages: PdfPage[]): string[] {
  const out: string[] = [];
  for (const [n, p] of pages.entries()) {
    const words = p.words.filter((w) => /[A-Za-z0-9]/.test(w.text));
    for (let i = 0; i < words.length; i++)
      for (let j = i + 1; j < words.length; j++) {
        const a = words[i]!;
        const b = words[j]!;
        const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        const smaller = Math.min((a.xMax - a.xMin) * (a.yMax - a.yMin), (b.xMax - b.xMin) * (b.yMax - b.yMin));
        if (x > 0 && y > 0 && x * y > smaller / 3) out.push(`page ${n + 1}: "${a.text}" over "${b.text}"`);
      }
  }
  return out;
}

/** Each page's text as `pdftotext -layout` lays it out (pages split at the form feed). */
export function pdfPageTexts(pdf: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  return text.split('\f').slice(0, -1);
}

/** A line's words, with a word broken at a hyphen joined again and spaces made single. */
export const words = (s: string) => s.replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ').trim();

/**
 * The pages whose last line of content (above the page number) is, or begins, one of the headings: a heading left
 * alone at the foot of a page, its table or text on the next. Headings are compared without a leading outcome number.
 */
export function headingsLast(pages: string[], headings: string[]): string[] {
  const norm = (s: string) => words(s).replace(/^\d+\s+/, '').toLowerCase();
  const hs = headings.map(norm).filter((h) => h.length > 0);
  return pages.flatMap((p, n) => {
    const lines = p.split('\n').map((l) => l.trim()).filter((l) => l && !/^Page \d+ of \d+$/.test(l));
    const last = norm(lines.at(-1) ?? '');
    const hit = last.length >= 4 && hs.find((h) => h.startsWith(last) || last.startsWith(h));
    return hit ? [`page ${n + 1} ends with the heading "${hit}"`] : [];
  });
}
