import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import type { Actor, MeetingState } from './meeting';
import { attempt, motionSpec, replay, run, seatIdOf, sittingWith, T0 } from './test-fixtures';

/** Two-person rule (staff-requests.ts): people with staff accounts, as the server makes them. */
const CLERK: Actor = { role: 'secretariat', name: '王芳', accountId: 'acc-clerk' };
const CHAIR_LI: Actor = { role: 'chair', name: '李明', accountId: 'acc-chair-li' };
const CHAIR_ZHAO: Actor = { role: 'chair', name: '赵强', accountId: 'acc-chair-zhao' };
const MEMBER: Actor = { role: 'presidium', name: '孙丽', accountId: 'acc-member' };

const ABSENT = seatIdOf(9);

/** Ten seats, eight present, a motion open. */
function openBallot() {
  const m = sittingWith('congress', 10, 8);
  return run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 10_000, CHAIR_LI);
}

function pendingOf(state: MeetingState) {
  return state.staffRequests.filter((r) => r.status === 'pending');
}

describe('two-person rule while a ballot is open', () => {
  it('an attendance change becomes a pending request and changes nothing yet', () => {
    const m = run(openBallot(), { type: 'RecordAttendance', seatId: ABSENT, status: 'present' }, T0 + 11_000, CLERK);
    expect(m.state.seats.get(ABSENT)?.attendance).toBe('not_signed_in');
    expect(m.events.at(-1)).toMatchObject({ type: 'ChangeRequested', by: CLERK, ballotId: 'b-1', change: { kind: 'attendance', seatId: ABSENT } });
    expect(pendingOf(m.state)).toHaveLength(1);
  });

  it('a chair who is another person approves: the change happens, and both people are in the log', () => {
    let m = run(openBallot(), { type: 'RecordAttendance', seatId: ABSENT, status: 'present' }, T0 + 11_000, CLERK);
    const requestId = m.state.staffRequests[0]!.requestId;
    m = run(m, { type: 'DecideChangeRequest', requestId, approve: true }, T0 + 12_000, CHAIR_ZHAO);
    expect(m.state.seats.get(ABSENT)?.attendance).toBe('present');
    expect(m.events.slice(-2)).toMatchObject([
      { type: 'ChangeDecided', by: CHAIR_ZHAO, requestId, approved: true },
      { type: 'AttendanceRecorded', by: CLERK, seatId: ABSENT, status: 'present' },
    ]);
    expect(m.state.staffRequests[0]).toMatchObject({ status: 'approved', decidedBy: CHAIR_ZHAO, requestedBy: CLERK });
    // The fold of the log gives the same state on every node and after a restart.
    expect(replay(m.events).staffRequests).toEqual(m.state.staffRequests);
  });

  it('a rejected request changes nothing and cannot be decided again', () => {
    let m = run(openBallot(), { type: 'RecordAttendance', seatId: ABSENT, status: 'present' }, T0 + 11_000, CLERK);
    const requestId = m.state.staffRequests[0]!.requestId;
    m = run(m, { type: 'DecideChangeRequest', requestId, approve: false }, T0 + 12_000, CHAIR_ZHAO);
    expect(m.state.seats.get(ABSENT)?.attendance).toBe('not_signed_in');
    expect(m.state.staffRequests[0]?.status).toBe('rejected');
    expect(attempt(m, { type: 'DecideChangeRequest', requestId, approve: true }, T0 + 13_000, CHAIR_LI)).toMatchObject({
      ok: false,
      code: 'REQUEST_ALREADY_DECIDED',
    });
  });

  it('nobody decides their own request, and only a chair decides', () => {
    // A chair's own attendance change is a request too: one person is never enough.
    const m = run(openBallot(), { type: 'RecordAttendance', seatId: ABSENT, status: 'present' }, T0 + 11_000, CHAIR_LI);
    const requestId = m.state.staffRequests[0]!.requestId;
    expect(attempt(m, { type: 'DecideChangeRequest', requestId, approve: true }, T0 + 12_000, CHAIR_LI)).toMatchObject({
      ok: false,
      code: 'SAME_PERSON',
    });
    expect(attempt(m, { type: 'DecideChangeRequest', requestId, approve: true }, T0 + 12_000, MEMBER)).toMatchObject({
      ok: false,
      code: 'CHAIR_APPROVAL_REQUIRED',
    });
    expect(attempt(m, { type: 'DecideChangeRequest', requestId: 'req-99', approve: true }, T0 + 12_000, CHAIR_ZHAO)).toMatchObject({
      ok: false,
      code: 'UNKNOWN_REQUEST',
    });
  });

  it('re-pairing: a code issued during the ballot waits for approval; only an approved code pairs a device', () => {
    // A card printed before the ballot cannot be redeemed while it is open.
    let m = sittingWith('congress', 10, 8);
    m = run(m, { type: 'IssuePairingCode', seatId: ABSENT, codeHash: 'hash-before' }, T0 + 5_000, CLERK);
    m = run(m, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 10_000, CHAIR_LI);
    expect(attempt(m, { type: 'PairDevice', codeHash: 'hash-before', deviceId: 'dev-clerk' }, T0 + 11_000)).toMatchObject({
      ok: false,
      code: 'CHAIR_APPROVAL_REQUIRED',
    });

    m = run(m, { type: 'IssuePairingCode', seatId: ABSENT, codeHash: 'hash-during' }, T0 + 12_000, CLERK);
    expect(m.events.at(-1)).toMatchObject({ type: 'ChangeRequested', change: { kind: 'pairing', seatId: ABSENT } });
    expect(attempt(m, { type: 'PairDevice', codeHash: 'hash-during', deviceId: 'dev-clerk' }, T0 + 13_000)).toMatchObject({
      ok: false,
      code: 'PAIRING_CODE_INVALID',
    });
    const requestId = pendingOf(m.state)[0]!.requestId;
    m = run(m, { type: 'DecideChangeRequest', requestId, approve: true }, T0 + 14_000, CHAIR_ZHAO);
    m = run(m, { type: 'PairDevice', codeHash: 'hash-during', deviceId: 'dev-new' }, T0 + 15_000);
    expect(m.state.seats.get(ABSENT)?.deviceId).toBe('dev-new');
  });

  it('the console view lists the requests with both people and never a code hash', async () => {
    const { consoleView } = await import('./views');
    let m = run(openBallot(), { type: 'IssuePairingCode', seatId: ABSENT, codeHash: 'secret-hash' }, T0 + 11_000, CLERK);
    m = run(m, { type: 'DecideChangeRequest', requestId: 'req-1', approve: false }, T0 + 12_000, CHAIR_ZHAO);
    const view = consoleView(m.state);
    expect(view.requests).toEqual([
      expect.objectContaining({ requestId: 'req-1', kind: 'pairing', seatId: ABSENT, state: 'rejected', requestedBy: { name: '王芳', role: 'secretariat' } }),
    ]);
    expect(JSON.stringify(view)).not.toContain('secret-hash');
  });

  it('outside an open ballot the secretariat changes attendance and pairs seats directly', () => {
    const m = sittingWith('congress', 10, 8);
    const d = decide(m.state, { type: 'RecordAttendance', seatId: ABSENT, status: 'present' }, { actor: CLERK, now: T0 + 9_000 });
    expect(d).toMatchObject({ ok: true, events: [{ type: 'AttendanceRecorded', by: CLERK }] });
  });

  it('an old log whose actors have no account still folds', () => {
    const m = sittingWith('congress', 4, 3);
    const old = m.events.map((e) => ('by' in e ? { ...e, by: { role: 'secretariat' as const, name: '秘书处' } } : e));
    expect(replay(old).staffRequests).toEqual([]);
    expect(replay(old).phase).toBe('in_session');
  });
});
