/**
 * The printer's thread (api/report/pdf.ts `openPrinter`): imports playwright-core and launches Chromium beside the
 * main thread, which meanwhile loads the engine and reads the pack; then prints what it is sent.
 * Messages in: `{ type: 'print', html, path, paper }`, `{ type: 'close' }`; out: `{}` when done, `{ error }` if not
 * (first once the page is open).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { launchPrinter } from './chromium.ts';
import type { Paper } from './style.ts';

type Request = { type: 'print'; html: string; path: string; paper: Paper } | { type: 'close' };

const port = parentPort!;
const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));
const printer = launchPrinter((workerData as { executablePath: string }).executablePath);
printer.then(
  () => port.postMessage({}),
  (e: unknown) => port.postMessage({ error: reason(e) }),
);
port.on('message', async (m: Request) => {
  try {
    if (m.type === 'print') await (await printer).print(m.html, m.path, m.paper);
    else await printer.then((p) => p.close(), () => undefined);
    port.postMessage({});
  } catch (e) {
    port.postMessage({ error: reason(e) });
  }
});
