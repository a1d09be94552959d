import { describe, expect, it } from 'vitest';
import { applyBox, applyRegisterEntry, boxOf, presentCount } from './evolve';
import type { MeetingEvent } from './meeting';
import { checkCast } from './decide';
import {
  attempt,
  castAll,
  castVote,
  CHAIR,
  changeAttendance,
  createMeeting,
  FIRST_ITEM,
  motionSpec,
  replay,
  run,
  SECOND_ITEM,
  SECRETARIAT,
  seatIdOf,
  seatIds,
  signIn,
  sittingWith,
  T0,
  votesOf,
  type Meeting,
} from './test-fixtures';

const OPEN_AT = T0 + 10_000;
/** motionSpec's default countdown is 60 s. */
const DEADLINE = OPEN_AT + 60_000;

function openBallot(m: Meeting, ballotId = 'b-1', now = OPEN_AT, overrides = {}): Meeting {
  return run(m, { type: 'OpenBallot', spec: motionSpec(ballotId, overrides), quorumOverrideReason: null }, now);
}

function eventsOf(m: Meeting, type: MeetingEvent['type']): MeetingEvent[] {
  return m.events.filter((e) => e.type === type);
}

describe('a whole congress sitting, folded from MeetingCreated', () => {
  it('R1.1/R1.5/R2.2/R2.8: 40 seats, 26 signed in blocks opening; the 27th opens it; 21 yes of 40 passes', () => {
    let m = createMeeting('congress', 40);
    m = signIn(m, seatIds(26), T0 + 1_000);
    m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(40), status: 'on_leave' }, T0 + 1_500, SECRETARIAT);

    expect(attempt(m, { type: 'OpenSession' }, T0 + 2_000)).toEqual({
      ok: false,
      code: 'QUORUM_NOT_MET',
      message: expect.stringContaining('27'),
      details: { present: 26, total: 40, required: 27, onLeave: 1 },
    });

    m = signIn(m, [seatIdOf(27)], T0 + 3_000);
    m = run(m, { type: 'OpenSession' }, T0 + 4_000);
    expect(m.events.at(-1)).toEqual({ type: 'SessionOpened', at: T0 + 4_000, by: CHAIR, total: 40, present: 27 });
    expect(m.state).toMatchObject({ phase: 'in_session', total: 40 });

    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 5_000);
    m = openBallot(m);
    m = castAll(m, 'b-1', votesOf(21, 3, 2), OPEN_AT + 5_000);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 30_000);
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 40_000);
    m = run(m, { type: 'CloseSession' }, OPEN_AT + 50_000);

    expect(m.state.ballots.get('b-1')?.result).toMatchObject({
      total: 40,
      present: 27,
      voted: 26,
      yes: 21,
      no: 3,
      abstain: 2,
      notVoted: 1,
      outcome: 'passed',
      rule: { requiredYes: 21 },
    });
    expect(m.events.map((e) => e.type)).toEqual([
      'MeetingCreated',
      ...Array(26).fill('AttendanceRecorded'),
      'AttendanceRecorded', // seat-040 on leave
      'AttendanceRecorded', // seat-027
      'SessionOpened',
      'ItemStarted',
      'BallotOpened',
      'BallotClosed',
      'ResultPublished',
      'SessionClosed',
    ]);
    expect(m.state.phase).toBe('closed');
  });

  it('invariant 3: the log plus the vote records rebuild exactly the live state, version = number of events', () => {
    let m = sittingWith('congress', 40, 30);
    m = openBallot(m);
    m = castAll(m, 'b-1', votesOf(18, 6, 4), OPEN_AT + 1_000);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 30_000);

    let rebuilt = replay(m.events);
    for (const p of m.state.registers.get('b-1')?.values() ?? []) rebuilt = applyRegisterEntry(rebuilt, p);
    rebuilt = applyBox(rebuilt, 'b-1', boxOf(m.state, 'b-1') ?? {});

    expect(rebuilt).toEqual(m.state);
    // MeetingStore: "a meeting's version is the number of command events in its log".
    expect(rebuilt.version).toBe(m.events.length);
  });
});

