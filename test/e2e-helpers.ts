import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadFiles } from '../data/load.ts';
import { ROOT, SAMPLE, serveCli, tempDb } from './helpers.ts';
import { CHROMIUM } from './requires.ts';

export { CHROMIUM };
export const ARTIFACTS = join(ROOT, 'test/artifacts');

export interface Harness {
  base: string;
  browser: Browser;
  server: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * Loads data/sample (or `files`) into a fresh database (or takes a database already loaded: `db`), serves it with the
 * real CLI on a free port and opens Chromium.
 */
export async function start({ env = {}, db: prepared, files = [SAMPLE] }: { env?: Record<string, string>; db?: string; files?: string[] } = {}): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const db = prepared ?? tempDb();
  if (!prepared) await loadFiles(files, { db });
  // the dashboard was built once, before the suite (test/global-setup.ts)
  const served = await serveCli(db, { env });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    base: served.base,
    browser,
    server: served.child,
    stop: async () => {
      await browser.close();
      served.child.kill('SIGTERM');
    },
  };
}

/**
 * The harness of a describe block: started (sample loaded, server and Chromium up) before its tests, stopped after
 * them; its fields are read inside the tests.
 * @example const h = useHarness({ env: { SAFERBOARD_TOKEN: 't' } }); it('…', () => h.browser.newPage())
 */
export function useHarness(options?: Parameters<typeof start>[0]): Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await start(options);
  }, 180_000);
  afterAll(async () => h?.stop());
  const started = () => h ?? (() => { throw new Error('the harness has not started'); })();
  return {
    get base() { return started().base; },
    get browser() { return started().browser; },
    get server() { return started().server; },
    stop: () => started().stop(),
  };
}

/** A page that records console errors and uncaught exceptions; `ignore` filters expected resource errors. */
export async function openPage(h: Harness, path: string, ignore: (text: string, url: string) => boolean = () => false, before?: (page: Page) => void) {
  const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
  before?.(page);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignore(m.text(), m.location().url)) errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(h.base + path);
  await ready(page);
  return { page, errors };
}

/** Waits until the view and all its panels have finished loading. */
export async function ready(page: Page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 30_000 });
}

/** A PDF's text, read by poppler's pdftotext (a test calling it is declared with describeWith('pdftotext')). */
export function pdfText(file: string): string {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`pdftotext ${file} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** The rule sets run: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }

/**
 * Runs axe-core (from npm, injected into the page: its context needs `bypassCSP`) at WCAG 2.2 A and AA; returns each
 * violation as "rule (impact): help (n elements)" and the selectors of the elements at fault, for a failing test.
 */
export async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations: Violation[] = await page.evaluate(
    (tags) => (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: Violation[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: tags } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))),
    AXE_TAGS,
  );
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.length} elements)\n${v.nodes.slice(0, 8).map((n) => `    ${n.target.join(' ')}  ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}`).join('\n')}`);
}
