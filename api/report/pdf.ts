import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Paper } from './style.ts';

/** Debian's Chromium (never a downloaded browser); `SAFERBOARD_CHROMIUM` points elsewhere. */
export const chromiumPath = () => process.env.SAFERBOARD_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = () => existsSync(chromiumPath());

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/**
 * Prints the pack's HTML to a landscape PDF on A4 (default) or A3 with headless Chromium, once its embedded fonts have
 * loaded; every network request is refused.
 * @example await printPdf(html, 'reports/barnet-2018-12/board-pack.pdf')
 */
export async function printPdf(html: string, path: string, paper: Paper = 'a4'): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // the embedded fonts (data/fonts.ts) in before printing: laid out for print, then every face the text needs loaded
    await page.evaluate(async () => {
      void document.body.offsetHeight;
      await document.fonts.ready;
    });
    await page.pdf({ path, format: paper === 'a3' ? 'A3' : 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}
