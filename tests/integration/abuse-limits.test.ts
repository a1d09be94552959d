import { once } from 'node:events';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ConnectionContext } from '../../server/gateway/connection';
import { DEFAULT_GATEWAY_LIMITS } from '../../server/gateway/limits';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { congressSpec, openBallot, openHall, type Hall } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { connect, emitAck, emitOk, nextEvent } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Issue 8 §3: one token must not exhaust the server. Real server, real sockets; every wait
 * below is for an event, never for a duration.
 */

const limits = DEFAULT_GATEWAY_LIMITS;

type Holder = { data: ConnectionContext };

/** Whether a server socket is the connection of this tablet's token (its device on its seat; the server keeps no token). */
function isTablets(socket: Holder, tablet: { seatId: string; deviceId: string }): boolean {
  const { principal } = socket.data;
  return principal?.role === 'delegate' && principal.seatId === tablet.seatId && principal.deviceId === tablet.deviceId;
}

/** Whether a server socket is a staff connection of a chair (staffToken('presidium')'s account). */
function isChair(socket: Holder): boolean {
  const { principal } = socket.data;
  return principal?.role === 'staff' && principal.roles.includes('chair');
}

/** Resolves with the server-side disconnect reason of the next connection that `matches`. */
function serverDisconnectOf(server: TestServer, matches: (socket: Holder) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const onConnection = (socket: Holder & { once(e: 'disconnect', f: (r: string) => void): void }) => {
      if (!matches(socket)) return;
      server.app.io.off('connection', onConnection);
      socket.once('disconnect', resolve);
    };
    server.app.io.on('connection', onConnection);
  });
}

