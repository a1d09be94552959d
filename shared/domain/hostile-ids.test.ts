import { describe, expect, it } from 'vitest';
import { countClosedBallot } from './ballot-count';
import { checkCast, decide, type MeetingCommand } from './decide';
import { applyBox, applyRegisterEntry, boxOf, evolve, initialState, presentCount, recountAttendance, turnout } from './evolve';
import type { Delegate, MeetingEvent, MeetingState } from './meeting';
import { meetingSpecProblems } from './roster';
import { consoleView, delegateView, publicView } from './views';
import {
  castAll,
  CHAIR,
  createMeeting,
  meetingSpec,
  motionSpec,
  replay,
  run,
  SECRETARIAT,
  sittingWith,
  T0,
  votesOf,
  HOSTILE_IDS,
} from './test-fixtures';


const OPEN_AT = T0 + 10_000;

function expectRefused(state: MeetingState, command: MeetingCommand, code: string): void {
  const decision = decide(state, command, { actor: CHAIR, now: OPEN_AT + 1 });
  expect(decision, `${command.type} ${JSON.stringify(command)}`).toMatchObject({ ok: false, code });
}

describe('invariant 6: an id names a thing of the meeting only if the meeting has it', () => {
  it('12 seats named like Object.prototype members never make a quorum of a 12-seat congress', () => {
    const m = createMeeting('congress', 12);
    for (const seatId of HOSTILE_IDS) {
      expectRefused(m.state, { type: 'RecordAttendance', seatId, status: 'present' }, 'UNKNOWN_SEAT');
      expectRefused(m.state, { type: 'SignIn', seatId }, 'UNKNOWN_SEAT');
      expectRefused(m.state, { type: 'IssuePairingCode', seatId, codeHash: `hash-${seatId}` }, 'UNKNOWN_SEAT');
    }
    expect(presentCount(m.state)).toBe(0);
    expectRefused(m.state, { type: 'OpenSession' }, 'QUORUM_NOT_MET');
  });

  it('a ballot, item or pairing code named like a prototype member does not exist (UNKNOWN_BALLOT, UNKNOWN_ITEM, …)', () => {
    const m = run(sittingWith('congress', 30, 25), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT);
    for (const id of HOSTILE_IDS) {
      expectRefused(m.state, { type: 'VoidBallot', ballotId: id, reason: '作废' }, 'UNKNOWN_BALLOT');
      expectRefused(m.state, { type: 'CloseBallot', ballotId: id, reason: 'presidium' }, 'UNKNOWN_BALLOT');
      expectRefused(m.state, { type: 'PublishResult', ballotId: id }, 'UNKNOWN_BALLOT');
      expectRefused(m.state, { type: 'EnterManualCount', ballotId: id, counts: { kind: 'motion', yes: 1, no: 0, abstain: 0 } }, 'UNKNOWN_BALLOT');
      expectRefused(
        m.state,
        { type: 'OpenFollowUp', sourceBallotId: id, reason: 'tie_revote', ballotId: 'b-9', quorumOverrideReason: null },
        'UNKNOWN_BALLOT',
      );
      expectRefused(m.state, { type: 'StartItem', itemId: id }, 'UNKNOWN_ITEM');
      expectRefused(m.state, { type: 'PairDevice', codeHash: id, deviceId: 'device-0001' }, 'PAIRING_CODE_INVALID');
      expect(checkCast(m.state, id, 'seat-001', { option: 'yes' }, OPEN_AT + 1)).toMatchObject({ ok: false, code: 'UNKNOWN_BALLOT' });
      expect(checkCast(m.state, 'b-1', id, { option: 'yes' }, OPEN_AT + 1)).toMatchObject({ ok: false, code: 'UNKNOWN_SEAT' });
    }
  });

  it('a new ballot may not sit on an item or re-run a ballot that does not exist', () => {
    const m = sittingWith('congress', 30, 25);
    for (const id of HOSTILE_IDS) {
      expectRefused(m.state, { type: 'OpenBallot', spec: motionSpec('b-2', { itemId: id }), quorumOverrideReason: null }, 'UNKNOWN_ITEM');
      expectRefused(m.state, { type: 'OpenBallot', spec: motionSpec('b-2', { rerunOf: id }), quorumOverrideReason: null }, 'RERUN_NEEDS_VOID');
    }
  });

  it('a ballot that is really named "constructor" is an ordinary ballot', () => {
    let m = run(sittingWith('congress', 30, 25), { type: 'OpenBallot', spec: motionSpec('constructor'), quorumOverrideReason: null }, OPEN_AT);
    m = castAll(m, 'constructor', votesOf(20, 3, 1), OPEN_AT + 1);
    expect(turnout(m.state, 'constructor')).toBe(24);
    expect(turnout(m.state, 'toString')).toBe(0);
    m = run(m, { type: 'CloseBallot', ballotId: 'constructor', reason: 'presidium' }, OPEN_AT + 2);
    m = run(m, { type: 'PublishResult', ballotId: 'constructor' }, OPEN_AT + 3);
    expect(m.state.ballots.get('constructor')?.result).toMatchObject({ voted: 24, yes: 20, no: 3, abstain: 1, notVoted: 1 });
  });
});