describe('R1.1/R1.2/R1.5 OpenSession is blocked below quorum and allowed at exactly the quorum', () => {
  it('R1.2: standing committee of 29: 14 signed in → QUORUM_NOT_MET (required 15); 15 → SessionOpened', () => {
    let m = signIn(createMeeting('standing_committee', 29), seatIds(14), T0);
    expect(attempt(m, { type: 'OpenSession' }, T0 + 1)).toMatchObject({
      ok: false,
      code: 'QUORUM_NOT_MET',
      details: { present: 14, total: 29, required: 15, onLeave: 0 },
    });
    m = run(signIn(m, [seatIdOf(15)], T0 + 2), { type: 'OpenSession' }, T0 + 3);
    expect(m.state.phase).toBe('in_session');
  });

  it('R1.1: congress of 30: exactly 20 signed in opens the sitting', () => {
    const m = run(signIn(createMeeting('congress', 30), seatIds(20), T0), { type: 'OpenSession' }, T0 + 1);
    expect(eventsOf(m, 'SessionOpened')).toMatchObject([{ total: 30, present: 20 }]);
  });

  it('R1.4: delegates on leave are not present: 27 signed in of 40 but 1 then put on leave → blocked at 26', () => {
    let m = signIn(createMeeting('congress', 40), seatIds(27), T0);
    m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(1), status: 'on_leave' }, T0 + 1, SECRETARIAT);
    expect(attempt(m, { type: 'OpenSession' }, T0 + 2)).toMatchObject({
      code: 'QUORUM_NOT_MET',
      details: { present: 26, onLeave: 1 },
    });
  });

  it('a session opens once: a second OpenSession → WRONG_PHASE', () => {
    expect(attempt(sittingWith('congress', 30, 20), { type: 'OpenSession' }, T0 + 9)).toMatchObject({
      code: 'WRONG_PHASE',
    });
  });
});

describe('R0.2 应到 is frozen when the session opens', () => {
  it('R0.2: SessionOpened with total 39 (a vacancy) makes 39 the base: 20 yes of 39 passes at publish', () => {
    let m = signIn(createMeeting('congress', 40), seatIds(30), T0);
    // The roster has 40 seats; the session froze 39 lawful seats.
    const opened: MeetingEvent = { type: 'SessionOpened', at: T0 + 1, by: CHAIR, total: 39, present: 30 };
    m = { events: [...m.events, opened], state: replay([...m.events, opened]) };
    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 2);
    m = openBallot(m);
    m = castAll(m, 'b-1', votesOf(20, 10, 0), OPEN_AT + 1);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2);
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 3);
    expect(m.state.ballots.get('b-1')?.result).toMatchObject({ total: 39, outcome: 'passed', rule: { requiredYes: 20 } });
  });
});

describe('StartItem', () => {
  it('makes the item current and the previous one done', () => {
    let m = sittingWith('congress', 30, 20);
    expect(m.state.items.toObject()).toEqual({ [FIRST_ITEM]: 'current', [SECOND_ITEM]: 'pending' });
    m = run(m, { type: 'StartItem', itemId: SECOND_ITEM }, T0 + 9);
    expect(m.state.currentItemId).toBe(SECOND_ITEM);
    expect(m.state.items.toObject()).toEqual({ [FIRST_ITEM]: 'done', [SECOND_ITEM]: 'current' });
  });

  it('refuses an unknown item (UNKNOWN_ITEM), a closed phase (WRONG_PHASE) and a move while a ballot is open', () => {
    expect(attempt(sittingWith('congress', 30, 20), { type: 'StartItem', itemId: 'nope' }, T0 + 9)).toMatchObject({
      code: 'UNKNOWN_ITEM',
    });
    expect(attempt(createMeeting('congress', 30), { type: 'StartItem', itemId: FIRST_ITEM }, T0)).toMatchObject({
      code: 'WRONG_PHASE',
    });
    expect(
      attempt(openBallot(sittingWith('congress', 30, 20)), { type: 'StartItem', itemId: SECOND_ITEM }, OPEN_AT + 1),
    ).toMatchObject({ code: 'BALLOT_IN_PROGRESS' });
  });
});

