import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Option } from '../support/hall';
import { openBallot, openHall, randomOption, startSitting, tally, type Hall } from '../support/hall';
import { emitAck, emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

const DELEGATES = 40;

describe('a whole sitting over real sockets and the file journal', () => {
  let server: TestServer;
  let hall: Hall;
  const turnoutsSeenByTablets: unknown[] = [];
  const turnoutsSeenByWall: { ballotId: string; voted: number; present: number }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, DELEGATES);
    for (const t of hall.tablets) t.socket.on('ballot:turnout', (u: unknown) => turnoutsSeenByTablets.push(u));
    hall.wall.on('ballot:turnout', (u: { ballotId: string; voted: number; present: number }) => turnoutsSeenByWall.push(u));
  });

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  it('signs in 40 delegates, opens a ballot, takes 40 concurrent casts and publishes the exact count', async () => {
    await startSitting(hall);
    await hall.wallView.waitFor((v) => v.phase === 'in_session' && v.attendance.present === DELEGATES, 'session open, all present');

    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（草案）' });
    await Promise.all(hall.tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open')));

    const choices = new Map<string, Option>(hall.tablets.map((t) => [t.seatId, randomOption()]));
    const acks = await Promise.all(
      hall.tablets.map((t) =>
        emitAck(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${t.seatId}-1`, choice: { option: choices.get(t.seatId) } }),
      ),
    );
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, duplicate: false, receipt: { ballotId } });
    expect(new Set(acks.map((a) => (a.ok ? (a.receipt as { receiptId: string }).receiptId : null))).size).toBe(DELEGATES);

    // Each tablet's view, as the server holds it (the voter's news is its ack, no push), shows its own receipt.
    const synced = await Promise.all(hall.tablets.map((t) => emitOk(t.socket, 'meeting:sync')));
    synced.forEach((sync, i) => {
      const receipt = acks[i]?.ok ? (acks[i].receipt as { receiptId: string }) : null;
      expect((sync.view as { myVote: { receiptId: string } | null }).myVote?.receiptId).toBe(receipt?.receiptId);
    });

    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    const closed = await hall.wallView.waitFor((v) => v.ballot?.status === 'closed');
    expect(closed.ballot?.result).toBeNull(); // R2.8: nothing on the wall before the chair publishes

    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    const published = await hall.wallView.waitFor((v) => v.ballot?.status === 'published');
    const expected = tally(choices.values());
    expect(published.ballot?.result).toMatchObject({
      total: DELEGATES,
      present: DELEGATES,
      voted: DELEGATES,
      notVoted: 0,
      ...expected,
      outcome: expected.yes * 2 > DELEGATES ? 'passed' : 'failed',
    });

    expect(turnoutsSeenByWall.filter((u) => u.ballotId === ballotId).at(-1)).toEqual({ ballotId, voted: DELEGATES, present: DELEGATES });
    expect(turnoutsSeenByTablets).toEqual([]);
  });

  it('counts 实到 and 未表决 from attendance at close on a second, named ballot', async () => {
    // Two delegates go on leave; three present ones do not press.
    const [leaveA, leaveB, ...present] = hall.tablets;
    for (const t of [leaveA!, leaveB!]) {
      await emitOk(hall.presidium, 'staff:recordAttendance', { seatId: t.seatId, status: 'on_leave' });
    }
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    const ballotId = await openBallot(hall.presidium, {
      itemId: 'item-2',
      title: '关于民生实事项目的决定',
      secrecy: 'named',
      threshold: 'two_thirds_of_all',
    });

    const voters = present.slice(3);
    const choices = voters.map(() => randomOption());
    await Promise.all(
      voters.map((t, i) => emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${t.seatId}-2`, choice: { option: choices[i] } })),
    );
    // On leave means not present: a cast is refused.
    expect(await emitAck(leaveA!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'key-leave-2', choice: { option: 'yes' } })).toMatchObject({
      ok: false,
      code: 'NOT_SIGNED_IN',
    });

    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    const published = await hall.wallView.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'published');
    const expected = tally(choices);
    expect(published.attendance).toMatchObject({ total: DELEGATES, present: DELEGATES - 2, onLeave: 2 });
    expect(published.ballot?.result).toMatchObject({
      total: DELEGATES,
      present: DELEGATES - 2,
      voted: voters.length,
      notVoted: 3,
      ...expected,
      outcome: expected.yes * 3 >= DELEGATES * 2 ? 'passed' : 'failed',
      rule: { threshold: 'two_thirds_of_all', requiredYes: 27 },
    });

    const consoleView = await hall.console.waitFor((v) => v.ballots.some((b) => b.ballotId === ballotId && b.status === 'published'));
    expect(consoleView.ballots.map((b) => b.status)).toEqual(['published', 'published']);
  });
});
