import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/domain/views';
import { FakeClock } from '../support/fake-clock';
import { openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { emitAck, emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

async function consoleState(hall: Hall): Promise<ConsoleView> {
  const ack = await emitOk(hall.presidium, 'meeting:sync');
  return ack.view as ConsoleView;
}

describe('exactly-once casts and server-time deadlines', () => {
  const clock = new FakeClock();
  let server: TestServer;
  let hall: Hall;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    hall = await openHall(server.baseUrl, 5);
    await startSitting(hall);
  });

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  it('answers a retried cast with its first receipt, refuses a second vote and counts once', async () => {
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '第一次表决' });
    const [first, second] = hall.tablets;
    const cast = { ballotId, idempotencyKey: 'retry-key-0001', choice: { option: 'yes' } };

    const original = await emitAck(first!.socket, 'ballot:cast', cast);
    expect(original).toMatchObject({ ok: true, duplicate: false, receipt: { ballotId, seatId: first!.seatId } });
    const retried = await emitAck(first!.socket, 'ballot:cast', cast);
    expect(retried).toEqual({ ...original, duplicate: true });
    // A retry may carry another choice (the client lost its state); the first paper stands.
    const retriedOther = await emitAck(first!.socket, 'ballot:cast', { ...cast, choice: { option: 'no' } });
    expect(retriedOther).toEqual({ ...original, duplicate: true });

    const again = await emitAck(first!.socket, 'ballot:cast', { ...cast, idempotencyKey: 'second-key-0002' });
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });

    // A retry racing its own first attempt: both reach the store, which records one.
    const third = hall.tablets[2]!;
    const racing = { ballotId, idempotencyKey: 'racing-key-0004', choice: { option: 'abstain' } };
    const pair = await Promise.all([emitAck(third.socket, 'ballot:cast', racing), emitAck(third.socket, 'ballot:cast', racing)]);
    expect(pair.map((a) => a.ok && a.duplicate).sort()).toEqual([false, true]);
    expect(pair[0]!.ok && pair[1]!.ok && pair[0].receipt).toEqual(pair[1]!.ok && pair[1].receipt);
    expect((await consoleState(hall)).ballots[0]?.voted).toBe(2);

    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    const late = await emitAck(second!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'late-key-0003', choice: { option: 'no' } });
    expect(late).toMatchObject({ ok: false, code: 'BALLOT_NOT_OPEN' });
    // The first answer still holds after the close.
    expect(await emitAck(first!.socket, 'ballot:cast', cast)).toEqual({ ...original, duplicate: true });

    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    const published = (await consoleState(hall)).ballots[0];
    expect(published?.result).toMatchObject({ voted: 2, yes: 1, no: 0, abstain: 1, present: 5, notVoted: 3 });
  });

  it('refuses a cast once the countdown has ended by server time, before any close event', async () => {
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '限时表决', durationSec: 3600 });
    const [a, b, c] = hall.tablets;
    expect(await emitAck(a!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'timed-key-a', choice: { option: 'yes' } })).toMatchObject({
      ok: true,
    });

    clock.advance(3600 * 1000 - 1);
    expect(await emitAck(b!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'timed-key-b', choice: { option: 'no' } })).toMatchObject({
      ok: true,
    });

    clock.advance(1); // exactly the deadline: no more casts (R: server time rules)
    const tooLate = await emitAck(c!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'timed-key-c', choice: { option: 'no' } });
    expect(tooLate).toMatchObject({ ok: false, code: 'BALLOT_NOT_OPEN' });
    const stillOpen = (await consoleState(hall)).ballots.find((x) => x.ballotId === ballotId);
    expect(stillOpen).toMatchObject({ status: 'open', voted: 2 });

    // The startup sweep (and the countdown timer) closes it in the log as a deadline close.
    await server.app.service.closeOverdueBallots();
    const closed = (await consoleState(hall)).ballots.find((x) => x.ballotId === ballotId);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'deadline', voted: 2 });
    expect(closed?.pendingResult).toMatchObject({ yes: 1, no: 1, voted: 2 });
    const events = await server.store.readEvents(hall.meetingId, 0);
    expect(events.at(-1)).toMatchObject({ type: 'BallotClosed', ballotId, reason: 'deadline', by: { role: 'system', name: 'countdown' } });
  });
});
