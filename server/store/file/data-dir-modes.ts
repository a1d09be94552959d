import { chmod, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logger';
import { BallotKeyring } from '../../secrecy/ballot-keys';
import { fsyncDirectory, writeFileSynced, type DiskStats } from './disk';
import { DIR_MODE, FILE_MODE } from './layout';

/**
 * Only the server's user may read the data directory (invariant 4): the register says who
 * voted, and while a secret ballot is open the directory holds its wrapped key. New files and
 * directories are created 0600/0700; a directory made by an older version (0755, 0644) is
 * tightened when the store opens it.
 */
export async function makeDataDirPrivate(dir: string, logger: Logger): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await tighten(dir, 0, logger);
}

const MAX_DEPTH = 4;

async function tighten(path: string, depth: number, logger: Logger): Promise<void> {
  await chmodOrWarn(path, DIR_MODE, logger);
  if (depth >= MAX_DEPTH) return;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await tighten(child, depth + 1, logger);
    else if (entry.isFile()) await chmodOrWarn(child, FILE_MODE, logger);
  }
}

/** A path owned by another user (a mount point) cannot be changed: said loudly, not fatal. */
async function chmodOrWarn(path: string, mode: number, logger: Logger): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EACCES') throw error;
    logger.warn('could not make a path of the data directory private; give it to the server user with mode 0700/0600', {
      path,
      mode: mode.toString(8),
      code,
    });
  }
}

/** Development only: the master key when BALLOT_KEY is not set, kept beside the data. */
export const DEV_MASTER_KEY_FILE = 'ballot-master.key';

/**
 * A master key for development, generated once and kept (0600) in the data directory so
 * restarts can open the ballots left open. It sits beside the sealed papers it protects, so it
 * protects nothing from whoever can read the directory: production refuses to start without
 * BALLOT_KEY (server/config.ts), and this logs a warning every time it is used.
 */
export async function developmentKeyring(dir: string, stats: DiskStats, logger: Logger): Promise<BallotKeyring> {
  const path = join(dir, DEV_MASTER_KEY_FILE);
  let secret: string;
  try {
    secret = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    secret = BallotKeyring.randomSecret();
    await writeFileSynced(path, `${secret}\n`, stats);
    await fsyncDirectory(dir, stats);
  }
  logger.warn(
    'BALLOT_KEY is not set: secret ballots are sealed with a development key kept in the data directory, which does not protect them; production must set BALLOT_KEY',
    { file: path },
  );
  return BallotKeyring.fromSecret(secret);
}
