import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the load lock of a database (`PATH.lock`, holding the loader's pid), waiting while another live load
 * holds it; a lock left by a killed load is taken over. Returns the function that releases it.
 * @example const release = await acquireLock(db); try { … } finally { release(); }
 */
export async function acquireLock(dbPath: string, { timeoutMs = 30 * 60_000, onWait = (_pid: number) => {} } = {}) {
  const lock = `${dbPath}.lock`;
  const deadline = Date.now() + timeoutMs;
  let warned = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) {
      rmSync(lock, { force: true }); // left by a load that was killed
      continue;
    }
    if (!warned) onWait(pid);
    warned = true;
    if (Date.now() > deadline) throw new Error(`another load (pid ${pid}) still holds ${lock}`);
    await sleep(200);
  }
}
