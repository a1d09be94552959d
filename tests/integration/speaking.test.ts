import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingSpec } from '../../shared/domain/meeting';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import type { ConsoleView } from '../../shared/domain/views';
import { openHall, startSitting, type Hall } from '../support/hall';
import { connect, emitAck, emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/** Speaking requests (申请发言 / 询问) over real sockets: tablet → console queue → floor and timer on the wall. */
describe('speaking requests', () => {
  let server: TestServer;
  let hall: Hall;

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, 5);
    await startSitting(hall);
  });
  afterAll(async () => {
    hall.closeSockets();
    await server.close();
  });

  it('queues requests from tablets, grants the floor with a limit, and ends it; every step is in the log', async () => {
    const [first, second, third] = hall.tablets;
    // The sitting's own pushes have reached tablet 3 before it starts counting.
    await third!.views.waitFor((v) => v.currentItemId === 'item-1' && v.seat.attendance === 'present', 'tablet 3 in the sitting');
    // Tablet 3 lists what it receives: requests of other seats must cost it nothing (O(1) per request).
    const seen: string[] = [];
    third!.socket.onAny((event: string) => seen.push(event));

    await emitOk(first!.socket, 'delegate:requestFloor', { kind: 'speak' });
    await emitOk(second!.socket, 'delegate:requestFloor', { kind: 'inquiry' });
    // Asking twice is one request.
    await emitOk(first!.socket, 'delegate:requestFloor', { kind: 'inquiry' });

    const queued = await hall.console.waitFor((v) => v.speakingQueue.length === 2, 'two requests in the console queue');
    expect(queued.speakingQueue.map((r) => [r.seatId, r.kind, r.name])).toEqual([
      ['s01', 'speak', '代表1'],
      ['s02', 'inquiry', '代表2'],
    ]);
    await hall.wallView.waitFor((v) => v.speaking?.queued === 2, 'the wall counts two waiting');
    await first!.views.waitFor((v) => v.seat.floor?.status === 'queued', 'tablet 1 sees its request waiting');

    const requestId = queued.speakingQueue[0]!.requestId;
    await emitOk(hall.presidium, 'presidium:grantFloor', { requestId, limitSeconds: 120 });
    const wall = await hall.wallView.waitFor((v) => v.speaking?.current !== null, 'the wall shows the speaker');
    expect(wall.speaking.current).toMatchObject({ requestId, seatNo: '1排1座', name: '代表1', kind: 'speak', limitSeconds: 120 });
    expect(wall.speaking.queued).toBe(1);
    await first!.views.waitFor((v) => v.seat.floor?.status === 'speaking', 'tablet 1 has the floor');

    await emitOk(second!.socket, 'delegate:withdrawFloor', {});
    await hall.console.waitFor((v) => v.speakingQueue.length === 0, 'the withdrawn request leaves the queue');
    await second!.views.waitFor((v) => (v.seat.floor ?? null) === null, 'tablet 2 sees its request gone');
    await emitOk(hall.presidium, 'presidium:endFloor', {});
    await hall.wallView.waitFor((v) => v.speaking?.current === null, 'the floor ends on the wall');

    // A change every tablet sees: tablet 3 gets exactly that one push, and nothing for the requests before it.
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    await third!.views.waitFor((v) => v.currentItemId === 'item-2', 'tablet 3 sees the next item');
    expect(seen).toEqual(['meeting:view']);

    const types = (await server.store.readEvents(hall.meetingId, 0)).map((e) => e.type).filter((t) => t.startsWith('Floor'));
    expect(types).toEqual(['FloorRequested', 'FloorRequested', 'FloorGranted', 'FloorWithdrawn', 'FloorEnded']);
  });

  it('checks roles, payloads and ids: bad input changes nothing', async () => {
    const tablet = hall.tablets[3]!;
    const before = (await server.store.readEvents(hall.meetingId, 0)).length;
    expect(await emitAck(tablet.socket, 'presidium:grantFloor', { requestId: 'x', limitSeconds: null })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await emitAck(hall.presidium, 'delegate:requestFloor', { kind: 'speak' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const secretariat = await connect(server.baseUrl, { token: hall.secretariatToken, meetingId: hall.meetingId });
    expect(await emitAck(secretariat, 'presidium:endFloor', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    secretariat.close();
    expect(await emitAck(tablet.socket, 'delegate:requestFloor', { kind: 'shout' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await emitAck(tablet.socket, 'delegate:requestFloor', { kind: 'speak', seatId: 's01' })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await emitAck(hall.presidium, 'presidium:grantFloor', { requestId: 'r', limitSeconds: 1e9 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    for (const id of HOSTILE_IDS) {
      const grant = await emitAck(hall.presidium, 'presidium:grantFloor', { requestId: id, limitSeconds: 60 });
      expect(grant.ok, id).toBe(false);
      const skip = await emitAck(hall.presidium, 'presidium:skipFloor', { requestId: id });
      expect(skip.ok, id).toBe(false);
    }
    expect((await server.store.readEvents(hall.meetingId, 0)).length).toBe(before);
  });

  it('the grant form starts from the R8 speakingLimitSeconds setting: DEFAULT 300 s, set per meeting, null = no limit', async () => {
    const view = (await emitOk(hall.presidium, 'meeting:sync')).view as ConsoleView;
    expect(view.speakingLimitSeconds).toBe(300);
    const revise = async (settings: Record<string, unknown>) => {
      const prep = await hall.http.request<{ spec: MeetingSpec; version: number }>('GET', `/api/meetings/${hall.meetingId}/preparation`, undefined, hall.secretariatToken);
      return hall.http.request<{ ok: boolean; code?: string }>('POST', `/api/meetings/${hall.meetingId}/revision`, { spec: { ...prep.body.spec, settings } }, hall.secretariatToken);
    };
    expect((await revise({ speakingLimitSeconds: 90 })).body.ok).toBe(true);
    await hall.console.waitFor((v) => v.speakingLimitSeconds === 90, 'the console reads 90 s');
    expect((await revise({ speakingLimitSeconds: null })).body.ok).toBe(true);
    await hall.console.waitFor((v) => v.speakingLimitSeconds === null, 'the console reads no limit');
    // Outside what a grant accepts (10 s … 2 h): refused, nothing changes.
    const before = (await server.store.readEvents(hall.meetingId, 0)).length;
    for (const bad of [5, 7201, 1.5, '300']) expect((await revise({ speakingLimitSeconds: bad })).status, String(bad)).toBe(400);
    expect((await server.store.readEvents(hall.meetingId, 0)).length).toBe(before);
    expect(((await emitOk(hall.presidium, 'meeting:sync')).view as ConsoleView).speakingLimitSeconds).toBeNull();
  });
});
