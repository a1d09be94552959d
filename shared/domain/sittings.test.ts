import { describe, expect, it } from 'vitest';
import { recountAttendance } from './evolve';
import type { Actor, MeetingEvent } from './meeting';
import {
  absentCount,
  chineseNumber,
  currentSitting,
  notSignedInCount,
  suggestedSittingTitle,
  sittingsOf,
} from './sittings';
import { consoleView, publicView } from './views';
import {
  attempt,
  CHAIR,
  createMeeting,
  FIRST_ITEM,
  motionSpec,
  replay,
  run,
  SECOND_ITEM,
  SECRETARIAT,
  seatIdOf,
  seatIds,
  T0,
  type Meeting,
} from './test-fixtures';

const DELEGATE = (seatId: string): Actor => ({ role: 'delegate', name: seatId });
const HOUR = 3_600_000;

function signInSeats(m: Meeting, seats: readonly string[], at: number): Meeting {
  return seats.reduce((acc, seatId) => run(acc, { type: 'SignIn', seatId }, at, DELEGATE(seatId)), m);
}

function startSitting(m: Meeting, sittingId: string, title: string, at: number): Meeting {
  return run(m, { type: 'StartSitting', sittingId, title }, at, SECRETARIAT);
}

/** Counters kept by the fold equal a full recount (invariant 5: never recount per view). */
function expectCountersHold(m: Meeting): void {
  const recount = recountAttendance(m.state);
  expect({ present: m.state.present, onLeave: m.state.onLeave }).toEqual(recount);
  let absent = 0;
  for (const seat of m.state.seats.values()) if (seat.attendance === 'absent') absent++;
  expect(absentCount(m.state)).toBe(absent);
}