describe('R1.5 OpenBallot re-checks the quorum; the presidium may override with a recorded reason', () => {
  /** Congress of 40 opened with 27, then one leaves: 26 present, quorum 27. */
  function belowQuorum(): Meeting {
    const m = sittingWith('congress', 40, 27);
    return run(m, { type: 'RecordAttendance', seatId: seatIdOf(27), status: 'absent' }, T0 + 5_000, SECRETARIAT);
  }

  it('R1.5: 26 of 40 present, no reason → QUORUM_NOT_MET, overridable, nothing opened', () => {
    const m = belowQuorum();
    const spec = motionSpec('b-1');
    expect(attempt(m, { type: 'OpenBallot', spec, quorumOverrideReason: null }, OPEN_AT)).toMatchObject({
      ok: false,
      code: 'QUORUM_NOT_MET',
      details: { present: 26, total: 40, required: 27, overridable: true },
    });
    expect(attempt(m, { type: 'OpenBallot', spec, quorumOverrideReason: '   ' }, OPEN_AT)).toMatchObject({
      code: 'QUORUM_NOT_MET',
    });
  });

  it("R1.5: 26 of 40 present with a reason → opened, quorumMet false, override recorded with the chair's name", () => {
    const reason = '一名代表临时离场，主席团决定继续表决';
    const m = run(belowQuorum(), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: `  ${reason} ` }, OPEN_AT);
    expect(m.events.at(-1)).toMatchObject({
      type: 'BallotOpened',
      by: CHAIR,
      present: 26,
      quorumMet: false,
      quorumOverride: { by: '执行主席 李明', reason },
    });
    expect(m.state.ballots.get('b-1')).toMatchObject({ status: 'open', quorumMet: false, quorumOverride: { by: CHAIR.name, reason } });
  });

  it('R1.5: at exactly the quorum (27 of 40) no override is recorded, even if a reason is sent', () => {
    const m = run(sittingWith('congress', 40, 27), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: '无' }, OPEN_AT);
    expect(m.state.ballots.get('b-1')).toMatchObject({ presentAtOpen: 27, quorumMet: true, quorumOverride: null });
  });
});

describe('OpenBallot rules', () => {
  it('deadline = now + durationSec*1000: opened at T0+10 s with 90 s → T0+100 s; no countdown → null', () => {
    const m = openBallot(sittingWith('congress', 30, 20), 'b-1', OPEN_AT, { durationSec: 90 });
    expect(m.state.ballots.get('b-1')?.deadline).toBe(T0 + 100_000);
    const byHand = openBallot(sittingWith('congress', 30, 20), 'b-1', OPEN_AT, { durationSec: null });
    expect(byHand.state.ballots.get('b-1')?.deadline).toBeNull();
  });

  it('only one open ballot at a time: a second → BALLOT_IN_PROGRESS naming the open one', () => {
    const m = openBallot(sittingWith('congress', 30, 20));
    expect(attempt(m, { type: 'OpenBallot', spec: motionSpec('b-2'), quorumOverrideReason: null }, OPEN_AT + 1)).toMatchObject({
      code: 'BALLOT_IN_PROGRESS',
      message: expect.stringContaining('b-1'),
    });
  });

  it('a ballot on an item that is not current → ITEM_NOT_CURRENT; on no item → UNKNOWN_ITEM', () => {
    const m = sittingWith('congress', 30, 20);
    const open = (itemId: string) =>
      attempt(m, { type: 'OpenBallot', spec: motionSpec('b-1', { itemId }), quorumOverrideReason: null }, OPEN_AT);
    expect(open(SECOND_ITEM)).toMatchObject({ code: 'ITEM_NOT_CURRENT' });
    expect(open('item-99')).toMatchObject({ code: 'UNKNOWN_ITEM' });
  });

  it('a ballot id is used once: reopening a closed b-1 → DUPLICATE_BALLOT', () => {
    let m = openBallot(sittingWith('congress', 30, 20));
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 1);
    expect(attempt(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT + 2)).toMatchObject({
      code: 'DUPLICATE_BALLOT',
    });
  });

  it('no ballot before the session opens → WRONG_PHASE', () => {
    const m = signIn(createMeeting('congress', 30), seatIds(30), T0);
    expect(attempt(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 1)).toMatchObject({
      code: 'WRONG_PHASE',
    });
  });
});

