import { describe, expect, it } from 'vitest';
import { gateChanges } from './gate';
import type { Actor } from './meeting';
import { consoleView, publicView } from './views';
import { attempt, castVote, motionSpec, replay, run, sittingWith, T0, type Meeting } from './test-fixtures';

const OPEN_AT = T0 + 10_000;
const SECOND_MEMBER: Actor = { role: 'presidium', name: '主席团成员 张华', accountId: 'acc-zhang' };
const FIRST_MEMBER: Actor = { role: 'presidium', name: '执行主席 李明', accountId: 'acc-li' };

/** 40 seats, 30 present, b-1 open with a 60 s countdown (deadline OPEN_AT + 60 000). */
const open = (): Meeting =>
  run(sittingWith('congress', 40, 30), { type: 'OpenBallot', spec: motionSpec('b-1', { durationSec: 60 }), quorumOverrideReason: null }, OPEN_AT);

describe('countdown extend / pause / resume (invariant 7: the deadline in the events is the truth)', () => {
  it('extend by 30 s moves the deadline from +60 s to +90 s; a cast at +75 s is accepted, at +90 s refused', () => {
    const m = run(open(), { type: 'ExtendCountdown', ballotId: 'b-1', seconds: 30 }, OPEN_AT + 20_000);
    expect(m.events.at(-1)).toMatchObject({ type: 'CountdownExtended', deadline: OPEN_AT + 90_000 });
    expect(m.state.ballots.get('b-1')?.deadline).toBe(OPEN_AT + 90_000);
    expect(gateChanges(m.events.slice(-1))).toEqual([{ type: 'deadline', ballotId: 'b-1', deadline: OPEN_AT + 90_000 }]);
    expect(castVote(m, 'b-1', 'seat-001', { option: 'yes' }, OPEN_AT + 75_000).attempt).toEqual({ recorded: true });
    expect(castVote(m, 'b-1', 'seat-002', { option: 'yes' }, OPEN_AT + 90_000).attempt).toEqual({ recorded: false, code: 'BALLOT_NOT_OPEN' });
    // The deadline close follows the new deadline, not the old one.
    expect(attempt(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'deadline' }, OPEN_AT + 60_000)).toMatchObject({ code: 'DEADLINE_NOT_REACHED' });
  });

  it('pause at +20 s keeps 40 s; while paused votes are still taken and no deadline closes it; extend 10 s while paused; resume at +300 s → deadline +350 s', () => {
    let m = run(open(), { type: 'PauseCountdown', ballotId: 'b-1' }, OPEN_AT + 20_000);
    expect(m.events.at(-1)).toMatchObject({ type: 'CountdownPaused', remainingMs: 40_000 });
    expect(publicView(m.state).ballot).toMatchObject({ deadline: null, pausedRemainingMs: 40_000 });
    expect(gateChanges(m.events.slice(-1))).toEqual([{ type: 'deadline', ballotId: 'b-1', deadline: null }]);
    expect(castVote(m, 'b-1', 'seat-001', { option: 'yes' }, OPEN_AT + 120_000).attempt).toEqual({ recorded: true });
    expect(attempt(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'deadline' }, OPEN_AT + 120_000)).toMatchObject({ code: 'DEADLINE_NOT_REACHED' });
    // Extending while paused adds to the time left.
    m = run(m, { type: 'ExtendCountdown', ballotId: 'b-1', seconds: 10 }, OPEN_AT + 200_000);
    expect(publicView(m.state).ballot).toMatchObject({ deadline: null, pausedRemainingMs: 50_000 });
    m = run(m, { type: 'ResumeCountdown', ballotId: 'b-1' }, OPEN_AT + 300_000);
    expect(publicView(m.state).ballot).toMatchObject({ deadline: OPEN_AT + 350_000, pausedRemainingMs: null });
    expect(replay(m.events).ballots.get('b-1')?.deadline).toBe(OPEN_AT + 350_000);
  });

  it('after the real deadline nothing rescues the ballot; a ballot without countdown has none to control', () => {
    expect(attempt(open(), { type: 'ExtendCountdown', ballotId: 'b-1', seconds: 30 }, OPEN_AT + 60_000)).toMatchObject({ code: 'BALLOT_NOT_OPEN' });
    const noCountdown = run(sittingWith('congress', 40, 30), { type: 'OpenBallot', spec: motionSpec('b-2', { durationSec: null }), quorumOverrideReason: null }, OPEN_AT);
    expect(attempt(noCountdown, { type: 'PauseCountdown', ballotId: 'b-2' }, OPEN_AT + 1)).toMatchObject({ code: 'NO_COUNTDOWN' });
    expect(attempt(open(), { type: 'ExtendCountdown', ballotId: 'b-1', seconds: 0 }, OPEN_AT + 1)).toMatchObject({ code: 'INVALID_COUNTDOWN' });
    expect(attempt(open(), { type: 'ExtendCountdown', ballotId: 'constructor', seconds: 5 }, OPEN_AT + 1)).toMatchObject({ code: 'UNKNOWN_BALLOT' });
  });
});

