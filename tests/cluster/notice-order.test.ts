// The notice channel keeps a node's notices (and its Socket.IO broadcasts) in the order it
// publishes them, on one Redis and through Sentinel: a heartbeat counts the notices before it (server/cluster/peer-watch.ts), and
// one that overtook them made every peer resync every meeting (~150 ms at 3,000 seats, seen in
// the benchmark as a close → wall of 180–200 ms). node-redis' Sentinel client sent a command
// that waited for its pool's connection after one issued later (server/cluster/notice-bus.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServer } from '../../server/gateway/connection';
import { attachSocketAdapter } from '../../server/cluster/socket-adapter';
import { silentLogger } from '../../server/logger';
import { NoticeBus } from '../../server/cluster/notice-bus';
import type { Notice } from '../../server/cluster/notices';
import { PeerWatch, PEER_WATCH_TIMING, type PeerTrouble } from '../../server/cluster/peer-watch';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startSentinelSet, type SentinelSet } from '../support/redis-sentinel';

const available = redisServerAvailable();
const BURSTS = 30;

/** Publishes as a node does under load: notices in bursts, some issued while others are in flight, a heartbeat after each burst. */
async function publishBursts(bus: NoticeBus, from: string): Promise<number> {
  let version = 0;
  for (let burst = 0; burst < BURSTS; burst++) {
    bus.publish({ t: 'moved', from, meetingId: 'm-1', version: ++version });
    bus.publish({ t: 'moved', from, meetingId: 'm-1', version: ++version });
    // A later notice while the first ones are on their way (a promise step, as a command's ack).
    await Promise.resolve();
    await Promise.resolve();
    bus.publish({ t: 'moved', from, meetingId: 'm-1', version: ++version });
    bus.heartbeat(from);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return version;
}

interface AdapterNode {
  io: Server;
  port: number;
  close(): Promise<void>;
}

/** A Socket.IO server with the cluster's adapter (server/cluster/socket-adapter.ts); a socket joins 'hall' and is told so. */
async function adapterNode(url: string, nodeId: string): Promise<AdapterNode> {
  const http = createServer();
  const io = new Server(http);
  const bus = await NoticeBus.open(url, nodeId, { onNotice: () => {}, onResubscribed: () => {} }, silentLogger);
  const adapter = await attachSocketAdapter(io as unknown as GatewayServer, url, bus.publishingClient, bus.publishInOrder, silentLogger);
  io.on('connection', (socket) => {
    void socket.join('hall');
    socket.emit('joined');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const port = (http.address() as AddressInfo).port;
  return {
    io,
    port,
    async close() {
      await io.close();
      await adapter.close();
      await bus.close();
    },
  };
}

describe.skipIf(!available)('the notice channel keeps a node’s order', () => {
  let set: SentinelSet;
  let single: RedisServer;

  beforeAll(async () => {
    [set, single] = await Promise.all([startSentinelSet(), startRedis({ appendonly: false })]);
  }, 60_000);

  afterAll(async () => {
    await set?.stop();
    await single?.stop();
  });

  it('delivers a node’s Socket.IO broadcasts to another node’s sockets in the order sent (Sentinel)', async () => {
    const url = set.url();
    const nodes = await Promise.all(['node-a', 'node-b'].map((id) => adapterNode(url, id)));
    try {
      const [a, b] = nodes as [AdapterNode, AdapterNode];
      const client = ioClient(`http://127.0.0.1:${b.port}`, { transports: ['websocket'], forceNew: true });
      const got: number[] = [];
      client.on('n', (i: number) => got.push(i));
      await new Promise<void>((resolve) => client.once('joined', () => resolve()));
      let sent = 0;
      for (let burst = 0; burst < BURSTS; burst++) {
        a.io.to('hall').emit('n', ++sent);
        a.io.to('hall').emit('n', ++sent);
        await Promise.resolve();
        await Promise.resolve();
        a.io.to('hall').emit('n', ++sent);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await expect.poll(() => got.length, { timeout: 10_000 }).toBe(sent);
      expect(got).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
      client.close();
    } finally {
      for (const node of nodes) await node.close();
    }
  }, 30_000);

  for (const where of ['one server', 'Sentinel'] as const) {
    it(`delivers every notice and heartbeat in the order published (${where}), so no peer sees notices missed`, async () => {
      const url = where === 'Sentinel' ? set.url() : single.url;
      const received: Notice[] = [];
      const troubles: PeerTrouble[] = [];
      const watch = new PeerWatch(Date.now, PEER_WATCH_TIMING, (trouble) => troubles.push(trouble));
      const listener = await NoticeBus.open(url, 'node-b', { onNotice: (n) => (received.push(n), watch.heard(n)), onResubscribed: () => {} }, silentLogger);
      const sender = await NoticeBus.open(url, 'node-a', { onNotice: () => {}, onResubscribed: () => {} }, silentLogger);
      try {
        sender.heartbeat('node-a'); // the baseline a peer counts from
        const last = await publishBursts(sender, 'node-a');
        await expect.poll(() => received.filter((n) => n.t === 'moved').length, { timeout: 10_000 }).toBe(last);
        const versions = received.flatMap((n) => (n.t === 'moved' ? [n.version] : []));
        expect(versions).toEqual(Array.from({ length: last }, (_, i) => i + 1));
        expect(received.filter((n) => n.t === 'alive')).toHaveLength(BURSTS + 1);
        expect(troubles).toEqual([]);
      } finally {
        await sender.close();
        await listener.close();
      }
    }, 30_000);
  }
});