describe('a roster whose seat ids are named like prototype members', () => {
  const delegates: Delegate[] = HOSTILE_IDS.map((seatId, i) => ({ seatId, seatNo: `1排${i + 1}座`, name: `代表${i + 1}`, group: '' }));
  const spec = { ...meetingSpec('congress', 1), delegates };

  it('holds every seat: 应到 12, the console lists 12, "__proto__" included', () => {
    const state = initialState(spec);
    expect(state.seats.size).toBe(12);
    expect(state.total).toBe(12);
    expect(consoleView(state).seats.map((s) => s.seatId)).toEqual([...HOSTILE_IDS]);
    expect(delegateView(state, '__proto__')?.seat.seatId).toBe('__proto__');
    expect(delegateView(state, 'not-a-seat')).toBeNull();
  });

  it('they sign in, make the quorum and vote like any seats', () => {
    let m = { events: [{ type: 'MeetingCreated', at: T0, by: SECRETARIAT, spec } as MeetingEvent], state: initialState(spec) };
    for (const seatId of HOSTILE_IDS) m = run(m, { type: 'SignIn', seatId }, T0 + 1, SECRETARIAT);
    expect(publicView(m.state).attendance).toMatchObject({ total: 12, present: 12, quorum: { met: true } });
    m = run(m, { type: 'OpenSession' }, T0 + 2);
    m = run(m, { type: 'StartItem', itemId: 'item-1' }, T0 + 3);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT);
    m = castAll(
      m,
      'b-1',
      HOSTILE_IDS.map((seatId) => [seatId, 'yes']),
      OPEN_AT + 1,
    );
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 2);
    expect(countClosedBallot(m.state, 'b-1')).toMatchObject({ voted: 12, yes: 12, notVoted: 0 });
    expect(replay(m.events).ballots).toEqual(m.state.ballots);
  });

  it('a roster with one seat id twice is refused when the meeting is created', () => {
    expect(meetingSpecProblems({ ...spec, delegates: [...delegates, delegates[2]!] })).toEqual(['duplicate seatId "__proto__"']);
    expect(meetingSpecProblems({ ...spec, agenda: [...spec.agenda, spec.agenda[0]!] })).toEqual(['duplicate itemId "item-1"']);
    expect(meetingSpecProblems(spec)).toEqual([]);
  });
});

describe('evolve ignores events about things the meeting does not have (old data)', () => {
  const by = SECRETARIAT;
  /** What the attack of issue 8 §2 wrote into logs before the fix. */
  const ghostEvents = (at: number): MeetingEvent[] => [
    ...HOSTILE_IDS.map((seatId): MeetingEvent => ({ type: 'AttendanceRecorded', at, by, seatId, status: 'present' })),
    { type: 'PairingCodeIssued', at, by, seatId: 'constructor', codeHash: 'h1' },
    { type: 'DevicePaired', at, seatId: 'toString', deviceId: 'd1', codeHash: 'h1' },
    { type: 'ItemStarted', at, by, itemId: 'valueOf' },
    { type: 'BallotVoided', at, by, ballotId: 'constructor', reason: '伪造' },
    { type: 'BallotClosed', at, by, ballotId: '__proto__', reason: 'presidium', present: 12 },
    { type: 'ManualCountEntered', at, by, ballotId: 'hasOwnProperty', counts: { kind: 'motion', yes: 1, no: 0, abstain: 0 } },
    { type: 'BallotOpened', at, by, spec: motionSpec('b-ghost', { itemId: 'toString' }), deadline: null, present: 12, quorumMet: true, quorumOverride: null },
  ];

  it('only the version moves; nothing is created, counted or crashed on', () => {
    const before = createMeeting('congress', 12).state;
    const after = ghostEvents(T0 + 1).reduce(evolve, before);
    expect(after.version).toBe(before.version + ghostEvents(0).length);
    expect({ ...after, version: before.version }).toEqual(before);
    expect(recountAttendance(after)).toEqual({ present: 0, onLeave: 0 });
    expect(publicView(after).attendance.present).toBe(0);
    expect(consoleView(after).ballots).toEqual([]);
    expect(decide(after, { type: 'OpenSession' }, { actor: CHAIR, now: T0 + 2 })).toMatchObject({ ok: false, code: 'QUORUM_NOT_MET' });
  });

  it('a vote recorded for a ballot or seat that does not exist is not a vote', () => {
    const m = run(sittingWith('congress', 30, 25), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT);
    for (const id of HOSTILE_IDS) {
      const stray = { idempotencyKey: `key-${id}`, receiptId: `r-${id}`, at: OPEN_AT + 1, choiceKey: null };
      expect(applyRegisterEntry(m.state, { ...stray, ballotId: id, seatId: 'seat-001' })).toBe(m.state);
      expect(applyRegisterEntry(m.state, { ...stray, ballotId: 'b-1', seatId: id })).toBe(m.state);
      expect(applyBox(m.state, id, { yes: 3 })).toBe(m.state);
    }
  });

  it('a box key "__proto__" stays a count, never a prototype', () => {
    const m = run(sittingWith('congress', 30, 25), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, OPEN_AT);
    const box = JSON.parse('{"__proto__": 2, "yes": 1}') as Record<string, number>;
    const stored = boxOf(applyBox(m.state, 'b-1', box), 'b-1')!;
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.entries(stored)).toEqual([
      ['__proto__', 2],
      ['yes', 1],
    ]);
  });
});
