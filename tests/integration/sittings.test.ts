import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import type { ConsoleView, DelegateView, PublicView } from '../../shared/domain/views';
import { FakeClock } from '../support/fake-clock';
import { openHall, type Hall } from '../support/hall';
import { connect, emitAck, emitOk, ViewLog } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/*
 * Sittings, their rolls and the guided flow's controls over real sockets (shared/domain/sittings.ts,
 * countdown.ts, void-confirmation.ts): roles, hostile ids, the sign-in window seen by tablets,
 * and countdown extend/pause on a fake clock (invariant 7).
 */

async function consoleView(hall: Hall): Promise<ConsoleView> {
  return (await emitOk(hall.presidium, 'meeting:sync')).view as ConsoleView;
}

describe('sittings over real sockets', () => {
  const clock = new FakeClock();
  let server: TestServer;
  let hall: Hall;
  let secretariat: Socket;
  let secondMember: Socket;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    // 9 seats: 2/3 quorum is 6.
    hall = await openHall(server.baseUrl, 9);
    secretariat = await connect(server.baseUrl, { token: hall.secretariatToken, meetingId: hall.meetingId }, new ViewLog<ConsoleView>());
    const otherToken = await hall.http.staffToken('presidium', '主席团成员 张华');
    secondMember = await connect(server.baseUrl, { token: otherToken, meetingId: hall.meetingId }, new ViewLog<ConsoleView>());
  });

  afterAll(async () => {
    hall?.closeSockets();
    secretariat?.close();
    secondMember?.close();
    await server?.close();
  });

  it('the sign-in window rules the tablets; 宣布开会 is refused below quorum; the roll keeps late and manual marks', async () => {
    const [t1, t2, t3, t4, t5, t6, t7, t8, t9] = hall.tablets;
    // Roles: a tablet and the wall cannot start a sitting; the secretariat can, but not open it.
    expect(await emitAck(t1!.socket, 'sitting:start', { title: '预备会议' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await emitAck(hall.wall, 'sitting:start', { title: '预备会议' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const started = await emitOk(secretariat, 'sitting:start', { sittingId: 'prep', title: '预备会议', openSignIn: false });
    expect(started.sittingId).toBe('prep');

    // Window not open: the tablet's sign-in is refused and the tablets see why.
    expect(await emitAck(t1!.socket, 'delegate:signIn')).toMatchObject({ ok: false, code: 'SIGN_IN_NOT_OPEN' });
    await emitOk(secretariat, 'sitting:openSignIn');
    const tabletView = (await emitOk(t1!.socket, 'meeting:sync')).view as DelegateView;
    expect(tabletView.sitting).toMatchObject({ sittingId: 'prep', title: '预备会议', signInOpen: true, status: 'roll' });

    await Promise.all([t1, t2, t3, t4, t5].map((t) => emitOk(t!.socket, 'delegate:signIn')));
    expect(await emitAck(secretariat, 'sitting:open')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await emitAck(hall.presidium, 'sitting:open')).toMatchObject({
      ok: false,
      code: 'QUORUM_NOT_MET',
      details: { present: 5, total: 9, required: 6 },
    });
    // Manual sign-in needs a reason; 请假 too.
    expect(await emitAck(secretariat, 'sitting:mark', { seatId: t6!.seatId, status: 'present' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    await emitOk(secretariat, 'sitting:mark', { seatId: t6!.seatId, status: 'present', reason: '平板故障，已核验代表证' });
    await emitOk(secretariat, 'sitting:mark', { seatId: t7!.seatId, status: 'on_leave', reason: '因病请假' });
    await emitOk(secretariat, 'sitting:mark', { seatId: t8!.seatId, status: 'absent' });
    await emitOk(hall.presidium, 'sitting:open');
    await emitOk(secretariat, 'sitting:closeSignIn');
    await emitOk(t9!.socket, 'delegate:signIn');

    const view = await consoleView(hall);
    expect(view.phase).toBe('in_session');
    expect(view.attendance).toMatchObject({ total: 9, present: 7, onLeave: 1, absent: 1, notSignedIn: 0 });
    const bySeat = new Map(view.seats.map((s) => [s.seatId, s]));
    expect(bySeat.get(t6!.seatId)?.roll).toMatchObject({ reason: '平板故障，已核验代表证', late: false, by: { role: 'secretariat' } });
    expect(bySeat.get(t7!.seatId)).toMatchObject({ attendance: 'on_leave', roll: { reason: '因病请假' } });
    expect(bySeat.get(t9!.seatId)?.roll).toMatchObject({ late: true, by: { role: 'delegate' } });
    expect(view.sittings[0]).toMatchObject({ sittingId: 'prep', status: 'open', atOpening: { total: 9, present: 6, onLeave: 1, absent: 1 } });
    const wall = (await emitOk(hall.wall, 'meeting:sync')).view as PublicView;
    expect(wall.sitting).toMatchObject({ title: '预备会议', status: 'open', signIn: 'closed' });
  });

  it('refuses hostile and unknown ids, bad payloads, and changes nothing', async () => {
    const before = await consoleView(hall);
    // Fresh connections: this sends many refusals, and the per-socket rate limit is another test's subject.
    const staff = await connect(server.baseUrl, { token: hall.secretariatToken, meetingId: hall.meetingId });
    const chair = await connect(server.baseUrl, { token: hall.presidiumToken, meetingId: hall.meetingId });
    try {
      for (const id of HOSTILE_IDS) {
        if (id === '__proto__') continue; // not an id at all (IdSchema): BAD_REQUEST, checked below
        expect(await emitAck(staff, 'sitting:mark', { seatId: id, status: 'absent' })).toMatchObject({ ok: false, code: 'UNKNOWN_SEAT' });
        expect(await emitAck(chair, 'ballot:pauseCountdown', { ballotId: id })).toMatchObject({ ok: false, code: 'UNKNOWN_BALLOT' });
        expect(await emitAck(chair, 'sitting:confirmVoid', { ballotId: id, approve: true })).toMatchObject({ ok: false, code: 'UNKNOWN_BALLOT' });
        expect(await emitAck(chair, 'sitting:reopenItem', { itemId: id, reason: '重来' })).toMatchObject({ ok: false, code: 'UNKNOWN_ITEM' });
      }
      expect(await emitAck(staff, 'sitting:mark', { seatId: '__proto__', status: 'absent' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(await emitAck(chair, 'ballot:extendCountdown', { ballotId: 'x', seconds: 0 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(await emitAck(staff, 'sitting:start', { title: 'x'.repeat(61) })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      expect(await emitAck(staff, 'sitting:start', { title: '第一次全体会议', extra: 1 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      // A sitting is open: the next cannot start.
      expect(await emitAck(staff, 'sitting:start', { title: '第一次全体会议' })).toMatchObject({ ok: false, code: 'SITTING_IN_PROGRESS' });
    } finally {
      staff.close();
      chair.close();
    }
    expect((await consoleView(hall)).version).toBe(before.version);
  });

  it('extend and pause a countdown on a fake clock: the server deadline rules casts, tablets see the pause', async () => {
    const [t1, t2, t3] = hall.tablets;
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-1' });
    const opened = await emitOk(hall.presidium, 'presidium:openBallot', { itemId: 'item-1', title: '关于年度预算的决议', durationSec: 60 });
    const ballotId = opened.ballotId as string;
    // Staff roles other than the presidium cannot control the countdown.
    expect(await emitAck(secretariat, 'ballot:extendCountdown', { ballotId, seconds: 30 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    clock.advance(50_000);
    await emitOk(hall.presidium, 'ballot:extendCountdown', { ballotId, seconds: 30 });
    let ballot = (await consoleView(hall)).ballots.find((b) => b.ballotId === ballotId);
    const deadline = ballot!.deadline!;
    expect(deadline - ballot!.openedAt).toBe(90_000);

    clock.advance(20_000); // 70 s after opening: past the first deadline, before the new one
    expect(await emitAck(t1!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'cast-t1-0001', choice: { option: 'yes' } })).toMatchObject({ ok: true });

    await emitOk(hall.presidium, 'ballot:pauseCountdown', { ballotId });
    const tablet = (await emitOk(t2!.socket, 'meeting:sync')).view as DelegateView;
    expect(tablet.ballot).toMatchObject({ ballotId, deadline: null, pausedRemainingMs: 20_000 });
    clock.advance(600_000); // ten minutes paused: votes are still taken, nothing closes it
    await server.app.service.closeOverdueBallots();
    expect(await emitAck(t2!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'cast-t2-0001', choice: { option: 'no' } })).toMatchObject({ ok: true });

    await emitOk(hall.presidium, 'ballot:resumeCountdown', { ballotId });
    ballot = (await consoleView(hall)).ballots.find((b) => b.ballotId === ballotId);
    expect(ballot).toMatchObject({ pausedRemainingMs: null, status: 'open' });
    expect(ballot!.deadline).toBe(clock.now() + 20_000);

    clock.advance(20_000); // exactly the resumed deadline: the store refuses the cast
    expect(await emitAck(t3!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'cast-t3-0001', choice: { option: 'yes' } })).toMatchObject({
      ok: false,
      code: 'BALLOT_NOT_OPEN',
    });
    await server.app.service.closeOverdueBallots();
    expect((await consoleView(hall)).ballots.find((b) => b.ballotId === ballotId)).toMatchObject({ status: 'closed', closeReason: 'deadline', voted: 2 });
  });

  it('voiding a published result takes a second presidium account', async () => {
    const ballotId = (await consoleView(hall)).ballots[0]!.ballotId;
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    await emitOk(hall.presidium, 'presidium:voidBallot', { ballotId, reason: '计票软件故障' });
    let ballot = (await consoleView(hall)).ballots[0];
    expect(ballot).toMatchObject({ status: 'published', pendingVoid: { reason: '计票软件故障' } });
    // The requester cannot confirm their own request.
    expect(await emitAck(hall.presidium, 'sitting:confirmVoid', { ballotId, approve: true })).toMatchObject({ ok: false, code: 'SAME_PERSON' });
    expect(await emitAck(secretariat, 'sitting:confirmVoid', { ballotId, approve: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await emitOk(secondMember, 'sitting:confirmVoid', { ballotId, approve: true });
    ballot = (await consoleView(hall)).ballots[0];
    expect(ballot).toMatchObject({ status: 'void', voidReason: '计票软件故障', pendingVoid: null });
  });

  it('a finished item is re-opened only with a reason; the sitting closes, and the next one starts with a fresh roll', async () => {
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    expect(await emitAck(hall.presidium, 'presidium:startItem', { itemId: 'item-1' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    await emitOk(hall.presidium, 'sitting:reopenItem', { itemId: 'item-1', reason: '重新表决预算' });
    await emitOk(hall.presidium, 'sitting:close');
    await emitOk(secretariat, 'sitting:start', { sittingId: 'plenary-1', title: '第一次全体会议' });
    const view = await consoleView(hall);
    expect(view.sitting).toMatchObject({ sittingId: 'plenary-1', status: 'roll', signInOpen: true });
    expect(view.attendance).toMatchObject({ total: 9, present: 0, onLeave: 0, absent: 0, notSignedIn: 9 });
    expect(view.sittings.map((s) => [s.sittingId, s.status])).toEqual([
      ['prep', 'closed'],
      ['plenary-1', 'roll'],
    ]);
    // Both sittings are in the log, in order.
    const events = await server.store.readEvents(hall.meetingId, 0);
    expect(events.filter((e) => e.type === 'SittingStarted').map((e) => (e as { sittingId: string }).sittingId)).toEqual(['prep', 'plenary-1']);
  });
});
