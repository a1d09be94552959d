import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BallotBox } from '../../../shared/domain/ballots/kinds';
import { namesIn } from './disk';
import { isSafeId } from './layout';

/**
 * Box snapshots of older versions, read only, so a data directory they wrote still opens.
 *
 * They wrote a ballot's counts, `{ choiceKey: count }`, to a new file per journal batch
 * (`box/<ballotId>.<seq>.json`) beside the register entries that batch committed: whoever
 * watched the directory could diff two snapshots and tell what the batch's voters chose. Boxes
 * now live in the journal only: sealed papers while a secret ballot is open, counts once its
 * gate shuts (journal-records.ts). Nothing writes snapshots any more; recovery reads the one a
 * closed ballot of an old journal still needs, and removes the rest.
 */
export interface BoxSnapshotFile {
  ballotId: string;
  seq: number;
  name: string;
}

const SNAPSHOT_NAME = /^(.+)\.([1-9][0-9]*)\.json$/;

export function snapshotFileName(ballotId: string, seq: number): string {
  return `${ballotId}.${seq}.json`;
}

export function parseSnapshotFileName(name: string): BoxSnapshotFile | null {
  const match = SNAPSHOT_NAME.exec(name);
  if (!match || !isSafeId(match[1] ?? '')) return null;
  const seq = Number(match[2]);
  return Number.isSafeInteger(seq) ? { ballotId: match[1] as string, seq, name } : null;
}

/** Why `value` is not a box of positive whole counts, or null when it is one. */
export function boxProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a box must be an object of counts';
  for (const [key, count] of Object.entries(value)) {
    if (key.length === 0) return 'a box has an empty choice key';
    if (!Number.isSafeInteger(count) || (count as number) < 1) return `box count for ${JSON.stringify(key)} is not a positive integer`;
  }
  return null;
}

export interface SnapshotListing {
  snapshots: BoxSnapshotFile[];
  /** Names that are not snapshots; left alone. */
  strangers: string[];
}

export async function listBoxSnapshots(boxDir: string): Promise<SnapshotListing> {
  const listing: SnapshotListing = { snapshots: [], strangers: [] };
  for (const name of await namesIn(boxDir)) {
    const parsed = parseSnapshotFileName(name);
    if (parsed) listing.snapshots.push(parsed);
    else listing.strangers.push(name);
  }
  return listing;
}

export type SnapshotRead = { ok: true; counts: BallotBox } | { ok: false; reason: string };

export async function readBoxSnapshot(boxDir: string, file: BoxSnapshotFile): Promise<SnapshotRead> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(join(boxDir, file.name), 'utf8'));
  } catch (error) {
    return { ok: false, reason: `box snapshot ${file.name} is unreadable: ${(error as Error).message}` };
  }
  const problem = boxProblem(value);
  return problem ? { ok: false, reason: `box snapshot ${file.name}: ${problem}` } : { ok: true, counts: value as BallotBox };
}

/** Removing an outdated snapshot needs no directory sync: recovery removes it again if it reappears. */
export async function removeBoxSnapshot(boxDir: string, ballotId: string, seq: number): Promise<void> {
  try {
    await unlink(join(boxDir, snapshotFileName(ballotId, seq)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
