import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Printer } from './chromium.ts';
import type { Paper } from './style.ts';
export type { Printer } from './chromium.ts';

/** Debian's Chromium (never a downloaded browser); `SAFERBOARD_CHROMIUM` points elsewhere. */
export const chromiumPath = () => process.env.SAFERBOARD_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = () => existsSync(chromiumPath());

/**
 * Launches Chromium and opens the page the pack is printed from (print media, every network request refused), so
 * that `saferboard report` starts the browser while it reads the data and makes the HTML, and only the page load and
 * the printing are left for the end. Compiled (dist/), on a thread of its own (api/report/print-worker.ts): importing
 * playwright-core and launching take the other core while the main thread loads the engine and reads the pack. Run
 * from the TypeScript source (tests, tsx), in this thread.
 * @example const printer = await openPrinter(); try { await printer.print(html, 'board-pack.pdf') } finally { await printer.close() }
 */
export async function openPrinter(): Promise<Printer> {
  if (import.meta.url.endsWith('.ts')) return (await import('./chromium.ts')).launchPrinter(chromiumPath());
  const worker = new Worker(new URL('./print-worker.js', import.meta.url), { workerData: { executablePath: chromiumPath() } });
  // one request at a time: its answer, or the thread's failure
  const reply = () =>
    new Promise<void>((resolve, reject) => {
      const done = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      const onMessage = (m: { error?: string }) => (done(), m.error === undefined ? resolve() : reject(new Error(m.error)));
      const onError = (e: Error) => (done(), reject(e));
      const onExit = (code: number) => (done(), reject(new Error(`the printing thread ended (exit code ${code})`)));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
  try {
    await reply();
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  return {
    async print(html, path, paper = 'a4') {
      const printed = reply();
      worker.postMessage({ type: 'print', html, path, paper });
      await printed;
    },
    async close() {
      const closed = reply();
      worker.postMessage({ type: 'close' });
      await closed.finally(() => worker.terminate());
    },
  };
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