describe('voiding a published result takes a second presidium member (R2.8, R2.9)', () => {
  const published = (): Meeting => {
    let m = run(open(), { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 5_000, FIRST_MEMBER);
    return run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 6_000, FIRST_MEMBER);
  };

  it('the first member asks; the same person cannot confirm; another member confirms and the ballot is void', () => {
    let m = run(published(), { type: 'VoidBallot', ballotId: 'b-1', reason: '计票软件故障' }, OPEN_AT + 7_000, FIRST_MEMBER);
    expect(m.events.at(-1)).toMatchObject({ type: 'VoidRequested', ballotId: 'b-1', reason: '计票软件故障' });
    expect(m.state.ballots.get('b-1')?.status).toBe('published');
    expect(consoleView(m.state).ballots[0]?.pendingVoid).toMatchObject({ by: FIRST_MEMBER.name, reason: '计票软件故障' });
    expect(attempt(m, { type: 'VoidBallot', ballotId: 'b-1', reason: '再次' }, OPEN_AT + 7_500, SECOND_MEMBER)).toMatchObject({
      code: 'VOID_CONFIRMATION_PENDING',
    });
    // Same account, even under another display name.
    expect(attempt(m, { type: 'ConfirmVoid', ballotId: 'b-1', approve: true }, OPEN_AT + 8_000, { ...FIRST_MEMBER, name: '李明' })).toMatchObject({
      code: 'SAME_PERSON',
    });
    m = run(m, { type: 'ConfirmVoid', ballotId: 'b-1', approve: true }, OPEN_AT + 9_000, SECOND_MEMBER);
    expect(m.events.slice(-2)).toMatchObject([
      { type: 'VoidRequestDecided', approved: true, by: SECOND_MEMBER },
      { type: 'BallotVoided', reason: '计票软件故障', by: FIRST_MEMBER },
    ]);
    expect(publicView(m.state).ballot).toMatchObject({ status: 'void', result: null, voidReason: '计票软件故障' });
  });

  it('a refusal keeps the result; a ballot not yet published is voided by one person as before', () => {
    let m = run(published(), { type: 'VoidBallot', ballotId: 'b-1', reason: '误操作' }, OPEN_AT + 7_000, FIRST_MEMBER);
    m = run(m, { type: 'ConfirmVoid', ballotId: 'b-1', approve: false }, OPEN_AT + 8_000, SECOND_MEMBER);
    expect(m.state.ballots.get('b-1')).toMatchObject({ status: 'published', pendingVoid: null });
    expect(attempt(m, { type: 'ConfirmVoid', ballotId: 'b-1', approve: true }, OPEN_AT + 9_000, SECOND_MEMBER)).toMatchObject({ code: 'UNKNOWN_REQUEST' });
    const unpublished = run(open(), { type: 'VoidBallot', ballotId: 'b-1', reason: '表决器故障' }, OPEN_AT + 1_000, FIRST_MEMBER);
    expect(unpublished.state.ballots.get('b-1')?.status).toBe('void');
  });
});
