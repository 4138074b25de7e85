import { SingleBar, Presets } from 'cli-progress';

/** A progress bar over the files of a load, on stderr when it is a terminal; silent otherwise. */
export function progressBar() {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar(
    { format: 'loading [{bar}] {value}/{total} files | {file}', stream: process.stderr, clearOnComplete: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (e: { file: string; index: number; total: number; done: boolean }) => {
      if (!started) bar.start(e.total, 0, { file: e.file });
      started = true;
      bar.update(e.done ? e.index + 1 : e.index, { file: e.file });
    },
    stop: () => started && bar.stop(),
  };
}
