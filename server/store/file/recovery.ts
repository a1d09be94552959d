import { access } from 'node:fs/promises';
import type { BallotBox } from '../../../shared/domain/ballots/kinds';
import type { Logger } from '../../logger';
import { listBoxSnapshots, readBoxSnapshot, removeBoxSnapshot } from './box-snapshots';
import type { DiskStats } from './disk';
import { truncateJournal } from './journal-file';
import { scanJournal } from './journal-scan';
import type { MeetingPaths } from './layout';
import { MeetingIndex } from './meeting-index';

export type RecoveredMeeting =
  /** Nothing was ever committed (a create the crash interrupted): the id is free. */
  | { kind: 'absent' }
  | { kind: 'damaged'; reason: string }
  | { kind: 'loaded'; index: MeetingIndex; lastSeq: number; snapshotSeqs: Map<string, number> };

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Rebuilds one meeting from its directory. Everything is checked before anything is changed:
 * a damaged meeting is reported and left exactly as found, for someone to examine. Only a sound
 * meeting is tidied: its uncommitted journal tail cut off, its uncommitted and outdated box
 * snapshots removed.
 */
export async function recoverMeeting(paths: MeetingPaths, stats: DiskStats, logger: Logger): Promise<RecoveredMeeting> {
  if (!(await exists(paths.journal))) return { kind: 'absent' };
  const index = new MeetingIndex();
  /** Ballot → the last committed batch that voted on it: the seq its box snapshot must have. */
  const lastVoteSeq = new Map<string, number>();
  let lastSeq = 0;
  const scan = await scanJournal(paths.journal, (seq, records) => {
    const problem = index.replayBatch(records);
    if (problem) return problem;
    for (const record of records) if (record.k === 'p') lastVoteSeq.set(record.p.ballotId, seq);
    lastSeq = seq;
    return null;
  });
  if (scan.damage) return { kind: 'damaged', reason: scan.damage };

  const listing = await listBoxSnapshots(paths.boxDir);
  const boxes = new Map<string, BallotBox>();
  for (const [ballotId, seq] of lastVoteSeq) {
    const file = listing.snapshots.find((f) => f.ballotId === ballotId && f.seq === seq);
    if (!file) return { kind: 'damaged', reason: `ballot ${ballotId} has votes up to batch ${seq} but no box snapshot of it` };
    const read = await readBoxSnapshot(paths.boxDir, file);
    if (!read.ok) return { kind: 'damaged', reason: read.reason };
    boxes.set(ballotId, read.counts);
  }
  const boxProblem = index.restoreBoxes(boxes);
  if (boxProblem) return { kind: 'damaged', reason: boxProblem };

  if (scan.tail) {
    logger.warn('journal ends in an uncommitted batch (never acknowledged); cutting it off', {
      journal: paths.journal,
      reason: scan.tail.reason,
      bytes: scan.tail.bytes,
    });
    await truncateJournal(paths.journal, scan.committedBytes, stats);
  }
  for (const file of listing.snapshots) {
    if (lastVoteSeq.get(file.ballotId) === file.seq) continue;
    if (file.seq > lastSeq) logger.warn('removing a box snapshot of an uncommitted batch', { file: file.name });
    await removeBoxSnapshot(paths.boxDir, file.ballotId, file.seq);
  }
  for (const name of listing.strangers) logger.warn('unexpected file in a box directory; left alone', { name });

  if (index.version === 0) return { kind: 'absent' };
  index.markAllDurable();
  return { kind: 'loaded', index, lastSeq, snapshotSeqs: lastVoteSeq };
}
