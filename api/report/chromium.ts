import { chromium } from 'playwright-core';
import type { Paper } from './style.ts';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** A headless Chromium with its page open, ready to print one pack. */
export interface Printer {
  /** Prints the HTML to a landscape PDF at `path`. */
  print(html: string, path: string, paper?: Paper): Promise<void>;
  /** Ends the browser (always call it, printed or not). */
  close(): Promise<void>;
}

/**
 * Launches Chromium (playwright-core, the executable given) and opens the page the pack is printed from: print media,
 * every network request refused. `print` loads the HTML, waits for its embedded fonts and prints it.
 * @example const printer = await launchPrinter('/usr/bin/chromium'); try { await printer.print(html, 'board-pack.pdf') } finally { await printer.close() }
 */
export async function launchPrinter(executablePath: string): Promise<Printer> {
  const browser = await chromium.launch({ executablePath, args: ARGS });
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