/** A WebSocket speaking Engine.IO/Socket.IO by hand, so the test decides when (and whether) it reads. */
async function rawClient(server: TestServer, auth: Record<string, unknown>) {
  const url = `${server.baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url);
  const frames: string[] = [];
  let notify: (() => void) | null = null;
  ws.on('message', (data) => {
    frames.push(String(data));
    notify?.();
  });
  const frame = (test: (f: string) => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const found = frames.find(test);
        if (found !== undefined) {
          notify = null;
          resolve(found);
        }
      };
      notify = check;
      check();
    });
  await frame((f) => f.startsWith('0{')); // Engine.IO open
  ws.send(`40${JSON.stringify({ protocol: PROTOCOL_VERSION, ...auth })}`); // Socket.IO CONNECT with the handshake auth
  await frame((f) => f.startsWith('40{') || f.startsWith('44'));
  if (frames.some((f) => f.startsWith('44'))) throw new Error(`raw client refused: ${frames.join(' ')}`);
  return { ws, frames };
}

function send(ws: WebSocket, data: string): Promise<void> {
  return new Promise((resolve, reject) => ws.send(data, (err) => (err ? reject(err) : resolve())));
}

describe('connection, event and buffer limits per token and socket', () => {
  let server: TestServer;
  let hall: Hall;

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, 6);
  });

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  it('refuses all but a few of 1,000 connections with one delegate token; a change then reaches only those', async () => {
    const target = hall.tablets[0]!;
    const outcomes: string[] = [];
    const accepted: Socket[] = [];
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          try {
            accepted.push(await connect(server.baseUrl, { token: target.token }));
            outcomes.push('connected');
          } catch (err) {
            outcomes.push(String((err as { code?: string }).code));
          }
        }),
      );
    }
    const refused = outcomes.filter((o) => o === 'TOO_MANY_CONNECTIONS').length;
    // The first attempts fill the token's slots and take over the oldest a few times a minute
    // (a window may roll over once while the test runs); everything else is refused.
    const mostAdmitted = limits.perDelegateToken + 2 * limits.takeoversPerMinute;
    expect(outcomes).toHaveLength(1000);
    expect(outcomes.filter((o) => o !== 'connected' && o !== 'TOO_MANY_CONNECTIONS')).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(1000 - mostAdmitted);
    const holding = [...server.app.io.sockets.sockets.values()].filter((s) => isTablets(s, target));
    expect(holding.length).toBeGreaterThan(0);
    expect(holding.length).toBeLessThanOrEqual(limits.perDelegateToken);

    // Count what every socket of this token receives for one attendance change of its seat.
    const sockets = [target.socket, ...accepted];
    const live = sockets.filter((s) => s.connected);
    // Barrier: a round trip on each connection, so pushes sent before it are not counted.
    await Promise.all(live.map((s) => emitAck(s, 'clock:sync')));
    let messages = 0;
    let bytes = 0;
    for (const s of sockets) {
      s.onAny((_event: string, ...args: unknown[]) => {
        messages++;
        bytes += Buffer.byteLength(JSON.stringify(args));
      });
    }
    await emitOk(hall.presidium, 'staff:recordAttendance', { seatId: target.seatId, status: 'present' });
    // The change was pushed before its ack; one more round trip per connection brings it in.
    await Promise.all(sockets.filter((s) => s.connected).map((s) => emitAck(s, 'clock:sync')));
    expect(messages).toBeGreaterThan(0);
    expect(messages).toBeLessThanOrEqual(limits.perDelegateToken);
    // Before the limit: 1,000 copies of a view (123 MiB in the report); now a few KiB at most.
    expect(bytes).toBeLessThan(limits.perDelegateToken * 64 * 1024);
    for (const s of accepted) s.close();
  });

  it('answers a flood of meeting:sync with RATE_LIMITED and disconnects the sender', async () => {
    const flooder = hall.tablets[1]!.socket;
    const answers = { ok: 0, limited: 0, other: 0 };
    let retryAfterMs: unknown;
    const disconnected = nextEvent<string>(flooder, 'disconnect');
    for (let i = 0; i < 4000; i++) {
      flooder.emit('meeting:sync', {}, (ack: { ok: boolean; code?: string; details?: { retryAfterMs?: unknown } }) => {
        if (ack.ok) answers.ok++;
        else if (ack.code === 'RATE_LIMITED') {
          answers.limited++;
          retryAfterMs = ack.details?.retryAfterMs;
        } else answers.other++;
      });
    }
    expect(['io server disconnect', 'transport close']).toContain(await disconnected);
    expect(answers.limited).toBeGreaterThan(0);
    expect(retryAfterMs).toEqual(expect.any(Number));
    expect(answers.other).toBe(0);
    // It was cut off long before 4,000 answers: at most a second's allowance of views per window.
    expect(answers.ok + answers.limited).toBeLessThan(4000);
    expect(answers.ok).toBeLessThanOrEqual(2 * limits.eventsPerSecond);
  });

  it('disconnects a raw client that floods meeting:sync without ever reading', async () => {
    const tablet = hall.tablets[2]!;
    const cutOff = serverDisconnectOf(server, (s) => isTablets(s, tablet));
    const { ws, frames } = await rawClient(server, { token: tablet.token });
    ws.pause(); // from here on it reads nothing
    for (let i = 0; i < 4000; i++) ws.send(`42${i}["meeting:sync",{}]`);
    await send(ws, '3'); // the last write has left this process
    expect(await cutOff).toBeTruthy();
    expect([...server.app.io.sockets.sockets.values()].some((s) => isTablets(s, tablet) && s.connected)).toBe(
      hall.tablets[2]!.socket.connected,
    );
    // What it had been sent before the cut: its first answers, then RATE_LIMITED.
    const closed = once(ws, 'close');
    ws.resume();
    await closed;
    const acks = frames.filter((f) => f.startsWith('43'));
    expect(acks.some((f) => f.includes('"RATE_LIMITED"'))).toBe(true);
    expect(acks.length).toBeLessThan(4000);
  });

  it('stays healthy: health answers and the other tablets vote', async () => {
    const health = await hall.http.request<{ ok: boolean }>('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.ok).toBe(true);

    const voters = hall.tablets.slice(3).filter((t) => t.socket.connected);
    expect(voters).toHaveLength(3);
    // Seats 0 and 1 were signed in above or below; with 3..5 that is a quorum of 6.
    for (const t of [hall.tablets[0]!, ...voters]) {
      if (t.socket.connected) await emitOk(t.socket, 'delegate:signIn');
    }
    await emitOk(hall.presidium, 'staff:recordAttendance', { seatId: hall.tablets[0]!.seatId, status: 'present' });
    await emitOk(hall.presidium, 'presidium:openSession');
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-1' });
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    const acks = await Promise.all(
      voters.map((t) => emitAck(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `abuse-${t.seatId}`, choice: { option: 'yes' } })),
    );
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, duplicate: false });
  });
});

describe('a connection that does not read what it is sent', () => {
  let server: TestServer;
  let http: HttpClient;
  let meetingId: string;
  let presidiumToken: string;
  /** A console that reads: it asks for the same views, one at a time, and must stay connected. */
  let reader: Socket;
  const saved = { ...process.env };

  beforeAll(async () => {
    // Let the events through so that only the buffer limit can stop the client below.
    process.env['SOCKET_EVENTS_PER_SECOND'] = '1000000';
    process.env['SOCKET_OUTGOING_BUFFER_BYTES'] = String(256 * 1024);
    try {
      server = await startTestServer();
    } finally {
      for (const name of ['SOCKET_EVENTS_PER_SECOND', 'SOCKET_OUTGOING_BUFFER_BYTES']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    http = new HttpClient(server.baseUrl);
    presidiumToken = await http.staffToken('presidium');
    const secretariatToken = await http.staffToken('secretariat');
    meetingId = await http.createMeeting(secretariatToken, congressSpec(1000));
    reader = await connect(server.baseUrl, { token: secretariatToken, meetingId });
  });

  afterAll(async () => {
    reader?.close();
    await server?.close();
  });

  it('is disconnected once what it holds passes the limit, while a console that reads stays', async () => {
    const cutOff = serverDisconnectOf(server, isChair);
    let disconnected = false;
    void cutOff.then(() => (disconnected = true));
    const { ws } = await rawClient(server, { token: presidiumToken, meetingId });
    ws.pause();
    // Each answer is the console view of 1,000 seats. The kernel's socket buffers take the
    // first few MB; after that the server would hold every further answer for this client.
    let sent = 0;
    while (!disconnected && sent < 1000) {
      await send(ws, `42${sent++}["meeting:sync",{}]`);
      // The reading console asks for the same view; its answer also paces the loop.
      await emitOk(reader, 'meeting:sync');
    }
    expect(await cutOff).toBeTruthy();
    expect(sent).toBeLessThan(1000);
    expect(reader.connected).toBe(true);
    const health = await http.request<{ ok: boolean }>('GET', '/api/health');
    expect(health.status).toBe(200);
    ws.terminate();
  });
});