describe('CloseBallot', () => {
  it("R7 server time: reason 'deadline' is refused 1 ms before the deadline and accepted at it", () => {
    const m = openBallot(sittingWith('congress', 30, 20));
    expect(attempt(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'deadline' }, DEADLINE - 1)).toMatchObject({
      code: 'DEADLINE_NOT_REACHED',
    });
    const closed = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'deadline' }, DEADLINE);
    expect(closed.state.ballots.get('b-1')).toMatchObject({ status: 'closed', closedAt: DEADLINE, closeReason: 'deadline', presentAtClose: 20 });
    expect(run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'deadline' }, DEADLINE + 5_000).state.ballots.get('b-1')?.status).toBe(
      'closed',
    );
  });

  it("reason 'deadline' on a ballot with no countdown → DEADLINE_NOT_REACHED; the presidium may close it", () => {
    const m = openBallot(sittingWith('congress', 30, 20), 'b-1', OPEN_AT, { durationSec: null });
    expect(attempt(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'deadline' }, OPEN_AT + 9e9)).toMatchObject({
      code: 'DEADLINE_NOT_REACHED',
    });
    expect(run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 1).state.ballots.get('b-1')?.closeReason).toBe(
      'presidium',
    );
  });

  it('closing twice → BALLOT_NOT_OPEN; an unknown ballot → UNKNOWN_BALLOT', () => {
    const m = run(openBallot(sittingWith('congress', 30, 20)), { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 1);
    expect(attempt(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2)).toMatchObject({
      code: 'BALLOT_NOT_OPEN',
    });
    expect(attempt(m, { type: 'CloseBallot', ballotId: 'b-9', reason: 'presidium' }, OPEN_AT + 2)).toMatchObject({
      code: 'UNKNOWN_BALLOT',
    });
  });
});

describe('R2.8 PublishResult', () => {
  it('R2.8: only after close: an open ballot → BALLOT_NOT_CLOSED; publishing twice → BALLOT_NOT_CLOSED', () => {
    let m = openBallot(sittingWith('congress', 30, 20));
    expect(attempt(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 1)).toMatchObject({ code: 'BALLOT_NOT_CLOSED' });
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2);
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 3);
    expect(m.state.ballots.get('b-1')?.status).toBe('published');
    expect(attempt(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 4)).toMatchObject({
      code: 'BALLOT_NOT_CLOSED',
      message: 'already published',
    });
  });

  it('R0.2/R2.6: counted with the total frozen at open (40) and present at close (30), not present at publish (35)', () => {
    let m = openBallot(sittingWith('congress', 40, 30));
    m = castAll(m, 'b-1', votesOf(21, 2, 2), OPEN_AT + 1);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2);
    m = signIn(m, seatIds(5, 31), OPEN_AT + 3); // five latecomers arrive after the close
    expect(presentCount(m.state)).toBe(35);
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 4);
    expect(m.events.at(-1)).toMatchObject({
      type: 'ResultPublished',
      by: CHAIR,
      result: { total: 40, present: 30, voted: 25, notVoted: 5, yes: 21, outcome: 'passed' },
    });
  });

  it('COUNT_MISMATCH when the register has a voter whose paper is not in the box', () => {
    let m = openBallot(sittingWith('congress', 30, 20));
    m = castAll(m, 'b-1', votesOf(3, 0, 0), OPEN_AT + 1);
    m = { ...m, state: applyRegisterEntry(m.state, { ballotId: 'b-1', seatId: seatIdOf(4), idempotencyKey: 'k', receiptId: 'r', at: OPEN_AT + 1, choiceKey: null }) };
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2);
    expect(attempt(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 3)).toMatchObject({
      code: 'COUNT_MISMATCH',
      message: 'register has 4 voters but the box has 3 papers',
    });
  });

  it('COUNT_MISMATCH when the box has a paper nobody registered', () => {
    let m = openBallot(sittingWith('congress', 30, 20));
    m = castAll(m, 'b-1', votesOf(3, 0, 0), OPEN_AT + 1);
    m = { ...m, state: applyBox(m.state, 'b-1', { yes: 3, no: 1 }) };
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2);
    expect(attempt(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 3)).toMatchObject({ code: 'COUNT_MISMATCH' });
  });
});

