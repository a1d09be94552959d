import { describe, expect, it } from 'vitest';
import { countClosedBallot } from './ballot-count';
import { castAll, changeAttendance, motionSpec, run, seatIdOf, sittingWith, T0, votesOf } from './test-fixtures';

describe('countClosedBallot: 实到 = 参加表决 + 未表决 (R2.6)', () => {
  it('counts a voter who left before the close in 实到, and the present who did not vote as 未表决', () => {
    // 40 seats, 30 signed in; 26 vote (13 yes, 9 no, 4 abstain); seat 1 (a yes) leaves after voting,
    // seat 30 (who did not vote) leaves too.
    let m = sittingWith('congress', 40, 30);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 4_000);
    m = castAll(m, 'b-1', votesOf(13, 9, 4), T0 + 5_000);
    m = changeAttendance(m, seatIdOf(1), 'absent', T0 + 6_000);
    m = changeAttendance(m, seatIdOf(30), 'absent', T0 + 6_500);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, T0 + 7_000);
    // Present at close: 28 seats, of which 25 voted; 3 did not (seats 27–29). The voter who left
    // still counts: 实到 29 = 参加表决 26 + 未表决 3. Passing needs yes × 2 > 40: 13 fails.
    expect(countClosedBallot(m.state, 'b-1')).toMatchObject({
      kind: 'motion',
      total: 40,
      present: 29,
      voted: 26,
      yes: 13,
      no: 9,
      abstain: 4,
      notVoted: 3,
      outcome: 'failed',
    });
  });

  it('is null while the ballot is open', () => {
    let m = sittingWith('congress', 10, 8);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 4_000);
    expect(countClosedBallot(m.state, 'b-1')).toBeNull();
  });
});
