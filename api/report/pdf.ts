import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { Paper } from './style.ts';

/** Debian's Chromium (never a downloaded browser); `SAFERBOARD_CHROMIUM` points elsewhere. */
export const chromiumPath = () => process.env.SAFERBOARD_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = () => existsSync(chromiumPath());

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** A headless Chromium with its page open, ready to print one pack. */
export interface Printer {
  /** Prints the HTML to a landscape PDF at `path`. */
  print(html: string, path: string, paper?: Paper): Promise<void>;
  /** Ends the browser (always call it, printed or not). */
  close(): Promise<void>;
}

/**
 * Launches Chromium and opens the page the pack is printed from (print media, every network request refused), so
 * that `saferboard report` starts the browser while it reads the data and makes the HTML, and only the page load
 * and the printing are left for the end.
 * @example const printer = await openPrinter(); try { await printer.print(html, 'board-pack.pdf') } finally { await printer.close() }
 */
export async function openPrinter(): Promise<Printer> {
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.emulateMedia({ media: 'print' });
    return {
      async print(html, path, paper = 'a4') {
        await page.setContent(html, { waitUntil: 'load' });
        // the embedded fonts (data/fonts.ts) in before printing: laid out for print, then every face the text needs loaded
        await page.evaluate(async () => {
          void document.body.offsetHeight;
          await document.fonts.ready;
        });
        await page.pdf({ path, format: paper === 'a3' ? 'A3' : 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
      },
      close: () => browser.close(),
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/**
 * Prints the pack's HTML to a landscape PDF on A4 (default) or A3 with headless Chromium, once its embedded fonts have
 * loaded; every network request is refused.
 * @example await printPdf(html, 'reports/barnet-2018-12/board-pack.pdf')
 */
export async function printPdf(html: string, path: string, paper: Paper = 'a4'): Promise<void> {
  const printer = await openPrinter();
  try {
    await printer.print(html, path, paper);
  } finally {
    await printer.close();
  }
}