describe('R2.9 VoidBallot and re-run', () => {
  it('R2.9: a blank reason → REASON_REQUIRED; a reason is recorded trimmed with the actor', () => {
    const m = openBallot(sittingWith('congress', 30, 20));
    for (const reason of ['', '   ', '\n\t']) {
      expect(attempt(m, { type: 'VoidBallot', ballotId: 'b-1', reason }, OPEN_AT + 1)).toMatchObject({ code: 'REASON_REQUIRED' });
    }
    const voided = run(m, { type: 'VoidBallot', ballotId: 'b-1', reason: ' 表决器故障 ' }, OPEN_AT + 2);
    expect(voided.events.at(-1)).toEqual({
      type: 'BallotVoided',
      at: OPEN_AT + 2,
      by: CHAIR,
      ballotId: 'b-1',
      reason: '表决器故障',
    });
    expect(voided.state.ballots.get('b-1')).toMatchObject({ status: 'void', voidReason: '表决器故障' });
    expect(attempt(voided, { type: 'VoidBallot', ballotId: 'b-1', reason: 'again' }, OPEN_AT + 3)).toMatchObject({
      code: 'BALLOT_VOID',
    });
  });

  it('R2.9: re-run only of a voided ballot; the voided round stays in the record', () => {
    let m = openBallot(sittingWith('congress', 30, 20));
    m = castAll(m, 'b-1', votesOf(5, 0, 0), OPEN_AT + 1);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2);
    const rerun = (ballotId: string, rerunOf: string) =>
      ({ type: 'OpenBallot', spec: motionSpec(ballotId, { rerunOf }), quorumOverrideReason: null }) as const;

    expect(attempt(m, rerun('b-2', 'b-1'), OPEN_AT + 3)).toMatchObject({ code: 'RERUN_NEEDS_VOID' });
    expect(attempt(m, rerun('b-2', 'b-404'), OPEN_AT + 3)).toMatchObject({ code: 'RERUN_NEEDS_VOID' });

    m = run(m, { type: 'VoidBallot', ballotId: 'b-1', reason: '计票系统故障' }, OPEN_AT + 4);
    m = run(m, rerun('b-2', 'b-1'), OPEN_AT + 5);
    expect(m.state.ballotOrder).toEqual(['b-1', 'b-2']);
    expect(m.state.ballots.get('b-1')).toMatchObject({ status: 'void', voidReason: '计票系统故障' });
    expect(boxOf(m.state, 'b-1')).toEqual({ yes: 5 });
    expect(m.state.ballots.get('b-2')?.spec.rerunOf).toBe('b-1');
  });

  it('R2.9: voiding an open ballot frees the floor for the next one', () => {
    let m = openBallot(sittingWith('congress', 30, 20));
    m = run(m, { type: 'VoidBallot', ballotId: 'b-1', reason: '表决器故障' }, OPEN_AT + 1);
    m = openBallot(m, 'b-2', OPEN_AT + 2);
    expect(m.state.ballots.get('b-2')?.status).toBe('open');
  });
});

describe('CloseSession', () => {
  it('is blocked while a ballot is open (BALLOT_IN_PROGRESS) or closed but unpublished (RESULT_NOT_PUBLISHED), allowed once published', () => {
    let m = openBallot(sittingWith('congress', 30, 20));
    expect(attempt(m, { type: 'CloseSession' }, OPEN_AT + 1)).toMatchObject({ code: 'BALLOT_IN_PROGRESS' });
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2);
    expect(attempt(m, { type: 'CloseSession' }, OPEN_AT + 2)).toMatchObject({ code: 'RESULT_NOT_PUBLISHED' });
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 2);
    m = run(m, { type: 'CloseSession' }, OPEN_AT + 3);
    expect(m.state.phase).toBe('closed');
    expect(attempt(m, { type: 'CloseSession' }, OPEN_AT + 4)).toMatchObject({ code: 'WRONG_PHASE' });
  });

  it('R1.4: after the close nobody signs in or changes attendance (SESSION_CLOSED)', () => {
    const m = run(sittingWith('congress', 30, 20), { type: 'CloseSession' }, T0 + 9);
    expect(attempt(m, { type: 'SignIn', seatId: seatIdOf(30) }, T0 + 10)).toMatchObject({ code: 'SESSION_CLOSED' });
    expect(
      attempt(m, { type: 'RecordAttendance', seatId: seatIdOf(1), status: 'absent' }, T0 + 10, SECRETARIAT),
    ).toMatchObject({ code: 'SESSION_CLOSED' });
  });
});

