import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEATMAP_DELTA_EVENT, type SeatMapDelta, type SeatMapSnapshot } from '../../shared/protocol/seat-map';
import { connectTablet, openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { connect, emitAck, emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/** What the seat map knows, rebuilt from the snapshot and the deltas exactly as the console does. */
class SeatMapPicture {
  online = new Set<string>();
  lastSeen = new Map<string, number>();
  voted = new Map<string, Set<string>>();
  deltas: SeatMapDelta[] = [];
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(socket: Socket) {
    socket.on(SEATMAP_DELTA_EVENT, (delta: SeatMapDelta) => {
      this.deltas.push(delta);
      for (const s of delta.online) this.online.add(s);
      for (const { seatId, lastSeen } of delta.offline) {
        this.online.delete(seatId);
        this.lastSeen.set(seatId, lastSeen);
      }
      if (delta.voted) {
        const set = this.voted.get(delta.voted.ballotId) ?? new Set();
        for (const s of delta.voted.seatIds) set.add(s);
        this.voted.set(delta.voted.ballotId, set);
      }
      this.waiters = this.waiters.filter((w) => (w.test() ? (w.resolve(), false) : true));
    });
  }

  take(snapshot: SeatMapSnapshot): void {
    this.online = new Set(snapshot.online);
    if (snapshot.voted) this.voted.set(snapshot.voted.ballotId, new Set(snapshot.voted.seatIds));
  }

  until(test: () => boolean, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 15_000);
      this.waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

describe('the seat map', () => {
  let server: TestServer;
  let hall: Hall;

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, 8);
    await startSitting(hall);
  });
  afterAll(async () => {
    hall.closeSockets();
    await server.close();
  });

  it('shows which tablets are online, with last seen, and who voted, by snapshot and throttled deltas', async () => {
    const picture = new SeatMapPicture(hall.presidium);
    const first = (await emitOk(hall.presidium, 'console:seatMap', {})) as unknown as SeatMapSnapshot;
    expect(new Set(first.online)).toEqual(new Set(hall.tablets.map((t) => t.seatId)));
    expect(first.offline).toEqual([]);
    expect(first.voted).toBeNull();
    picture.take(first);

    // A tablet leaves: offline with the time it was last seen; it comes back: online.
    const leaving = hall.tablets[7]!;
    const before = Date.now();
    leaving.socket.close();
    await picture.until(() => !picture.online.has('s08'), 's08 offline');
    expect(picture.lastSeen.get('s08')).toBeGreaterThanOrEqual(before - 1000);
    const back = await connectTablet(server.baseUrl, leaving);
    hall.tablets[7] = back;
    await picture.until(() => picture.online.has('s08'), 's08 online again');

    // Votes: the register, seat by seat, never a choice; many casts, few deltas (invariant 5).
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    const deltasBefore = picture.deltas.length;
    await Promise.all(
      hall.tablets.slice(0, 6).map((t, i) => emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `map-${t.seatId}-key`, choice: { option: i % 2 ? 'no' : 'yes' } })),
    );
    await picture.until(() => picture.voted.get(ballotId)?.size === 6, 'six seats voted');
    expect([...picture.voted.get(ballotId)!].sort()).toEqual(['s01', 's02', 's03', 's04', 's05', 's06']);
    const voteDeltas = picture.deltas.slice(deltasBefore).filter((d) => d.voted);
    expect(voteDeltas.length).toBeLessThanOrEqual(6);
    for (const delta of picture.deltas) expect(Object.keys(delta).sort()).toEqual(['offline', 'online', 'voted']);
    expect(JSON.stringify(picture.deltas)).not.toMatch(/"(yes|no|abstain)"/);

    // A console that (re)connects asks once and has the same picture.
    const late = (await emitOk(hall.presidium, 'console:seatMap', {})) as unknown as SeatMapSnapshot;
    expect(new Set(late.voted?.seatIds)).toEqual(picture.voted.get(ballotId));
    expect(new Set(late.online)).toEqual(picture.online);
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
  });

  it('goes to staff only: a tablet or the wall cannot ask, and neither receives deltas', async () => {
    expect(await emitAck(hall.tablets[0]!.socket, 'console:seatMap', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await emitAck(hall.wall, 'console:seatMap', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await emitAck(hall.presidium, 'console:seatMap', { seatId: 's01' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    const observer = await connect(server.baseUrl, { token: await hall.http.staffToken('observer'), meetingId: hall.meetingId });
    expect(await emitAck(observer, 'console:seatMap', {})).toMatchObject({ ok: true });
    observer.close();

    const tabletDeltas: unknown[] = [];
    const wallDeltas: unknown[] = [];
    hall.tablets[0]!.socket.on(SEATMAP_DELTA_EVENT, (d: unknown) => tabletDeltas.push(d));
    hall.wall.on(SEATMAP_DELTA_EVENT, (d: unknown) => wallDeltas.push(d));
    const picture = new SeatMapPicture(hall.presidium);
    hall.tablets[6]!.socket.close();
    await picture.until(() => picture.deltas.some((d) => d.offline.some((o) => o.seatId === 's07')), 's07 offline on the console');
    expect(tabletDeltas).toEqual([]);
    expect(wallDeltas).toEqual([]);
  });
});
