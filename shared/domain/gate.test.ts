import { describe, expect, it } from 'vitest';
import { gateChanges } from './gate';
import { createMeeting, motionSpec, run, signIn, seatIds, sittingWith, T0 } from './test-fixtures';

const OPEN_AT = T0 + 10_000;

describe('gateChanges: what the store needs to accept casts atomically', () => {
  it('BallotOpened opens the gate with its deadline (T0+70 s) and named=false for an anonymous ballot', () => {
    const before = sittingWith('congress', 30, 20);
    const after = run(before, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT);
    expect(gateChanges(after.events.slice(before.events.length))).toEqual([
      { type: 'open', ballotId: 'b-1', deadline: OPEN_AT + 60_000, named: false },
    ]);
  });

  it('R2.5: a named (记名) ballot with no countdown opens with named=true and deadline null', () => {
    const m = run(
      sittingWith('congress', 30, 20),
      { type: 'OpenBallot', spec: motionSpec('b-1', { secrecy: 'named', durationSec: null }), quorumOverrideReason: null },
      OPEN_AT,
    );
    expect(gateChanges(m.events)).toEqual([{ type: 'open', ballotId: 'b-1', deadline: null, named: true }]);
  });

  it('BallotClosed and BallotVoided shut the gate, in log order; ResultPublished changes nothing', () => {
    let m = run(sittingWith('congress', 30, 20), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 1);
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 2);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-2'), quorumOverrideReason: null }, OPEN_AT + 3);
    m = run(m, { type: 'VoidBallot', ballotId: 'b-2', reason: '表决器故障' }, OPEN_AT + 4);
    expect(gateChanges(m.events)).toEqual([
      { type: 'open', ballotId: 'b-1', deadline: OPEN_AT + 60_000, named: false },
      { type: 'shut', ballotId: 'b-1' },
      { type: 'open', ballotId: 'b-2', deadline: OPEN_AT + 3 + 60_000, named: false },
      { type: 'shut', ballotId: 'b-2' },
    ]);
  });

  it('meeting, attendance and session events never touch a gate', () => {
    let m = signIn(createMeeting('congress', 30), seatIds(20), T0);
    m = run(m, { type: 'OpenSession' }, T0 + 1);
    m = run(m, { type: 'StartItem', itemId: 'item-1' }, T0 + 2);
    m = run(m, { type: 'CloseSession' }, T0 + 3);
    expect(m.events.length).toBe(24);
    expect(gateChanges(m.events)).toEqual([]);
  });
});
