import { describe, expect, it } from 'vitest';
import { PendingVotes, type PendingVote } from './pending-votes';

function vote(meetingId: string, seatId: string): PendingVote {
  return {
    entry: { ballotId: 'b1', seatId, idempotencyKey: `k-${seatId}`, receiptId: `r-${seatId}`, at: 1, choiceKey: null },
    paper: null,
    notice: { meetingId, ballotId: 'b1', seatId, voted: 1 },
  };
}
const seatsOf = (votes: readonly PendingVote[]) => votes.map((v) => v.entry.seatId);

describe('PendingVotes: the votes of a turn folded together, once each', () => {
  it('folds each meeting’s votes of a turn in one call, in order, at the end of the turn’s microtasks', async () => {
    const folds: [string, string[]][] = [];
    const pending = new PendingVotes((meetingId, votes) => folds.push([meetingId, seatsOf(votes)]));
    pending.add('m1', vote('m1', 's1'));
    pending.add('m2', vote('m2', 's9'));
    pending.add('m1', vote('m1', 's2'));
    expect(folds).toEqual([]);
    await Promise.resolve();
    expect(folds).toEqual([
      ['m1', ['s1', 's2']],
      ['m2', ['s9']],
    ]);
  });

  it('folds one meeting at once when its copy is read, and never folds a vote twice, even when a fold reads another meeting', async () => {
    const folds: [string, string[]][] = [];
    const pending: PendingVotes = new PendingVotes((meetingId, votes) => {
      folds.push([meetingId, seatsOf(votes)]);
      // A listener told of m1's votes renders m2's view: m2's copy is read, so folded, here.
      if (meetingId === 'm1') pending.foldNow('m2');
    });
    pending.add('m1', vote('m1', 's1'));
    pending.add('m2', vote('m2', 's9'));
    pending.add('m3', vote('m3', 's5'));
    pending.foldNow('m3');
    expect(folds).toEqual([['m3', ['s5']]]);
    pending.foldAll();
    await Promise.resolve();
    expect(folds).toEqual([
      ['m3', ['s5']],
      ['m1', ['s1']],
      ['m2', ['s9']],
    ]);
  });
});
