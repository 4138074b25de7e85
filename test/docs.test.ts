/**
 * The documentation (issue 22, item 7): a README a newcomer reads in five minutes, and the reference in docs/, one page
 * per subject. Every relative link of README.md and docs/*.md leads to a file that exists and, when it names an
 * anchor, to a heading of that file (GitHub's anchors: github-slugger's rule, worked out here by hand).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

/**
 * Pages being written on other branches (issue 22's board paper, SPC, explorer; issue 23's wards and MPS dashboard),
 * linked as "coming": a link to one of them may lead nowhere until it is merged. Once the page exists, its name must
 * leave this list (a test below says so), and its links are checked like any other.
 */
const COMING: string[] = [];

const DOCS = join(ROOT, 'docs');
const pages = (): string[] => [
  join(ROOT, 'README.md'),
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(DOCS, f)),
];

/** The Markdown outside fenced code blocks, line by line, with inline code spans blanked. */
function prose(markdown: string): string[] {
  const out: string[] = [];
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      fence = !fence;
      continue;
    }
    if (!fence) out.push(line.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length)));
  }
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (letters, digits, `_`, `-` and spaces kept), each space a hyphen. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page's headings, with GitHub's -1, -2 … for repeats. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fence = !fence;
    const m = !fence && /^#{1,6} (.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base);
    seen.set(base, (n ?? -1) + 1);
    out.add(n === undefined ? base : `${base}-${n + 1}`);
  }
  return out;
}

/** Every link and image target of a page that is not a URL: `[text](target)`, `![alt](target)`. */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const line of prose(markdown))
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (!/^[a-z][a-z+.-]*:/i.test(target)) out.push(target);
    }
  return out;
}

/** The links of `file` (whose text is `markdown`) that lead nowhere, each with why. */
function brokenLinks(file: string, markdown: string, exists = existsSync, read = (f: string) => readFileSync(f, 'utf8')): string[] {
  const broken: string[] = [];
  for (const target of relativeLinks(markdown)) {
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const to = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
    const where = `${relative(ROOT, file)}: (${target})`;
    const self = to === file;
    if (!self && !exists(to)) {
      if (!(dirname(to) === DOCS && COMING.includes(relative(DOCS, to)))) broken.push(`${where}: no file ${relative(ROOT, to)}`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!to.endsWith('.md') || (!self && statSync(to).isDirectory())) {
      broken.push(`${where}: an anchor into a file that is not Markdown`);
      continue;
    }
    if (!anchors(self ? markdown : read(to)).has(anchor)) broken.push(`${where}: no heading #${anchor} in ${relative(ROOT, to)}`);
  }
  return broken;
}

describe('the link checker itself', () => {
  it("works out GitHub's anchors", () => {
    // the README's own links before the split, which GitHub resolved
    expect(slug('Is this month unusual? SPC (`GET /api/spc`)')).toBe('is-this-month-unusual-spc-get-apispc');
    expect(slug('SPC, intervals, funnel plots and series breaks')).toBe('spc-intervals-funnel-plots-and-series-breaks');
    expect(slug('Disclosure control (`--public`, and `public=1` on the API)')).toBe('disclosure-control---public-and-public1-on-the-api');
    expect([...anchors('# A\n## B\n## B\n```\n# C\n```\n')]).toEqual(['a', 'b', 'b-1']);
  });

  it('finds a missing file, a missing anchor and ignores URLs and code', () => {
    const file = join(DOCS, 'made-up.md');
    const text = [
      '# Here',
      '[ok](#here) [gone](nowhere.md) [bad anchor](#there) [web](https://example.org/x.md) `[code](x.md)`',
      '```',
      '[fenced](y.md)',
      '```',
      '[index](index.md#not-a-heading) ![img](images/none.png) [coming](spc.md)',
    ].join('\n');
    expect(brokenLinks(file, text)).toEqual([
      'docs/made-up.md: (nowhere.md): no file docs/nowhere.md',
      'docs/made-up.md: (#there): no heading #there in docs/made-up.md',
      'docs/made-up.md: (index.md#not-a-heading): no heading #not-a-heading in docs/index.md',
      'docs/made-up.md: (images/none.png): no file docs/images/none.png',
    ]);
  });
});

describe('README.md and docs/', () => {
  it('README.md is short: at most 150 lines', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(150);
  });

  it('the README shows the board and a pack page, and links to docs/index.md', () => {
    const links = relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(links).toEqual(expect.arrayContaining(['docs/images/board.png', 'docs/images/pack-page.png', 'docs/index.md']));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
  });

  it('each page of docs/ opens with its one title (a single # heading)', () => {
    for (const f of readdirSync(DOCS).filter((x) => x.endsWith('.md'))) {
      const titles = prose(readFileSync(join(DOCS, f), 'utf8')).filter((l) => /^# /.test(l));
      expect(titles.length, f).toBe(1);
      expect(readFileSync(join(DOCS, f), 'utf8').startsWith('# '), f).toBe(true);
    }
  });

  it('every relative link leads to a file and heading that exist', () => {
    const all = pages();
    expect(all.length).toBeGreaterThan(15);
    const checked = all.flatMap((f) => relativeLinks(readFileSync(f, 'utf8')));
    expect(checked.length).toBeGreaterThan(50);
    expect(all.flatMap((f) => brokenLinks(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('every page of docs/ is listed in docs/index.md', () => {
    const listed = new Set(relativeLinks(readFileSync(join(DOCS, 'index.md'), 'utf8')).map((t) => t.split('#')[0]));
    const unlisted = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'index.md' && !listed.has(f));
    expect(unlisted).toEqual([]);
  });

  it('a page marked "coming" that exists now leaves the COMING list (and the word "coming")', () => {
    const arrived = COMING.filter((f) => existsSync(join(DOCS, f)));
    expect(arrived, 'merged: take these out of COMING here and drop "coming" where README.md and docs/ link them').toEqual([]);
    // while a page is coming, the index says so beside its link
    const index = readFileSync(join(DOCS, 'index.md'), 'utf8').split('\n');
    for (const f of COMING) expect(index.find((l) => l.includes(`](${f})`)), f).toMatch(/\(coming\)/);
  });
});
