import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsolePush } from '../../shared/protocol/console-view';
import { openBallot, openHall, type Hall } from '../support/hall';
import { emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

const N = 20;

/**
 * Issue 9: a console push carries the seat rows only when a seat changed, and then only the
 * changed ones (docs/PROTOCOL.md §5). A ballot's open, close and result change no seat; an
 * attendance change changes one.
 */
describe('console pushes leave out seats that did not change', () => {
  let server: TestServer;
  let hall: Hall;
  const raw: ConsolePush[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, N);
    hall.presidium.on('meeting:view', (view: ConsolePush) => raw.push(view));
    await Promise.all(hall.tablets.map((t) => emitOk(t.socket, 'delegate:signIn')));
    await hall.console.waitFor((v) => v.attendance.present === N, 'everyone present');
    await emitOk(hall.presidium, 'presidium:openSession');
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-1' });
    await hall.console.waitFor((v) => v.currentItemId === 'item-1', 'item started');
  }, 60_000);

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  it('sends a ballot step without the seats, and the console still shows every seat', async () => {
    const keyBefore = (await hall.console.waitFor((v) => v.currentItemId === 'item-1')).seatsKey;
    raw.length = 0;
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    const shown = await hall.console.waitFor((v) => v.ballots.some((b) => b.ballotId === ballotId && b.status === 'published'), 'published');

    expect(raw.length).toBeGreaterThan(0);
    for (const push of raw) {
      expect(push.seats).toBeUndefined();
      expect(push.seatsKey).toBe(keyBefore);
    }
    expect(shown.seats).toHaveLength(N);
    expect(shown.seats.every((s) => s.attendance === 'present')).toBe(true);
  });

  it('sends only the changed seat’s row, under a new key, when a seat changes', async () => {
    const keyBefore = hall.console.latest!.seatsKey;
    const versionBefore = hall.console.latest!.version;
    const seatId = hall.tablets[0]!.seatId;
    raw.length = 0;
    await emitOk(hall.presidium, 'staff:recordAttendance', { seatId, status: 'on_leave' });
    const shown = await hall.console.waitFor((v) => v.seats.find((s) => s.seatId === seatId)?.attendance === 'on_leave', 'on leave');
    expect(raw.every((push) => push.seats === undefined)).toBe(true);
    const withChanges = raw.filter((push) => push.seatChanges !== undefined);
    expect(withChanges).toHaveLength(1);
    const { seatChanges, seatsKey } = withChanges[0]!;
    expect(seatChanges!.since).toBe(versionBefore);
    expect(seatChanges!.rows.map((row) => [row.seatId, row.attendance])).toEqual([[seatId, 'on_leave']]);
    expect(seatsKey).not.toBe(keyBefore);
    expect(shown.seatsKey).toBe(seatsKey);
    // Every other seat is as it was.
    expect(shown.seats).toHaveLength(N);
    expect(shown.seats.filter((s) => s.attendance === 'present')).toHaveLength(N - 1);
  });

  it('answers meeting:sync with the seats, whatever the last push left out', async () => {
    const sync = await emitOk(hall.presidium, 'meeting:sync');
    const view = sync['view'] as ConsolePush;
    expect(view.seats).toHaveLength(N);
    expect(view.seatsKey).toBe(hall.console.latest!.seatsKey);
  });
});