describe('sittings of a county congress of 300 (R1.1, R1.5, R7.2, R7.4)', () => {
  it('three sittings over three days, each with its own roll; 2/3 of 300 = 200: 实到200 opens, 199 is blocked', () => {
    let m = createMeeting('congress', 300);
    expect(suggestedSittingTitle(m.state)).toBe('预备会议');

    // Day 1: 预备会议. 199 present → blocked; the 200th → opens (R1.1: 200*3 >= 300*2).
    m = startSitting(m, 'prep', '预备会议', T0);
    expect(currentSitting(m.state)).toMatchObject({ status: 'roll', signIn: 'open', number: 1 });
    m = signInSeats(m, seatIds(199), T0 + 1_000);
    expect(attempt(m, { type: 'OpenSitting' }, T0 + 2_000)).toMatchObject({
      ok: false,
      code: 'QUORUM_NOT_MET',
      details: { present: 199, total: 300, required: 200 },
    });
    m = signInSeats(m, [seatIdOf(200)], T0 + 3_000);
    m = run(m, { type: 'OpenSitting' }, T0 + 4_000);
    expect(m.state.phase).toBe('in_session');
    expect(m.events.slice(-2).map((e) => e.type)).toEqual(['SessionOpened', 'SittingOpened']);
    expect(currentSitting(m.state)?.atOpening).toEqual({ total: 300, present: 200, onLeave: 0, absent: 0 });
    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 5_000);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 6_000);
    expect(m.state.ballots.get('b-1')?.sittingId).toBe('prep');
    expect(m.events.at(-1)).toMatchObject({ type: 'BallotOpened', sittingId: 'prep' });
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, T0 + 7_000);
    // R2.8: a counted ballot is announced before the sitting ends.
    expect(attempt(m, { type: 'CloseSitting' }, T0 + 8_000)).toMatchObject({ code: 'RESULT_NOT_PUBLISHED' });
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, T0 + 8_000);
    m = run(m, { type: 'CloseSitting' }, T0 + 9_000);
    expect(currentSitting(m.state)).toMatchObject({ status: 'closed', atClose: { total: 300, present: 200, onLeave: 0, absent: 0 } });
    // No business between sittings.
    expect(attempt(m, { type: 'StartItem', itemId: SECOND_ITEM }, T0 + 9_500)).toMatchObject({ code: 'SITTING_NOT_OPEN' });
    expect(attempt(m, { type: 'SignIn', seatId: seatIdOf(250) }, T0 + 9_500, DELEGATE(seatIdOf(250)))).toMatchObject({ code: 'SIGN_IN_NOT_OPEN' });

    // Day 2: 第一次全体会议. Starting it resets the roll: nobody is signed in.
    expect(suggestedSittingTitle(m.state)).toBe('第一次全体会议');
    m = run(m, { type: 'StartSitting', sittingId: 'plenary-1', title: '第一次全体会议', openSignIn: false }, T0 + 24 * HOUR, SECRETARIAT);
    expect(publicView(m.state).attendance).toMatchObject({ total: 300, present: 0, onLeave: 0, notSignedIn: 300, absent: 0 });
    // The window is not open yet: a tablet cannot sign in.
    expect(attempt(m, { type: 'SignIn', seatId: seatIdOf(1) }, T0 + 24 * HOUR, DELEGATE(seatIdOf(1)))).toMatchObject({ code: 'SIGN_IN_NOT_OPEN' });
    m = run(m, { type: 'OpenSignIn' }, T0 + 24 * HOUR + 1, SECRETARIAT);
    m = signInSeats(m, seatIds(250), T0 + 24 * HOUR + 1_000);
    m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(251), status: 'on_leave', reason: '因病住院' }, T0 + 24 * HOUR + 2_000, SECRETARIAT);
    m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(252), status: 'absent' }, T0 + 24 * HOUR + 2_000, SECRETARIAT);
    m = run(m, { type: 'OpenSitting' }, T0 + 24 * HOUR + 3_000);
    expect(currentSitting(m.state)?.atOpening).toEqual({ total: 300, present: 250, onLeave: 1, absent: 1 });
    expect(publicView(m.state).attendance).toMatchObject({ present: 250, onLeave: 1, absent: 1, notSignedIn: 48 });
    expectCountersHold(m);
    m = run(m, { type: 'CloseSitting' }, T0 + 25 * HOUR);

    // Day 3: 第二次全体会议, then 闭会.
    expect(suggestedSittingTitle(m.state)).toBe('第二次全体会议');
    m = startSitting(m, 'plenary-2', '第二次全体会议', T0 + 48 * HOUR);
    m = signInSeats(m, seatIds(280), T0 + 48 * HOUR + 1_000);
    m = run(m, { type: 'OpenSitting' }, T0 + 48 * HOUR + 2_000);
    m = run(m, { type: 'CloseSession' }, T0 + 49 * HOUR);
    expect(m.events.slice(-2).map((e) => e.type)).toEqual(['SittingClosed', 'SessionClosed']);

    const sittings = consoleView(m.state).sittings;
    expect(sittings.map((s) => [s.title, s.status, s.atOpening?.present])).toEqual([
      ['预备会议', 'closed', 200],
      ['第一次全体会议', 'closed', 250],
      ['第二次全体会议', 'closed', 280],
    ]);
    // The fold of the log gives the same (invariant 3).
    expect(consoleView(replay(m.events)).sittings).toEqual(sittings);
  });

  it('a sitting cannot start while another is open, and a sitting id is used once', () => {
    let m = startSitting(createMeeting('congress', 3), 's1', '预备会议', T0);
    m = signInSeats(m, seatIds(2), T0 + 1);
    m = run(m, { type: 'OpenSitting' }, T0 + 2);
    expect(attempt(m, { type: 'StartSitting', sittingId: 's2', title: '第一次全体会议' }, T0 + 3)).toMatchObject({ code: 'SITTING_IN_PROGRESS' });
    m = run(m, { type: 'CloseSitting' }, T0 + 4);
    expect(attempt(m, { type: 'StartSitting', sittingId: 's1', title: 'again' }, T0 + 5)).toMatchObject({ code: 'INVALID_SITTING' });
    expect(attempt(m, { type: 'StartSitting', sittingId: 's2', title: '   ' }, T0 + 5)).toMatchObject({ code: 'INVALID_SITTING' });
  });
});

describe('a standing committee meeting: more than half of all members (R1.2)', () => {
  it('15 members: 7 present is blocked, 8 opens; the title is 常委会第N次会议', () => {
    let m = createMeeting('standing_committee', 15);
    m = { ...m, state: { ...m.state, spec: { ...m.state.spec, sessionNo: 12 } } };
    expect(suggestedSittingTitle(m.state)).toBe('常委会第十二次会议');
    m = startSitting(m, 'sc-12', '常委会第十二次会议', T0);
    m = signInSeats(m, seatIds(7), T0 + 1_000);
    expect(attempt(m, { type: 'OpenSitting' }, T0 + 2_000)).toMatchObject({ code: 'QUORUM_NOT_MET', details: { present: 7, required: 8 } });
    m = signInSeats(m, [seatIdOf(8)], T0 + 3_000);
    m = run(m, { type: 'OpenSitting' }, T0 + 4_000);
    expect(publicView(m.state).sitting).toMatchObject({ sittingId: 'sc-12', title: '常委会第十二次会议', status: 'open', signInOpen: true });
  });
});

