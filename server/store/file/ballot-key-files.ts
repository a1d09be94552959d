import { mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { WrappedBallotKey } from '../../secrecy/ballot-keys';
import { fsyncDirectory, namesIn, writeFileSynced, type DiskStats } from './disk';
import { DIR_MODE, isSafeId } from './layout';

/**
 * An open secret ballot's key on disk: `keys/<ballotId>.key`, 0600, holding the key wrapped by
 * the master key (BALLOT_KEY) and the size its papers are padded to. It exists from the batch
 * that opens the ballot (written and synced, file and directory, before that batch's journal
 * write, so no sealed paper is ever durable without its key) until the batch that shuts the
 * gate is durable; then it is unlinked and the directory synced. From then on the ballot's
 * sealed papers in the journal open for nobody, master key or not: only the counts written at
 * the close remain readable.
 */
const KEY_SUFFIX = '.key';

export function keyFileName(ballotId: string): string {
  return `${ballotId}${KEY_SUFFIX}`;
}

function ballotIdOf(name: string): string | null {
  if (!name.endsWith(KEY_SUFFIX)) return null;
  const ballotId = name.slice(0, -KEY_SUFFIX.length);
  return isSafeId(ballotId) ? ballotId : null;
}

/** Writes one wrapped key durably: the file, then the directory entry. */
export async function writeBallotKeyFile(keysDir: string, ballotId: string, stored: WrappedBallotKey, stats: DiskStats): Promise<void> {
  const created = await mkdir(keysDir, { recursive: true, mode: DIR_MODE });
  if (created !== undefined) await fsyncDirectory(dirname(keysDir), stats);
  await writeFileSynced(join(keysDir, keyFileName(ballotId)), JSON.stringify(stored), stats);
  await fsyncDirectory(keysDir, stats);
}

/** Destroys one ballot key durably (a missing file is already destroyed). */
export async function removeBallotKeyFile(keysDir: string, ballotId: string, stats: DiskStats): Promise<void> {
  try {
    await unlink(join(keysDir, keyFileName(ballotId)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw error;
  }
  await fsyncDirectory(keysDir, stats);
}

export type KeyFileRead = { ok: true; stored: WrappedBallotKey | null } | { ok: false; reason: string };

/** The wrapped key of a ballot; `stored` null when it has no key file. */
export async function readBallotKeyFile(keysDir: string, ballotId: string): Promise<KeyFileRead> {
  let text: string;
  try {
    text = await readFile(join(keysDir, keyFileName(ballotId)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, stored: null };
    return { ok: false, reason: `key file of ballot ${ballotId} is unreadable: ${(error as Error).message}` };
  }
  try {
    const value = JSON.parse(text) as Partial<WrappedBallotKey>;
    if (typeof value.wrapped === 'string' && Number.isSafeInteger(value.paperBytes)) {
      return { ok: true, stored: { wrapped: value.wrapped, paperBytes: value.paperBytes as number } };
    }
  } catch {
    // reported below
  }
  return { ok: false, reason: `key file of ballot ${ballotId} is not a wrapped ballot key` };
}

export interface KeyFileListing {
  ballotIds: string[];
  /** Names that are not key files; left alone. */
  strangers: string[];
}

export async function listBallotKeyFiles(keysDir: string): Promise<KeyFileListing> {
  const listing: KeyFileListing = { ballotIds: [], strangers: [] };
  for (const name of await namesIn(keysDir)) {
    const ballotId = ballotIdOf(name);
    if (ballotId) listing.ballotIds.push(ballotId);
    else listing.strangers.push(name);
  }
  return listing;
}
