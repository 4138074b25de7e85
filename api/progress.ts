import { SingleBar, Presets } from 'cli-progress';

export type ProgressMode = 'bar' | 'lines' | 'none';

interface ProgressEvent {
  file: string;
  index: number;
  total: number;
  done: boolean;
}

/**
 * The progress of a load's files on stderr: a bar (the default on a terminal), a line as each file starts and ends
 * (`lines`: for logs, and a point a watcher can act on), or nothing (the default elsewhere).
 */
export function progressBar(mode: ProgressMode = process.stderr.isTTY ? 'bar' : 'none') {
  if (mode === 'none') return { update: () => {}, stop: () => {} };
  if (mode === 'lines')
    return {
      update: (e: ProgressEvent) => console.error(`saferboard load: ${e.done ? 'loaded' : 'loading'} ${e.file} (${e.index + 1}/${e.total})`),
      stop: () => {},
    };
  const bar = new SingleBar(
    { format: 'loading [{bar}] {value}/{total} files | {file}', stream: process.stderr, clearOnComplete: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (e: ProgressEvent) => {
      if (!started) bar.start(e.total, 0, { file: e.file });
      started = true;
      bar.update(e.done ? e.index + 1 : e.index, { file: e.file });
    },
    stop: () => started && bar.stop(),
  };
}
