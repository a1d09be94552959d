import type { BallotBox } from '../../../shared/domain/ballots/kinds';
import type { MeetingArchive } from '../types';
import { InvalidStoreInputError } from '../errors';
import { asJournalRecord, type JournalRecord } from './journal-records';
import { MeetingIndex } from './meeting-index';

/**
 * Rebuilds an archived meeting in memory by the same replay that recovery uses, so an import
 * is held to exactly the rules of a journal read back from disk: versions in order, votes only
 * on opened ballots, one per seat, no choice beside a seat on a secret ballot, boxes that
 * agree with the register, and no ballot left open.
 * Throws InvalidStoreInputError (having written nothing) when not.
 * Returns the index and the copy of the archive it holds.
 */
export function replayArchive(archive: MeetingArchive): { index: MeetingIndex; archive: MeetingArchive } {
  function fail(reason: string): never {
    throw new InvalidStoreInputError(`archive of meeting ${archive.meetingId} cannot be imported: ${reason}`);
  }
  const { events, votes } = archive;
  if (!Array.isArray(events) || events.length === 0) fail('it has no events');
  if (!Array.isArray(votes?.participations) || typeof votes.boxes !== 'object' || votes.boxes === null) {
    fail('votes must hold participations and boxes');
  }
  const copy = structuredClone(archive);
  const records: JournalRecord[] = [];
  for (const [i, e] of copy.events.entries()) {
    const record = asJournalRecord({ s: 1, k: 'e', v: i + 1, e });
    if (!record) fail(`malformed event at version ${i + 1}`);
    records.push(record);
  }
  copy.votes.participations = copy.votes.participations.map((p) => {
    const record = asJournalRecord({ s: 1, k: 'p', p });
    if (record?.k !== 'p') fail(`malformed register entry ${JSON.stringify(p)}`);
    // Exactly the register's fields: nothing else rides along into the journal.
    const { ballotId, seatId, idempotencyKey, receiptId, at, choiceKey } = record.p;
    const entry = { ballotId, seatId, idempotencyKey, receiptId, at, choiceKey };
    records.push({ s: 1, k: 'p', p: entry });
    return entry;
  });
  const index = new MeetingIndex();
  const replayProblem = index.replayBatch(records);
  if (replayProblem) fail(replayProblem);
  // No ballot may arrive open. A secret one: its box would have to travel before close (an
  // export carries no open box, invariant 4). A last_counts one: an archive keeps only each
  // seat's current paper, not the keys of papers it replaced, so a late retry of a replaced
  // paper would be taken as a new press. Close it first.
  const open = index.openBallots();
  if (open.length > 0) {
    fail(`ballot ${open.join(', ')} is still open; close it before exporting`);
  }
  const boxProblem = index.restoreBoxes(new Map<string, BallotBox>(Object.entries(copy.votes.boxes)));
  if (boxProblem) fail(boxProblem);
  return { index, archive: copy };
}
