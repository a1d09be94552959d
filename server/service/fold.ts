import { applyBox, applyRegisterEntry, evolve, initialState, replaceRegister, restoreRegister } from '../../shared/domain/evolve';
import type { IdMap, MeetingEvent, MeetingState, RegisterEntry } from '../../shared/domain/meeting';
import { meetingSpecProblems } from '../../shared/domain/roster';
import type { VoteRecords } from '../store/types';
import { InconsistentLogError } from './quarantine';

/**
 * State is the fold of the log (invariant 3): the command events, then the register of who
 * voted, then the durable boxes. Returns null for an empty log. Throws InconsistentLogError (or
 * whatever a malformed event makes the fold throw) for a log that is not a meeting; the
 * service quarantines such a meeting instead of serving it.
 */
export function foldMeeting(events: readonly MeetingEvent[], votes: VoteRecords): MeetingState | null {
  const [created, ...rest] = events;
  if (!created) return null;
  if (created.type !== 'MeetingCreated') throw new InconsistentLogError(`log does not start with MeetingCreated but ${String(created.type)}`);
  const problems = meetingSpecProblems(created.spec);
  if (problems.length > 0) throw new InconsistentLogError(`the roster or agenda is inconsistent: ${problems.join('; ')}`);
  // initialState already is version 1, the version MeetingCreated makes.
  return applyVotes(foldEvents(initialState(created.spec), rest), votes);
}

/** Folds command events onto a state. A later MeetingCreated would restart the meeting: it is not a log of one meeting. */
export function foldEvents(state: MeetingState, events: readonly MeetingEvent[]): MeetingState {
  let next = state;
  for (const event of events) {
    if (event.type === 'MeetingCreated') throw new InconsistentLogError(`a second MeetingCreated at version ${next.version + 1}`);
    next = evolve(next, event);
  }
  return next;
}

/**
 * The store's votes into a state. A whole read (a load) adds every register entry (idempotent
 * per ballot and seat) and takes the boxes. A read of some ballots (`onlyBallots`: those a close
 * just shut) replaces their registers and boxes with the store's: after the close the store's
 * register is the one that counts, and the copy may hold an entry the store lost in a failover
 * (replaceRegister). A register the store found the same as the one the reader held (`unchanged`,
 * read with `held`) is kept as the reader holds it.
 */
export function applyVotes(
  state: MeetingState,
  votes: VoteRecords,
  onlyBallots?: ReadonlySet<string>,
  held?: ReadonlyMap<string, { register: IdMap<RegisterEntry> }>,
): MeetingState {
  let next = state;
  if (onlyBallots) {
    const unchanged = new Set(votes.unchanged);
    for (const ballotId of onlyBallots) {
      if (!unchanged.has(ballotId)) {
        next = replaceRegister(next, ballotId, votes.register);
        continue;
      }
      const register = held?.get(ballotId)?.register;
      // The store left out a register it was told is held: never replace it with nothing.
      if (!register) throw new Error(`the store left out ballot ${ballotId}'s register, which this copy does not hold`);
      next = restoreRegister(next, ballotId, register);
    }
  } else {
    for (const p of votes.register) next = applyRegisterEntry(next, p);
  }
  for (const [ballotId, box] of Object.entries(votes.boxes)) {
    if (!onlyBallots || onlyBallots.has(ballotId)) next = applyBox(next, ballotId, box);
  }
  return next;
}
