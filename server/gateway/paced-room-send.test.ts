import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_EVENTS, type TurnoutUpdate } from '../../shared/protocol/socket';
import type { GatewayServer } from './connection';
import { PacedRoomSend } from './paced-room-send';

/**
 * Real Socket.IO server and clients: a room of 7 sockets written 2 per turn. What each client
 * receives is its log of payloads; waits are for events, never for a duration.
 */
const CLIENTS = 7;
const ROOM = 'm:m1:tablets';
/** Any server event will do (the event map types send()); its `voted` count stands for a version. */
const PUSH = SERVER_EVENTS.turnout;
const payload = (version: number): TurnoutUpdate => ({ ballotId: 'b1', voted: version, present: CLIENTS });

describe('PacedRoomSend', () => {
  let http: HttpServer;
  let server: GatewayServer;
  let clients: Socket[];
  const logs = new Map<Socket, number[]>();
  let paced: PacedRoomSend;

  /** Resolves once every client's last payload is `version`. */
  const allAt = (version: number) =>
    Promise.all(
      clients.map(
        (c) =>
          new Promise<void>((resolve) => {
            const check = () => {
              if (logs.get(c)!.at(-1) === version) {
                c.off(PUSH, check);
                resolve();
              }
            };
            c.on(PUSH, check);
            check();
          }),
      ),
    );

  beforeAll(async () => {
    http = createServer();
    server = new Server(http, { transports: ['websocket'] }) as GatewayServer;
    server.on('connection', (socket) => {
      void socket.join(ROOM);
      // A round trip the test waits for: whatever was written to the socket before it has arrived.
      socket.on('ping' as never, ((ack: () => void) => ack()) as never);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    clients = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const c = ioClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });
        logs.set(c, []);
        c.on(PUSH, (update: TurnoutUpdate) => logs.get(c)!.push(update.voted));
        await new Promise<void>((resolve) => c.once('connect', () => resolve()));
        return c;
      }),
    );
    // Every client is in the room before anything is sent.
    while ((server.sockets.adapter.rooms.get(ROOM)?.size ?? 0) < CLIENTS) await new Promise((r) => setImmediate(r));
    paced = new PacedRoomSend(server, 2);
  });

  afterAll(async () => {
    paced.close();
    for (const c of clients) c.close();
    await server.close();
  });

  it('reaches every socket of the room once, a slice per turn', async () => {
    paced.send(ROOM, PUSH, payload(1));
    await allAt(1);
    for (const c of clients) expect(logs.get(c)).toEqual([1]);
  });

  it('lets a newer payload replace one still going out: nobody gets the older one after it', async () => {
    for (const c of clients) logs.get(c)!.length = 0;
    paced.send(ROOM, PUSH, payload(2));
    // Same turn: not one slice of version 2 has been written yet, so nobody gets it.
    paced.send(ROOM, PUSH, payload(3));
    await allAt(3);
    for (const c of clients) expect(logs.get(c)).toEqual([3]);

    for (const c of clients) logs.get(c)!.length = 0;
    paced.send(ROOM, PUSH, payload(4));
    // After the first slice went out: those that had 4 get 5 after it, the rest 5 only.
    await new Promise((resolve) => setImmediate(resolve));
    paced.send(ROOM, PUSH, payload(5));
    await allAt(5);
    const seen = clients.map((c) => logs.get(c)!);
    for (const log of seen) expect([[4, 5], [5]]).toContainEqual(log);
    expect(seen.filter((log) => log.length === 2)).toHaveLength(2);
  });

  it('sends the whole newer payload to the sockets that never got the one it replaced (issue 9)', async () => {
    // `present` tells the two apart: CLIENTS in the payload, 0 in its whole form.
    const presents = new Map<Socket, number[]>(clients.map((c) => [c, []]));
    const listeners = clients.map((c) => {
      const listener = (update: TurnoutUpdate) => presents.get(c)!.push(update.present);
      c.on(PUSH, listener);
      return () => c.off(PUSH, listener);
    });
    for (const c of clients) logs.get(c)!.length = 0;
    paced.send(ROOM, PUSH, payload(6));
    await new Promise((resolve) => setImmediate(resolve));
    paced.send(ROOM, PUSH, payload(7), { ...payload(7), present: 0 });
    await allAt(7);
    for (const off of listeners) off();
    for (const c of clients) {
      // Had 6: the newer payload as it is; skipped 6: its whole form.
      expect(presents.get(c)).toEqual(logs.get(c)!.length === 2 ? [CLIENTS, CLIENTS] : [0]);
    }
    expect(clients.filter((c) => logs.get(c)!.length === 2)).toHaveLength(2);
  });

  it('stops a payload still going out when cancelled: the sockets not reached yet never get it', async () => {
    for (const c of clients) logs.get(c)!.length = 0;
    expect(paced.cancel(ROOM)).toBe(false);
    paced.send(ROOM, PUSH, payload(8));
    // One slice (2 sockets) goes out, then the copy it was rendered from is replaced.
    await new Promise((resolve) => setImmediate(resolve));
    expect(paced.cancel(ROOM)).toBe(true);
    // Uncancelled, the other five would have had it within three more turns; a ping's round
    // trip (each client answers its own) lets anything already written arrive first.
    for (let turn = 0; turn < 6; turn++) await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(clients.map((c) => c.timeout(2_000).emitWithAck('ping').catch(() => undefined)));
    expect(clients.filter((c) => logs.get(c)!.length === 1)).toHaveLength(2);
    paced.send(ROOM, PUSH, payload(9));
    await allAt(9);
    const seen = clients.map((c) => logs.get(c)!);
    for (const log of seen) expect([[8, 9], [9]]).toContainEqual(log);
    // Only the first slice had 8; cancelled, it was never sent to the other five.
    expect(seen.filter((log) => log.length === 2)).toHaveLength(2);
  });
});
