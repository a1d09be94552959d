import { access } from 'node:fs/promises';
import type { BallotBox } from '../../../shared/domain/ballots/kinds';
import type { Logger } from '../../logger';
import { SealError, type BallotKey, type BallotKeyring, type WrappedBallotKey } from '../../secrecy/ballot-keys';
import { listBallotKeyFiles, readBallotKeyFile, removeBallotKeyFile, writeBallotKeyFile } from './ballot-key-files';
import { listBoxSnapshots, readBoxSnapshot, removeBoxSnapshot, type BoxSnapshotFile } from './box-snapshots';
import type { DiskStats } from './disk';
import { truncateJournal } from './journal-file';
import { scanJournal } from './journal-scan';
import { registerBallotIdsOf } from './journal-records';
import type { MeetingPaths } from './layout';
import { MeetingIndex, type SealedPapers } from './meeting-index';

export type RecoveredMeeting =
  /** Nothing was ever committed (a create the crash interrupted): the id is free. */
  | { kind: 'absent' }
  | { kind: 'damaged'; reason: string }
  | { kind: 'loaded'; index: MeetingIndex; lastSeq: number; keys: Map<string, BallotKey> };

export interface RecoveryEnv {
  meetingId: string;
  stats: DiskStats;
  logger: Logger;
  keyring: BallotKeyring;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

class Damage extends Error {}

/**
 * Rebuilds one meeting from its directory. Everything is checked before anything is changed:
 * a damaged meeting is reported and left exactly as found, for someone to examine. Only a sound
 * meeting is tidied: its uncommitted journal tail cut off, stale key files destroyed.
 *
 * Boxes come from the journal alone (journal-records.ts): a shut ballot's from the counts
 * written when it shut; an open named ballot's from its register; an open secret ballot's by
 * opening its sealed papers with its key. The crash windows of a secret ballot's key:
 * - key file written, the batch that opens the ballot torn: the ballot is not open, the key
 *   file is stale and destroyed;
 * - the batch that shuts it durable, the key file not yet unlinked: destroyed now;
 * - open at restart: the key is unwrapped with the master key and its papers opened; a missing
 *   key or one that does not open (another BALLOT_KEY) makes the meeting damaged, never guessed.
 */
export async function recoverMeeting(paths: MeetingPaths, env: RecoveryEnv): Promise<RecoveredMeeting> {
  const { stats, logger } = env;
  if (!(await exists(paths.journal))) return { kind: 'absent' };
  const index = new MeetingIndex();
  /** Ballot → the last committed batch that voted on it: where an old version's box snapshot is. */
  const lastVoteSeq = new Map<string, number>();
  let lastSeq = 0;
  const scan = await scanJournal(paths.journal, (seq, records) => {
    const problem = index.replayBatch(records);
    if (problem) return problem;
    for (const record of records) for (const ballotId of registerBallotIdsOf(record)) lastVoteSeq.set(ballotId, seq);
    lastSeq = seq;
    return null;
  });
  if (scan.damage) return { kind: 'damaged', reason: scan.damage };

  const snapshots = await listBoxSnapshots(paths.boxDir);
  const keyFiles = await listBallotKeyFiles(paths.keysDir);
  const keys = new Map<string, BallotKey>();
  /** Open secret ballots with no vote and no key file (e.g. from an older version): keyed afresh. */
  const newKeys: Array<{ ballotId: string; stored: WrappedBallotKey }> = [];
  const usedSnapshots = new Set<BoxSnapshotFile>();
  const boxes = new Map<string, BallotBox>();
  try {
    const replayed = index.replayedBoxes();
    const openSecret = new Map(index.openSecretBallots().map(({ ballotId, paperBytes }) => [ballotId, paperBytes]));
    for (const ballotId of [...lastVoteSeq.keys(), ...openSecret.keys(), ...replayed.counts.keys()]) {
      if (boxes.has(ballotId)) continue;
      const gate = index.gateOf(ballotId);
      if (!gate) continue; // restoreBoxes reports votes on a ballot never opened
      if (gate.shut) {
        const counts = replayed.counts.get(ballotId);
        boxes.set(ballotId, counts ?? (await legacyBox(ballotId, gate.named)));
      } else if (gate.named) {
        boxes.set(ballotId, index.registeredChoices(ballotId));
      } else {
        const key = await openKey(ballotId, gate.paperBytes ?? 0);
        if (key) keys.set(ballotId, key);
        boxes.set(ballotId, key ? openPapers(key, replayed.sealed.get(ballotId) ?? []) : {});
      }
    }
  } catch (error) {
    if (error instanceof Damage) return { kind: 'damaged', reason: error.message };
    throw error;
  }
  const boxProblem = index.restoreBoxes(boxes);
  if (boxProblem) return { kind: 'damaged', reason: boxProblem };

  // ---- the meeting is sound: tidy it ----
  if (scan.tail) {
    logger.warn('journal ends in an uncommitted batch (never acknowledged); cutting it off', {
      journal: paths.journal,
      reason: scan.tail.reason,
      bytes: scan.tail.bytes,
    });
    await truncateJournal(paths.journal, scan.committedBytes, stats);
  }
  for (const ballotId of keyFiles.ballotIds) {
    if (keys.has(ballotId)) continue;
    // A ballot whose opening batch never committed, or whose close is durable: its key must go.
    logger.warn('destroying the key file of a ballot that is not open', { ballotId });
    await removeBallotKeyFile(paths.keysDir, ballotId, stats);
  }
  for (const name of keyFiles.strangers) logger.warn('unexpected file in a keys directory; left alone', { name });
  for (const { ballotId, stored } of newKeys) await writeBallotKeyFile(paths.keysDir, ballotId, stored, stats);
  for (const file of snapshots.snapshots) {
    if (usedSnapshots.has(file)) continue;
    await removeBoxSnapshot(paths.boxDir, file.ballotId, file.seq);
  }
  for (const name of snapshots.strangers) logger.warn('unexpected file in a box directory; left alone', { name });

  if (index.version === 0) return { kind: 'absent' };
  index.markAllDurable();
  return { kind: 'loaded', index, lastSeq, keys };

  /** A shut ballot from a journal written before counts records: its register or its last snapshot. */
  async function legacyBox(ballotId: string, named: boolean): Promise<BallotBox> {
    if (named) return index.registeredChoices(ballotId);
    const seq = lastVoteSeq.get(ballotId);
    if (seq === undefined) return {};
    const file = snapshots.snapshots.find((f) => f.ballotId === ballotId && f.seq === seq);
    if (!file) throw new Damage(`ballot ${ballotId} is shut but its counts are nowhere: no counts record, no box snapshot of batch ${seq}`);
    const read = await readBoxSnapshot(paths.boxDir, file);
    if (!read.ok) throw new Damage(read.reason);
    usedSnapshots.add(file);
    return read.counts;
  }

  /** The key of an open secret ballot, from its key file; a fresh one if it has never had a vote. */
  async function openKey(ballotId: string, paperBytes: number): Promise<BallotKey | null> {
    const read = await readBallotKeyFile(paths.keysDir, ballotId);
    if (!read.ok) throw new Damage(read.reason);
    if (!read.stored) {
      if (index.turnout(ballotId) > 0 || (index.replayedBoxes().sealed.get(ballotId)?.length ?? 0) > 0) {
        throw new Damage(`secret ballot ${ballotId} is open with votes but its key file is missing`);
      }
      const made = env.keyring.newBallotKey(env.meetingId, ballotId, paperBytes);
      newKeys.push({ ballotId, stored: made.stored });
      return made.key;
    }
    try {
      return env.keyring.unwrap(env.meetingId, ballotId, read.stored);
    } catch (error) {
      if (error instanceof SealError) {
        throw new Damage(`the key of open secret ballot ${ballotId} does not open with this BALLOT_KEY (${error.message})`);
      }
      throw error;
    }
  }

  function openPapers(key: BallotKey, sealed: readonly SealedPapers[]): BallotBox {
    const box: BallotBox = {};
    for (const { sealed: text, papers } of sealed) {
      let choiceKeys: string[];
      try {
        choiceKeys = papers === 'one' ? [key.open(text)] : key.openPapers(text, papers);
      } catch (error) {
        throw new Damage(`a sealed paper of ballot ${key.ballotId} does not open: ${(error as Error).message}`);
      }
      for (const choiceKey of choiceKeys) box[choiceKey] = (box[choiceKey] ?? 0) + 1;
    }
    return box;
  }
}
