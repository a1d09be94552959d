import { describe, expect, it } from 'vitest';
import { namedSeatMap } from './named-seat-map';
import { castAll, motionSpec, run, seatIdOf, sittingWith, T0 } from './test-fixtures';

describe('named seat map (issue 11): per-seat choices only for a published named ballot (R2.8, invariant 4)', () => {
  const open = (secrecy: 'named' | 'anonymous') =>
    run(sittingWith('congress', 5, 4), { type: 'OpenBallot', spec: motionSpec('b-1', { secrecy }), quorumOverrideReason: null }, T0 + 1);

  it('4 present of 5: 2 赞成, 1 反对, 1 present without a vote, 1 absent — each in its place', () => {
    let m = open('named');
    m = castAll(m, 'b-1', [[seatIdOf(1), 'yes'], [seatIdOf(2), 'no'], [seatIdOf(3), 'yes']], T0 + 2);
    expect(namedSeatMap(m.state, 'b-1')).toEqual({ ok: false, reason: 'not_published' });
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, T0 + 3);
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, T0 + 4);
    const outcome = namedSeatMap(m.state, 'b-1');
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.map.seats.map((s) => s.mark)).toEqual(['yes', 'no', 'yes', 'not_voted', 'absent']);
    expect(new Set(outcome.map.seats.map((s) => `${s.row}:${s.column}`)).size).toBe(5);
  });

  it('an anonymous ballot has no seat map, published or not; an unknown ballot neither', () => {
    let m = open('anonymous');
    m = castAll(m, 'b-1', [[seatIdOf(1), 'yes']], T0 + 2);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, T0 + 3);
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, T0 + 4);
    expect(namedSeatMap(m.state, 'b-1')).toEqual({ ok: false, reason: 'anonymous' });
    expect(namedSeatMap(m.state, 'constructor')).toEqual({ ok: false, reason: 'unknown' });
  });
});