describe('the roll of one sitting (R1.4)', () => {
  const opened = (): Meeting => {
    let m = startSitting(createMeeting('congress', 30), 'plenary-1', '第一次全体会议', T0);
    m = signInSeats(m, seatIds(20), T0 + 1_000);
    return run(m, { type: 'OpenSitting' }, T0 + 2_000);
  };

  it('a sign-in after the window closed is accepted and marked late, with the time', () => {
    let m = run(opened(), { type: 'CloseSignIn' }, T0 + 3_000, SECRETARIAT);
    expect(publicView(m.state).sitting).toMatchObject({ signIn: 'closed', signInOpen: false });
    m = run(m, { type: 'SignIn', seatId: seatIdOf(21) }, T0 + 600_000, DELEGATE(seatIdOf(21)));
    expect(m.events.at(-1)).toMatchObject({ type: 'AttendanceRecorded', status: 'present', sittingId: 'plenary-1', late: true });
    const seat = consoleView(m.state).seats.find((s) => s.seatId === seatIdOf(21));
    expect(seat).toMatchObject({ attendance: 'present', roll: { late: true, at: T0 + 600_000, reason: null } });
    // An on-time sign-in is not late.
    expect(consoleView(m.state).seats[0]?.roll).toMatchObject({ late: false });
    expect(m.state.present).toBe(21);
  });

  it('a manual sign-in by staff needs a reason and names who recorded it', () => {
    const m = opened();
    expect(attempt(m, { type: 'RecordAttendance', seatId: seatIdOf(25), status: 'present' }, T0 + 3_000, SECRETARIAT)).toMatchObject({
      code: 'REASON_REQUIRED',
    });
    const signed = run(m, { type: 'RecordAttendance', seatId: seatIdOf(25), status: 'present', reason: '平板故障，代表证核验' }, T0 + 3_000, SECRETARIAT);
    expect(consoleView(signed.state).seats[24]).toMatchObject({
      attendance: 'present',
      roll: { by: { name: SECRETARIAT.name, role: 'secretariat' }, reason: '平板故障，代表证核验', late: false },
    });
  });

  it('请假 needs a reason; 缺席 and 未签到 are different and counted apart', () => {
    const m = opened();
    expect(attempt(m, { type: 'RecordAttendance', seatId: seatIdOf(26), status: 'on_leave' }, T0 + 3_000, SECRETARIAT)).toMatchObject({
      code: 'REASON_REQUIRED',
    });
    let n = run(m, { type: 'RecordAttendance', seatId: seatIdOf(26), status: 'on_leave', reason: '公务出差' }, T0 + 3_000, SECRETARIAT);
    n = run(n, { type: 'RecordAttendance', seatId: seatIdOf(27), status: 'absent' }, T0 + 3_000, SECRETARIAT);
    expect(publicView(n.state).attendance).toMatchObject({ total: 30, present: 20, onLeave: 1, absent: 1, notSignedIn: 8 });
    expect(consoleView(n.state).seats[25]).toMatchObject({ attendance: 'on_leave', roll: { reason: '公务出差' } });
    // Back to 未签到 (a mistake corrected): the counters follow.
    n = run(n, { type: 'RecordAttendance', seatId: seatIdOf(27), status: 'not_signed_in' }, T0 + 4_000, SECRETARIAT);
    expect(publicView(n.state).attendance).toMatchObject({ absent: 0, notSignedIn: 9 });
    expect(notSignedInCount(n.state)).toBe(9);
    expectCountersHold(n);
  });

  it('a delegate on leave who arrives signs in: 请假 becomes 出席', () => {
    let m = run(opened(), { type: 'RecordAttendance', seatId: seatIdOf(28), status: 'on_leave', reason: '请假半天' }, T0 + 3_000, SECRETARIAT);
    m = run(m, { type: 'SignIn', seatId: seatIdOf(28) }, T0 + 4_000, DELEGATE(seatIdOf(28)));
    expect(publicView(m.state).attendance).toMatchObject({ present: 21, onLeave: 0 });
  });

  it('a sign-in is O(1): it changes one seat and the counters, never the other seats', () => {
    const m = opened();
    const before = m.state.seats;
    const after = run(m, { type: 'SignIn', seatId: seatIdOf(29) }, T0 + 3_000, DELEGATE(seatIdOf(29))).state.seats;
    let changed = 0;
    for (const [seatId, seat] of after) if (before.get(seatId) !== seat) changed++;
    expect(changed).toBe(1);
  });
});

