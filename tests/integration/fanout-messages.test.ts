import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DelegateView } from '../../shared/domain/views';
import { connectTablet, openBallot, openHall, type Hall, type Tablet } from '../support/hall';
import { emitAck, emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Issue 9, invariant 5: O(N) messages per change. Counts every push each of N = 200 real
 * tablets receives (acks are counted apart: they answer the tablet's own requests). Waits are
 * for events, never for a duration.
 */

const N = 200;

/** Pushes received per socket, by event name, since the last reset. */
class PushCounter {
  private readonly counts = new Map<Socket, Map<string, number>>();

  watch(socket: Socket): void {
    this.counts.set(socket, new Map());
    socket.onAny((event: string) => {
      const mine = this.counts.get(socket)!;
      mine.set(event, (mine.get(event) ?? 0) + 1);
    });
  }

  reset(): void {
    for (const mine of this.counts.values()) mine.clear();
  }

  of(socket: Socket, event?: string): number {
    const mine = this.counts.get(socket) ?? new Map<string, number>();
    if (event) return mine.get(event) ?? 0;
    return [...mine.values()].reduce((a, b) => a + b, 0);
  }

  total(sockets: Socket[], event?: string): number {
    return sockets.reduce((sum, s) => sum + this.of(s, event), 0);
  }
}

describe(`fan-out to ${N} tablets`, () => {
  let server: TestServer;
  let hall: Hall;
  const pushes = new PushCounter();
  let tabletSockets: Socket[];

  /** A round trip on every connection: what the server sent each one before it has arrived. */
  const barrier = () => Promise.all([hall.presidium, hall.wall, ...tabletSockets].map((s) => emitOk(s, 'clock:sync')));

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, N);
    tabletSockets = hall.tablets.map((t) => t.socket);
    for (const s of [hall.presidium, hall.wall, ...tabletSockets]) pushes.watch(s);
  }, 120_000);

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  const signedIn = (t: Tablet) => t.views.waitFor((v: DelegateView) => v.seat.attendance === 'present', `${t.seatId} signed in`);

  it('sends one sign-in to the signing tablet only', async () => {
    await barrier();
    pushes.reset();
    const [first, ...others] = hall.tablets;
    await emitOk(first!.socket, 'delegate:signIn');
    await signedIn(first!);
    await barrier();

    expect(pushes.of(first!.socket)).toBe(1);
    expect(pushes.of(first!.socket, 'meeting:seat')).toBe(1);
    expect(pushes.total(others.map((t) => t.socket))).toBe(0);
    // The wall and the console see attendance (at most one view each for this change).
    expect(pushes.of(hall.wall, 'meeting:view')).toBeLessThanOrEqual(1);
    expect(pushes.of(hall.presidium, 'meeting:view')).toBeLessThanOrEqual(1);
  });

  it(`signs in the other ${N - 1} at once with one message to each, and no view to anyone else`, async () => {
    await barrier();
    pushes.reset();
    const others = hall.tablets.slice(1);
    await Promise.all(others.map((t) => emitOk(t.socket, 'delegate:signIn')));
    await Promise.all(others.map(signedIn));
    await barrier();

    for (const t of others) expect(pushes.of(t.socket)).toBe(1);
    expect(pushes.total(tabletSockets, 'meeting:view')).toBe(0);
    expect(pushes.of(hall.tablets[0]!.socket)).toBe(0);
  });

  it('costs at most 3 pushes per tablet for a ballot, and one ack per cast', async () => {
    await emitOk(hall.presidium, 'presidium:openSession');
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-1' });
    await Promise.all(hall.tablets.map((t) => t.views.waitFor((v) => v.currentItemId === 'item-1')));
    await barrier();
    pushes.reset();

    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    await Promise.all(hall.tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open')));
    const acks = await Promise.all(
      hall.tablets.map((t) => emitAck(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `fanout-${t.seatId}`, choice: { option: 'yes' } })),
    );
    expect(acks.filter((ack) => !ack.ok)).toEqual([]);
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await Promise.all(hall.tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'closed')));
    await barrier();
    const openToClose = pushes.total(tabletSockets);

    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    await Promise.all(hall.tablets.map((t) => t.views.waitFor((v) => v.ballot?.status === 'published')));
    await barrier();
    const wholeBallot = pushes.total(tabletSockets);

    // Opening and closing: one push each per tablet; the N casts: their N acks, no push.
    expect(openToClose + acks.length).toBeLessThanOrEqual(3 * N);
    // Open, close, publish: at most 3 pushes per tablet, whatever the number of voters.
    for (const s of tabletSockets) expect(pushes.of(s)).toBeLessThanOrEqual(3);
    expect(wholeBallot).toBeLessThanOrEqual(3 * N);
    // A tablet never hears of other delegates' votes.
    expect(pushes.total(tabletSockets, 'meeting:seat')).toBe(0);
    expect(pushes.total(tabletSockets, 'ballot:turnout')).toBe(0);
    // The wall and console: one view per command (open, close, publish), and turnout
    // aggregates that are throttled and never more than one per vote.
    for (const s of [hall.wall, hall.presidium]) {
      expect(pushes.of(s, 'meeting:view')).toBeLessThanOrEqual(3);
      expect(pushes.of(s, 'ballot:turnout')).toBeLessThanOrEqual(N);
    }
  });

  it("tells a seat's other connection of its vote, and the voter's connection only by the ack", async () => {
    const voter = hall.tablets[3]!;
    const second = await connectTablet(server.baseUrl, voter);
    pushes.watch(second.socket);
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（补充）' });
    await second.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open');
    await barrier();
    pushes.reset();

    const ack = await emitOk(voter.socket, 'ballot:cast', { ballotId, idempotencyKey: `fanout-${voter.seatId}-2`, choice: { option: 'no' } });
    const seen = await second.views.waitFor((v) => v.myVote !== null, 'the receipt on the other connection');
    expect(seen.myVote?.receiptId).toBe((ack['receipt'] as { receiptId: string }).receiptId);
    await barrier();
    expect(pushes.of(voter.socket)).toBe(0);
    expect(pushes.of(second.socket, 'meeting:seat')).toBe(1);
    expect(pushes.total(tabletSockets.filter((s) => s !== voter.socket))).toBe(0);
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    second.socket.close();
  });

  it('lets a tablet that missed the pushes catch up on reconnect and with meeting:sync', async () => {
    const absent = hall.tablets[7]!;
    absent.socket.close();
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（第二次）' });
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });

    const back = await connectTablet(server.baseUrl, absent);
    // The first view after connecting is the tablet's whole view, at the meeting's version.
    const view = await back.views.waitFor((v) => v.ballot?.ballotId === ballotId);
    expect(view).toMatchObject({ ballot: { status: 'published' }, seat: { seatId: absent.seatId, attendance: 'present' }, myVote: null });
    const sync = await emitOk(back.socket, 'meeting:sync');
    expect(sync.view).toMatchObject({ version: view.version, ballot: { ballotId, status: 'published' }, seat: { seatId: absent.seatId } });
    back.socket.close();
  });

  it('sends the agenda and the ballot spec only in a push that changes them (issue 9)', async () => {
    const live = hall.tablets.filter((t) => t.socket.connected);
    const liveBarrier = () => Promise.all([hall.presidium, ...live.map((t) => t.socket)].map((s) => emitOk(s, 'clock:sync')));
    const received = new Map<Socket, Record<string, unknown>[]>(live.map((t) => [t.socket, []]));
    for (const t of live) t.socket.on('meeting:view', (view: Record<string, unknown>) => received.get(t.socket)!.push(view));
    /** The one push each tablet got since the last call, once each shows `test`: all alike (rendered once). */
    const onePushEach = async (test: (v: DelegateView) => boolean): Promise<Record<string, unknown>> => {
      await Promise.all(live.map((t) => t.views.waitFor(test)));
      await liveBarrier();
      const pushes = [...received.values()].map((list) => list.splice(0));
      for (const list of pushes) expect(list).toHaveLength(1);
      for (const list of pushes) expect(list[0]).toEqual(pushes[0]![0]);
      return pushes[0]![0]!;
    };
    const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    await liveBarrier();
    for (const list of received.values()) list.splice(0);

    // A new ballot: its spec rides along, keyed by the ballot it opens.
    const first = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（第三次）' });
    const opened = await onePushEach((v) => v.ballot?.ballotId === first);
    expect(opened).toMatchObject({ ballot: { ballotId: first, status: 'open' }, ballotSpec: { itemId: 'item-1' } });
    // Closing it changes neither the agenda nor the ballot: the push has neither, and is smaller
    // by them than the tablet's whole view.
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId: first });
    const closed = await onePushEach((v) => v.ballot?.status === 'closed');
    expect(closed).toMatchObject({ ballot: { ballotId: first, status: 'closed' }, agendaKey: opened['agendaKey'] });
    expect(closed).not.toHaveProperty('agenda');
    expect(closed).not.toHaveProperty('ballotSpec');
    const whole = (await emitOk(live[0]!.socket, 'meeting:sync')).view as DelegateView;
    expect(bytes(closed)).toBeLessThan(bytes(whole) - bytes(whole.agenda) - bytes(whole.ballotSpec));
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId: first });
    expect(await onePushEach((v) => v.ballot?.status === 'published')).not.toHaveProperty('ballotSpec');

    // The next item: the agenda rides along (another key), the spec does not (same ballot).
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    const moved = await onePushEach((v) => v.currentItemId === 'item-2');
    expect(moved).toMatchObject({ currentItemId: 'item-2', agenda: expect.arrayContaining([expect.objectContaining({ itemId: 'item-2' })]) });
    expect(moved['agendaKey']).not.toBe(opened['agendaKey']);
    expect(moved).not.toHaveProperty('ballotSpec');

    // Another ballot: its own spec, never the kept one; every tablet shows both, put together.
    const second = await openBallot(hall.presidium, { itemId: 'item-2', title: '关于民生实事项目的决定' });
    const next = await onePushEach((v) => v.ballot?.ballotId === second);
    expect(next).toMatchObject({ ballot: { ballotId: second }, ballotSpec: { itemId: 'item-2' } });
    expect(next).not.toHaveProperty('agenda');
    for (const t of live) {
      expect(t.views.latest).toMatchObject({ currentItemId: 'item-2', ballot: { ballotId: second }, ballotSpec: { itemId: 'item-2' } });
      expect(t.views.latest?.agenda).toEqual(moved['agenda']);
    }
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId: second });
    await onePushEach((v) => v.ballot?.ballotId === second && v.ballot.status === 'closed');
  });
});
