// The comparison for B6: Chromium (Debian's, through playwright-core) loading a finished board-pack.html and printing
// it with the options the pack uses (api/report/pdf.ts), in a fresh Node process of its own; plain JavaScript, so
// nothing is compiled at start-up. Prints its phases (ms) as JSON.
//   node bench/children/print-html.mjs reports/x/board-pack.html /tmp/x.pdf [a4|a3]
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [html, pdf, paper = 'a4'] = process.argv.slice(2);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const t = [performance.now()];
const lap = () => (t.push(performance.now()), Math.round(t.at(-1) - t.at(-2)));
const browser = await chromium.launch({ executablePath: process.env.SAFERBOARD_CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
const page = await browser.newPage();
const launchMs = lap();
await page.route((url) => url.protocol !== 'file:', (route) => route.abort());
await page.emulateMedia({ media: 'print' });
await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
await page.evaluate(async () => {
  void document.body.offsetHeight;
  await document.fonts.ready;
});
const loadMs = lap();
await page.pdf({ path: pdf, format: paper === 'a3' ? 'A3' : 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
const printMs = lap();
await browser.close();
const closeMs = lap();
console.log(JSON.stringify({ launchMs, loadMs, printMs, closeMs, totalMs: Math.round(t.at(-1) - t[0]) }));
