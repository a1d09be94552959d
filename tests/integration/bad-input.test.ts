import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/domain/views';
import { ClientEvents, EVENT_ROLES, MAX_PAYLOAD_BYTES, type ClientEventName } from '../../shared/protocol/socket';
import { openHall, type Hall } from '../support/hall';
import { connect, connectRefusal, emitAck, emitOk, nextEvent } from '../support/sockets';
import { TEST_JWT_SECRET } from '../support/test-config';
import { startTestServer, type TestServer } from '../support/test-server';

const GARBAGE: unknown[] = [
  null,
  42,
  'yes',
  true,
  [],
  [{ ballotId: 'x' }],
  { unexpected: 1 },
  { ballotId: 12, itemId: {}, seatId: [], choice: 'yes', idempotencyKey: 1 },
  { ballotId: 'b'.repeat(10_000), itemId: 'i'.repeat(10_000), title: 't'.repeat(10_000), reason: 'r'.repeat(10_000) },
  { ballotId: '../../etc/passwd', itemId: 'x y', seatId: 's01?', idempotencyKey: 'short', choice: { option: 'maybe' } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
];

const EVENTS = Object.keys(ClientEvents) as ClientEventName[];

describe('bad input changes nothing and crashes nothing', () => {
  let server: TestServer;
  let hall: Hall;
  let secretariat: Awaited<ReturnType<typeof connect>>;

  const snapshot = async () => ((await emitOk(hall.presidium, 'meeting:sync')).view as ConsoleView);
  const socketFor = (role: string) =>
    role === 'delegate' ? hall.tablets[0]!.socket : role === 'wall' ? hall.wall : role === 'secretariat' ? secretariat : hall.presidium;

  beforeAll(async () => {
    // Hundreds of events from one socket on purpose: the per-socket rate limit is not what this
    // file checks (tests/integration/abuse-limits.test.ts does), so it is lifted here.
    process.env['SOCKET_EVENTS_PER_SECOND'] = '1000000';
    try {
      server = await startTestServer();
    } finally {
      delete process.env['SOCKET_EVENTS_PER_SECOND'];
    }
    hall = await openHall(server.baseUrl, 3);
    secretariat = await connect(server.baseUrl, { token: hall.secretariatToken, meetingId: hall.meetingId });
  });

  afterAll(async () => {
    secretariat?.close();
    hall?.closeSockets();
    await server?.close();
  });

  it('answers every event with garbage payloads with BAD_REQUEST, for a role that may send it', async () => {
    const before = await snapshot();
    for (const event of EVENTS) {
      const socket = socketFor(EVENT_ROLES[event][0]!);
      for (const payload of GARBAGE) {
        const ack = await emitAck(socket, event, payload);
        expect(ack, `${event} ${JSON.stringify(payload)?.slice(0, 80)}`).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
        expect((ack as { message: string }).message.length).toBeLessThan(2000);
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('answers an event name the protocol does not have with BAD_REQUEST, inherited names included', async () => {
    const before = await snapshot();
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'ballot:Cast', 'ballot:cast ', '', 'no:such'];
    for (const socket of [hall.tablets[0]!.socket, hall.presidium, secretariat]) {
      for (const name of names) {
        expect(await emitAck(socket, name, {}), name).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      }
      // The connection still works.
      await emitOk(socket, 'clock:sync');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('ignores an event without an ack callback, even a valid one', async () => {
    const before = await snapshot();
    await emitOk(hall.tablets[0]!.socket, 'delegate:signIn');
    await emitOk(hall.tablets[1]!.socket, 'delegate:signIn');
    const signedIn = await snapshot();
    expect(signedIn.version).toBe(before.version + 2);

    // Each would change the state if it were handled: 2 of 3 present meets the quorum.
    hall.presidium.emit('presidium:openSession', {});
    hall.presidium.emit('presidium:openSession', {}, 'not a function');
    hall.tablets[2]!.socket.emit('delegate:signIn');
    // A socket's packets are handled in order, and commands queue per meeting in order: once
    // these acks arrive, anything the ignored emits had started would be done.
    await emitOk(hall.tablets[2]!.socket, 'clock:sync');
    expect(await emitAck(hall.presidium, 'presidium:startItem', { itemId: 'item-1' })).toMatchObject({ ok: false, code: 'WRONG_PHASE' });
    expect(await snapshot()).toEqual(signedIn);
  });

  it('refuses events outside the sender role with FORBIDDEN', async () => {
    const before = await snapshot();
    const attempts: [string, ClientEventName, unknown][] = [
      ['delegate', 'presidium:openBallot', { itemId: 'item-1', title: '越权' }],
      ['delegate', 'presidium:openSession', {}],
      ['delegate', 'staff:recordAttendance', { seatId: 's02', status: 'present' }],
      ['wall', 'ballot:cast', { ballotId: 'b1', idempotencyKey: 'wall-key-0001', choice: { option: 'yes' } }],
      ['wall', 'delegate:signIn', {}],
      ['secretariat', 'presidium:openSession', {}],
      ['presidium', 'ballot:cast', { ballotId: 'b1', idempotencyKey: 'chair-key-0001', choice: { option: 'yes' } }],
    ];
    for (const [role, event, payload] of attempts) {
      expect(await emitAck(socketFor(role), event, payload), `${role} ${event}`).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await emitAck(hall.presidium, 'no:such:event', {})).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await snapshot()).toEqual(before);
  });

  it('drops a connection that sends more than the payload limit, and keeps serving others', async () => {
    const before = await snapshot();
    const tablet = hall.tablets[2]!.socket;
    const dropped = nextEvent<string>(tablet, 'disconnect');
    tablet.emit('ballot:cast', { ballotId: 'b1', idempotencyKey: 'x'.repeat(MAX_PAYLOAD_BYTES + 1024), choice: { option: 'yes' } }, () => {});
    expect(await dropped).toBe('transport close');
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad, forged and expired tokens at connect', async () => {
    const expired = jwt.sign({ role: 'presidium', name: '主席', exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, {
      algorithm: 'HS256',
    });
    const forged = jwt.sign({ role: 'presidium', name: '主席' }, 'some-other-secret-entirely', { algorithm: 'HS256' });
    const unsigned = jwt.sign({ role: 'presidium', name: '主席' }, '', { algorithm: 'none' });
    const wrongShape = jwt.sign({ role: 'delegate', meetingId: hall.meetingId }, TEST_JWT_SECRET, { algorithm: 'HS256' });
    for (const token of [undefined, '', 'not-a-jwt', 42, expired, forged, unsigned, wrongShape]) {
      expect(await connectRefusal(server.baseUrl, { token, meetingId: hall.meetingId }), String(token)).toMatchObject({
        code: 'UNAUTHORIZED',
      });
    }
    expect(await connectRefusal(server.baseUrl, { token: hall.presidiumToken })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await connectRefusal(server.baseUrl, { token: hall.presidiumToken, meetingId: 'no-such-meeting' })).toMatchObject({
      code: 'MEETING_NOT_FOUND',
    });
    expect(await connectRefusal(server.baseUrl, { token: hall.tablets[0]!.token, meetingId: 'another-meeting' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('answers bad HTTP bodies with BAD_REQUEST and bad credentials with UNAUTHORIZED', async () => {
    const { http, secretariatToken } = hall;
    const raw = await fetch(`${server.baseUrl}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    const huge = await http.request('POST', '/api/meetings', { title: 'x'.repeat(300 * 1024) }, secretariatToken);
    expect(huge).toMatchObject({ status: 413, body: { ok: false, code: 'BAD_REQUEST' } });
    expect(await http.request('POST', '/api/meetings', { title: 42 }, secretariatToken)).toMatchObject({
      status: 400,
      body: { ok: false, code: 'BAD_REQUEST' },
    });
    expect(await http.request('POST', '/api/pair', { code: 'ABCDEFGHJK', deviceId: 'short' })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
    expect(await http.request('POST', '/api/pair', { code: 'ABCDEFGHJK', deviceId: 'device-never-seen' })).toMatchObject({
      status: 400,
      body: { code: 'PAIRING_CODE_INVALID' },
    });
    expect(await http.request('POST', '/api/auth/staff', { login: 'x', password: 'wrong' })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED' },
    });
    expect(await http.request('GET', '/api/meetings')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(await http.request('POST', '/api/meetings', {}, hall.presidiumToken)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await http.request('POST', '/api/meetings', {}, hall.tablets[0]!.token)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await http.request('GET', '/api/meetings/..%2F..%2Fetc/export', undefined, secretariatToken)).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
  });
});