describe('R1.4/R1.5 SignIn and attendance', () => {
  it('SignIn records 出席 once; signing in again is accepted with no event', () => {
    let m = signIn(createMeeting('congress', 30), [seatIdOf(1)], T0 + 7);
    expect(m.state.seats.get(seatIdOf(1))).toMatchObject({ attendance: 'present', signedInAt: T0 + 7 });
    expect(attempt(m, { type: 'SignIn', seatId: seatIdOf(1) }, T0 + 8)).toEqual({ ok: true, events: [] });
    m = signIn(m, [seatIdOf(1)], T0 + 8);
    expect(m.state.seats.get(seatIdOf(1))?.signedInAt).toBe(T0 + 7);
    expect(eventsOf(m, 'AttendanceRecorded')).toHaveLength(1);
  });

  it('an unknown seat → UNKNOWN_SEAT', () => {
    expect(attempt(createMeeting('congress', 30), { type: 'SignIn', seatId: 'seat-999' }, T0)).toMatchObject({
      code: 'UNKNOWN_SEAT',
    });
  });

  it('R1.4: RecordAttendance by the secretariat records who did it; on_leave clears the sign-in time', () => {
    let m = signIn(createMeeting('congress', 30), [seatIdOf(2)], T0);
    m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(2), status: 'on_leave' }, T0 + 1, SECRETARIAT);
    expect(m.events.at(-1)).toMatchObject({ type: 'AttendanceRecorded', by: SECRETARIAT, status: 'on_leave' });
    expect(m.state.seats.get(seatIdOf(2))).toMatchObject({ attendance: 'on_leave', signedInAt: null });
  });
});

describe('seat-card pairing', () => {
  it('IssuePairingCode then PairDevice with its hash pairs the seat once; the same hash again → PAIRING_CODE_INVALID', () => {
    let m = run(createMeeting('congress', 30), { type: 'IssuePairingCode', seatId: seatIdOf(3), codeHash: 'h-1' }, T0, SECRETARIAT);
    m = run(m, { type: 'PairDevice', codeHash: 'h-1', deviceId: 'tablet-A' }, T0 + 1);
    expect(m.events.at(-1)).toMatchObject({ type: 'DevicePaired', seatId: seatIdOf(3), deviceId: 'tablet-A' });
    expect(m.state.seats.get(seatIdOf(3))).toMatchObject({ deviceId: 'tablet-A', openCodeHashes: [] });
    expect(attempt(m, { type: 'PairDevice', codeHash: 'h-1', deviceId: 'tablet-B' }, T0 + 2)).toMatchObject({
      code: 'PAIRING_CODE_INVALID',
    });
  });

  it('a newly issued code replaces the unused one: the old hash → PAIRING_CODE_INVALID, the new one pairs', () => {
    let m = run(createMeeting('congress', 30), { type: 'IssuePairingCode', seatId: seatIdOf(3), codeHash: 'h-old' }, T0, SECRETARIAT);
    m = run(m, { type: 'IssuePairingCode', seatId: seatIdOf(3), codeHash: 'h-new' }, T0 + 1, SECRETARIAT);
    expect(attempt(m, { type: 'PairDevice', codeHash: 'h-old', deviceId: 'tablet-A' }, T0 + 2)).toMatchObject({
      code: 'PAIRING_CODE_INVALID',
    });
    m = run(m, { type: 'PairDevice', codeHash: 'h-new', deviceId: 'tablet-A' }, T0 + 3);
    expect(m.state.seats.get(seatIdOf(3))?.deviceId).toBe('tablet-A');
  });

  it('a new card re-pairs the seat to a replacement tablet; a code for an unknown seat → UNKNOWN_SEAT', () => {
    let m = run(createMeeting('congress', 30), { type: 'IssuePairingCode', seatId: seatIdOf(3), codeHash: 'h-1' }, T0, SECRETARIAT);
    m = run(m, { type: 'PairDevice', codeHash: 'h-1', deviceId: 'tablet-A' }, T0 + 1);
    m = run(m, { type: 'IssuePairingCode', seatId: seatIdOf(3), codeHash: 'h-2' }, T0 + 2, SECRETARIAT);
    m = run(m, { type: 'PairDevice', codeHash: 'h-2', deviceId: 'tablet-B' }, T0 + 3);
    expect(m.state.seats.get(seatIdOf(3))?.deviceId).toBe('tablet-B');
    expect(attempt(m, { type: 'IssuePairingCode', seatId: 'seat-999', codeHash: 'h-3' }, T0 + 4, SECRETARIAT)).toMatchObject({
      code: 'UNKNOWN_SEAT',
    });
  });
});

