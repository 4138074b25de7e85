import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { round } from './spawn.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dashboard/dist');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** An Observable Plot chart: Plot's SVG (class "plot-…") or a figure wrapping one. */
const CHART = 'svg[class^="plot"], figure[class^="plot"] svg';

/** Gzipped size of every built .js and .css file in dashboard/dist. */
function builtSizes() {
  const files = readdirSync(DIST, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(js|css)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
  const size = (ext: string) => {
    const list = files.filter((f) => f.endsWith(ext));
    const raw = list.reduce((n, f) => n + readFileSync(f).length, 0);
    const gz = list.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    return { files: list.length, kib: round(raw / 1024, 1), gzipKib: round(gz / 1024, 1) };
  };
  return { js: size('.js'), css: size('.css') };
}

/**
 * B5: the built dashboard's gzipped JS/CSS, and, served by a real `saferboard serve` over `dbPath`, the bytes
 * fetched to render the board view and the time to its first chart in headless Chromium (Debian's).
 * Skipped, with the reason, when dashboard/dist or Chromium is missing.
 * @example await benchDashboard('bench/data/10m/saferboard.duckdb');
 */
export async function benchDashboard(dbPath: string, view = '/') {
  if (!existsSync(DIST)) return { available: false, reason: 'dashboard/dist does not exist (run the dashboard build first)' };
  const sizes = builtSizes();
  if (!existsSync(CHROMIUM)) return { available: true, sizes, browser: { available: false, reason: `${CHROMIUM} not installed` } };
  const server = spawn(process.execPath, [`${ROOT}bin/saferboard.js`, 'serve', '--db', dbPath, '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let err = '';
      server.stderr!.on('data', (d) => {
        err += d;
        const m = /serving .* on http:\/\/[^:]+:(\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      let bytes = 0;
      let requests = 0;
      cdp.on('Network.loadingFinished', (e) => {
        bytes += e.encodedDataLength;
        requests++;
      });
      const started = Date.now();
      await page.goto(`http://127.0.0.1:${port}${view}`);
      await page.waitForSelector(CHART, { timeout: 60_000 });
      const firstChartMs = Date.now() - started;
      // the first complete draw: every request answered and no panel still saying it is loading
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('[role="status"], .loading'), undefined, { timeout: 60_000 }).catch(() => {});
      const completeMs = Date.now() - started;
      runs.push({ firstChartMs, completeMs, bytes, requests, charts: await page.locator(CHART).count() });
      await context.close();
    }
    runs.sort((a, b) => a.completeMs - b.completeMs);
    const median = runs[1]!;
    return {
      available: true, view, sizes,
      firstChartMs: median.firstChartMs, firstChartMsRuns: runs.map((r) => r.firstChartMs),
      completeMs: median.completeMs, completeMsRuns: runs.map((r) => r.completeMs),
      kibFetched: round(median.bytes / 1024, 1), requests: median.requests, charts: median.charts,
    };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}