describe('old logs: no sittings, AttendanceStatus "absent" meant "not yet"', () => {
  it('a log with SessionOpened and no sitting reads as one implicit sitting', () => {
    const spec = createMeeting('congress', 4).state.spec;
    const by = SECRETARIAT;
    const events: MeetingEvent[] = [
      { type: 'MeetingCreated', at: T0, by, spec },
      { type: 'AttendanceRecorded', at: T0 + 1, by, seatId: seatIdOf(1), status: 'present' },
      { type: 'AttendanceRecorded', at: T0 + 2, by, seatId: seatIdOf(2), status: 'present' },
      { type: 'AttendanceRecorded', at: T0 + 3, by, seatId: seatIdOf(3), status: 'present' },
      { type: 'AttendanceRecorded', at: T0 + 4, by, seatId: seatIdOf(3), status: 'absent' },
      { type: 'AttendanceRecorded', at: T0 + 5, by, seatId: seatIdOf(3), status: 'present' },
      { type: 'AttendanceRecorded', at: T0 + 6, by, seatId: seatIdOf(4), status: 'absent' },
      { type: 'SessionOpened', at: T0 + 7, by: CHAIR, total: 4, present: 3 },
      { type: 'ItemStarted', at: T0 + 8, by: CHAIR, itemId: FIRST_ITEM },
      { type: 'BallotOpened', at: T0 + 9, by: CHAIR, spec: motionSpec('old-b'), deadline: null, present: 3, quorumMet: true, quorumOverride: null },
      { type: 'BallotClosed', at: T0 + 10, by: CHAIR, ballotId: 'old-b', reason: 'presidium', present: 3 },
      { type: 'BallotVoided', at: T0 + 11, by: CHAIR, ballotId: 'old-b', reason: '测试' },
      { type: 'SessionClosed', at: T0 + 12, by: CHAIR },
    ];
    const state = replay(events);
    // Seat 4's old 'absent' was "not yet": 未签到, not 缺席.
    expect(state.seats.get(seatIdOf(4))?.attendance).toBe('not_signed_in');
    expect(publicView(state).attendance).toMatchObject({ total: 4, present: 3, onLeave: 0, absent: 0, notSignedIn: 1 });
    expect(sittingsOf(state).current).toMatchObject({
      sittingId: 'sitting-1',
      implicit: true,
      status: 'closed',
      atOpening: { total: 4, present: 3 },
      atClose: { total: 4, present: 3 },
    });
    expect(state.ballots.get('old-b')?.sittingId).toBe('sitting-1');
    expect(consoleView(state).ballots[0]?.sittingId).toBe('sitting-1');
  });

  it('a meeting run the old way (sign in, openSession) still works, without reasons', () => {
    let m = createMeeting('congress', 3);
    m = run(m, { type: 'SignIn', seatId: seatIdOf(1) }, T0, SECRETARIAT);
    m = run(m, { type: 'SignIn', seatId: seatIdOf(2) }, T0, SECRETARIAT);
    m = run(m, { type: 'OpenSession' }, T0 + 1);
    m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(3), status: 'on_leave' }, T0 + 2, SECRETARIAT);
    expect(publicView(m.state).sitting).toMatchObject({ sittingId: 'sitting-1', title: '', status: 'open' });
    expect(publicView(m.state).attendance).toMatchObject({ present: 2, onLeave: 1, notSignedIn: 0 });
    m = run(m, { type: 'CloseSession' }, T0 + 3);
    expect(m.events.at(-1)?.type).toBe('SessionClosed');
  });
});

describe('chineseNumber', () => {
  it('writes sitting numbers as read aloud', () => {
    expect([1, 2, 9, 10, 11, 12, 20, 21, 99].map(chineseNumber)).toEqual(['一', '二', '九', '十', '十一', '十二', '二十', '二十一', '九十九']);
  });
});

describe('a roll change while a ballot is open waits for a chair, and keeps its reason (two-person rule)', () => {
  it('the secretariat signs a delegate in by hand during a vote: a request; the chair approves; the mark has the reason', () => {
    let m = startSitting(createMeeting('congress', 30), 'plenary-1', '第一次全体会议', T0);
    m = signInSeats(m, seatIds(20), T0 + 1_000);
    m = run(m, { type: 'OpenSitting' }, T0 + 2_000);
    m = run(m, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 3_000);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 4_000);
    m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(21), status: 'present', reason: '平板故障' }, T0 + 5_000, SECRETARIAT);
    expect(m.events.at(-1)).toMatchObject({ type: 'ChangeRequested', change: { kind: 'attendance', status: 'present', reason: '平板故障' } });
    const chair: Actor = { role: 'chair', name: '执行主席 赵强' };
    m = run(m, { type: 'DecideChangeRequest', requestId: 'req-1', approve: true }, T0 + 6_000, chair);
    expect(m.events.at(-1)).toMatchObject({ type: 'AttendanceRecorded', sittingId: 'plenary-1', reason: '平板故障', by: SECRETARIAT });
    expect(consoleView(m.state).seats[20]).toMatchObject({ attendance: 'present', roll: { reason: '平板故障', by: { name: SECRETARIAT.name } } });
  });
});