describe('checkCast (the part of a vote checked against cached state)', () => {
  const open = () => openBallot(sittingWith('congress', 30, 20)); // seats 1..20 present, deadline OPEN_AT + 60 s

  it('R2.1: a signed-in seat with yes/no/abstain before the deadline is accepted with its box key', () => {
    expect(castVote(open(), 'b-1', seatIdOf(1), { option: 'abstain' }, DEADLINE - 1).attempt).toEqual({ recorded: true });
    expect(checkCast(open().state, 'b-1', seatIdOf(1), { option: 'abstain' }, DEADLINE - 1)).toEqual({ ok: true, choiceKey: 'abstain', ballotId: 'b-1' });
  });

  it('R1.4: a seat that has not signed in → NOT_SIGNED_IN; one on leave → NOT_SIGNED_IN', () => {
    let m = open();
    expect(castVote(m, 'b-1', seatIdOf(21), { option: 'yes' }, OPEN_AT + 1).attempt).toEqual({ recorded: false, code: 'NOT_SIGNED_IN' });
    m = changeAttendance(m, seatIdOf(1), 'on_leave', OPEN_AT + 1);
    expect(castVote(m, 'b-1', seatIdOf(1), { option: 'yes' }, OPEN_AT + 2).attempt).toEqual({ recorded: false, code: 'NOT_SIGNED_IN' });
  });

  it('R2.1/R2.6: a choice outside yes/no/abstain → INVALID_CHOICE', () => {
    for (const choice of [{ option: 'not_voted' }, { option: 'maybe' }, null, {}]) {
      expect(castVote(open(), 'b-1', seatIdOf(1), choice, OPEN_AT + 1).attempt).toEqual({ recorded: false, code: 'INVALID_CHOICE' });
    }
  });

  it('R7 server time: at or after the deadline → BALLOT_NOT_OPEN, even before anyone closes it', () => {
    expect(castVote(open(), 'b-1', seatIdOf(1), { option: 'yes' }, DEADLINE).attempt).toEqual({ recorded: false, code: 'BALLOT_NOT_OPEN' });
    expect(castVote(open(), 'b-1', seatIdOf(1), { option: 'yes' }, DEADLINE + 1).attempt).toMatchObject({ code: 'BALLOT_NOT_OPEN' });
  });

  it('a closed or voided ballot → BALLOT_NOT_OPEN; an unknown ballot → UNKNOWN_BALLOT; an unknown seat → UNKNOWN_SEAT', () => {
    const closed = run(open(), { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 1);
    expect(castVote(closed, 'b-1', seatIdOf(1), { option: 'yes' }, OPEN_AT + 2).attempt).toMatchObject({ code: 'BALLOT_NOT_OPEN' });
    const voided = run(open(), { type: 'VoidBallot', ballotId: 'b-1', reason: '故障' }, OPEN_AT + 1);
    expect(castVote(voided, 'b-1', seatIdOf(1), { option: 'yes' }, OPEN_AT + 2).attempt).toMatchObject({ code: 'BALLOT_NOT_OPEN' });
    expect(castVote(open(), 'b-9', seatIdOf(1), { option: 'yes' }, OPEN_AT + 1).attempt).toMatchObject({ code: 'UNKNOWN_BALLOT' });
    expect(castVote(open(), 'b-1', 'seat-999', { option: 'yes' }, OPEN_AT + 1).attempt).toMatchObject({ code: 'UNKNOWN_SEAT' });
  });
});
