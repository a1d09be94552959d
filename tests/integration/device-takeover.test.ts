import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/domain/views';
import { connectTablet, newDeviceId, openHall, type Hall } from '../support/hall';
import { connectRefusal, emitAck, emitOk, nextEvent } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

describe('one device per seat', () => {
  let server: TestServer;
  let hall: Hall;

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, 3);
  });

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  it('evicts the old tablet when the seat is paired on another device, and refuses its token after', async () => {
    const old = hall.tablets[0]!;
    const bystander = hall.tablets[1]!;
    await emitOk(old.socket, 'delegate:signIn');

    const codes = await hall.http.issueCodes(hall.secretariatToken, hall.meetingId, [old.seatId]);
    const replaced = nextEvent<{ reason: string; at: number }>(old.socket, 'session:replaced');
    const disconnected = nextEvent<string>(old.socket, 'disconnect');
    let bystanderEvicted = false;
    bystander.socket.on('session:replaced', () => (bystanderEvicted = true));

    const newDevice = newDeviceId();
    const paired = await hall.http.pair(codes.get(old.seatId)!, newDevice);
    expect(paired.body).toMatchObject({ ok: true, meetingId: hall.meetingId, seatId: old.seatId });

    expect(await replaced).toMatchObject({ reason: 'paired_on_another_device', at: expect.any(Number) });
    expect(await disconnected).toBe('io server disconnect');
    expect(await connectRefusal(server.baseUrl, { token: old.token })).toMatchObject({ code: 'DEVICE_REPLACED' });

    // The new device takes the seat over, attendance included; the neighbour is untouched.
    const fresh = await connectTablet(server.baseUrl, { seatId: old.seatId, deviceId: newDevice, token: paired.body.token });
    const view = await fresh.views.waitFor((v) => v.seat.seatId === old.seatId);
    expect(view.seat.attendance).toBe('present');
    expect(bystander.socket.connected).toBe(true);
    expect(bystanderEvicted).toBe(false);
    expect((await emitAck(bystander.socket, 'clock:sync')).ok).toBe(true);

    const consoleView = (await emitOk(hall.presidium, 'meeting:sync')).view as ConsoleView;
    expect(consoleView.seats.find((s) => s.seatId === old.seatId)).toMatchObject({ paired: true, attendance: 'present' });
    fresh.socket.close();
  });

  it('accepts a pairing code once', async () => {
    const seatId = hall.tablets[2]!.seatId;
    const codes = await hall.http.issueCodes(hall.secretariatToken, hall.meetingId, [seatId]);
    const code = codes.get(seatId)!;
    // Typed by hand from the card: lower case, with the printed dash.
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
    expect((await hall.http.pair(typed, newDeviceId())).body).toMatchObject({ ok: true, seatId });
    expect((await hall.http.pair(code, newDeviceId())).body).toMatchObject({ ok: false, code: 'PAIRING_CODE_INVALID' });
  });

  it('replaces a seat card: the earlier unused code stops working', async () => {
    const seatId = hall.tablets[1]!.seatId;
    const first = (await hall.http.issueCodes(hall.secretariatToken, hall.meetingId, [seatId])).get(seatId)!;
    const second = (await hall.http.issueCodes(hall.secretariatToken, hall.meetingId, [seatId])).get(seatId)!;
    expect((await hall.http.pair(first, newDeviceId())).body).toMatchObject({ ok: false, code: 'PAIRING_CODE_INVALID' });
    expect((await hall.http.pair(second, hall.tablets[1]!.deviceId)).body).toMatchObject({ ok: true, seatId });
  });
});
