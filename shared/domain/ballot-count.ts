import { countBallot, countTally, methodOf, type BallotCountContext, type BallotResult } from './ballots/kinds';
import { manualIssued, manualTally } from './ballots/manual';
import { boxOf } from './evolve';
import type { MeetingState } from './meeting';

/**
 * The count of a closed ballot, by the same pure functions for the presidium's review, for
 * PublishResult and for any replay (invariant 3). Null when the ballot is not closed, or is a
 * manual ballot whose counts are not entered yet.
 *
 * Electronic ballots: 未表决 = seats present at close that did not vote. 实到 for the ballot
 * (R2.6) = seats present at close plus voters who left before the close: a delegate who voted and
 * then left still counts, so 实到 = 参加表决 + 未表决 is read aloud; 发出 is the same number, so a
 * voter walking out never makes returned > issued.
 */
export function countClosedBallot(state: MeetingState, ballotId: string): BallotResult | null {
  const ballot = state.ballots.get(ballotId);
  if (!ballot || ballot.status !== 'closed') return null;
  const present = ballot.presentAtClose ?? 0;
  const base = { total: state.total, present, bodyKind: state.spec.body.kind };
  if (methodOf(ballot.spec) === 'manual') {
    if (!ballot.manualCount) return null;
    const { counts } = ballot.manualCount;
    const issued = manualIssued(counts);
    const context: BallotCountContext = issued === undefined ? base : { ...base, issued };
    return countTally(ballot.spec, manualTally(ballot.spec, counts), context);
  }
  const register = state.registers.get(ballotId);
  const presentSeats = ballot.presentSeatsAtClose ?? [];
  // One pass over the seats present at close (the console's view counts this at every change
  // while the result waits): those of them who voted give both figures, since every voter is
  // either present at close or left after voting.
  let presentAndVoted = 0;
  if (register) for (const seatId of presentSeats) if (register.has(seatId)) presentAndVoted++;
  const notVoted = presentSeats.length - presentAndVoted;
  const leftAfterVoting = (register?.size ?? 0) - presentAndVoted;
  const presentForBallot = presentSeats.length + leftAfterVoting;
  return countBallot(ballot.spec, boxOf(state, ballotId) ?? {}, {
    ...base,
    present: presentForBallot,
    issued: presentForBallot,
    notVoted,
  });
}
