import { describe, expect, it } from 'vitest';
import { castAll, changeAttendance, motionSpec, run, seatIdOf, signIn, sittingWith, T0, votesOf } from '../../shared/domain/test-fixtures';
import { SeatMapGenerations } from './seat-map-generations';

describe("the generation of a copy's seat map", () => {
  it('stands through a ballot opened, voted on by every seat and closed', () => {
    const generations = new SeatMapGenerations();
    let m = sittingWith('congress', 30, 30);
    const before = generations.of('m1', m.state);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b1'), quorumOverrideReason: null }, T0 + 10_000);
    expect(generations.of('m1', m.state)).toBe(before);
    m = castAll(m, 'b1', votesOf(20, 6, 4), T0 + 11_000);
    expect(generations.of('m1', m.state)).toBe(before);
    m = run(m, { type: 'CloseBallot', ballotId: 'b1', reason: 'presidium' }, T0 + 12_000);
    expect(generations.of('m1', m.state)).toBe(before);
  });

  it('moves when a seat signs in or its attendance is recorded, and never comes back to a number it gave', () => {
    const generations = new SeatMapGenerations();
    let m = sittingWith('congress', 30, 20);
    const seen = [generations.of('m1', m.state)];
    m = signIn(m, [seatIdOf(21)], T0 + 10_000);
    seen.push(generations.of('m1', m.state));
    m = changeAttendance(m, seatIdOf(22), 'on_leave', T0 + 11_000);
    seen.push(generations.of('m1', m.state));
    expect(new Set(seen).size).toBe(3);
    // An older map asked about again is a new generation, not its old number.
    const old = sittingWith('congress', 30, 20);
    expect(seen).not.toContain(generations.of('m1', old.state));
  });

  it('moves for a copy read anew: an equal map that is another object', () => {
    const generations = new SeatMapGenerations();
    const first = sittingWith('congress', 10, 10);
    const again = sittingWith('congress', 10, 10);
    expect(generations.of('m1', first.state)).not.toBe(generations.of('m1', again.state));
  });

  it('keeps meetings apart and forgets one taken out of service', () => {
    const generations = new SeatMapGenerations();
    const a = sittingWith('congress', 10, 10);
    const b = sittingWith('standing_committee', 10, 10);
    const ofA = generations.of('a', a.state);
    const ofB = generations.of('b', b.state);
    expect(generations.of('a', a.state)).toBe(ofA);
    expect(generations.of('b', b.state)).toBe(ofB);
    generations.forget('a');
    expect(generations.of('a', a.state)).not.toBe(ofA);
  });
});
