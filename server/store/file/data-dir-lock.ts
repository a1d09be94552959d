import { open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../../logger';

/**
 * One writer per data directory. Two processes (or two stores in one process) appending to the
 * same journals would interleave their batches and damage every meeting they touch, so opening
 * a directory that a live store holds is refused. A lock left by a process that died (a crash,
 * SIGKILL) is taken over: the dead cannot write.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(`data directory ${dir} is in use by process ${holderPid}`);
    this.name = 'DataDirLockedError';
  }
}

const LOCK_FILE = 'LOCK';
/** Directories this process holds: a pid check cannot tell two stores of one process apart. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

export async function lockDataDir(dir: string, logger: Logger): Promise<DataDirLock> {
  const key = resolve(dir);
  if (heldHere.has(key)) throw new DataDirLockedError(dir, process.pid);
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    // Our own pid in the file is a previous life of this process id (a restarted container).
    if (Number.isSafeInteger(holder) && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dir, holder);
    logger.warn('taking over the lock of a process that is gone', { dir, holder: Number.isNaN(holder) ? null : holder });
    await unlink(path).catch(() => {});
  }
  heldHere.add(key);
  return {
    async release() {
      heldHere.delete(key);
      await unlink(path).catch(() => {});
    },
  };
}
