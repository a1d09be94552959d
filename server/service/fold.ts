import { applyBox, applyParticipation, evolve, initialState } from '../../shared/domain/evolve';
import type { MeetingEvent, MeetingState } from '../../shared/domain/meeting';
import type { VoteRecords } from '../store/types';

/**
 * State is the fold of the log (invariant 3): the command events, then the register of who
 * voted, then the durable boxes. Returns null for an empty log.
 */
export function foldMeeting(events: readonly MeetingEvent[], votes: VoteRecords): MeetingState | null {
  const [created, ...rest] = events;
  if (!created) return null;
  if (created.type !== 'MeetingCreated') throw new Error(`log does not start with MeetingCreated but ${created.type}`);
  // initialState already is version 1, the version MeetingCreated makes.
  let state = initialState(created.spec);
  for (const event of rest) state = evolve(state, event);
  return applyVotes(state, votes);
}

/** Adds every participation (idempotent per ballot and seat) and takes the store's boxes. */
export function applyVotes(state: MeetingState, votes: VoteRecords, onlyBallots?: ReadonlySet<string>): MeetingState {
  let next = state;
  for (const p of votes.participations) {
    if (!onlyBallots || onlyBallots.has(p.ballotId)) next = applyParticipation(next, p);
  }
  for (const [ballotId, box] of Object.entries(votes.boxes)) {
    if (!onlyBallots || onlyBallots.has(ballotId)) next = applyBox(next, ballotId, box);
  }
  return next;
}
