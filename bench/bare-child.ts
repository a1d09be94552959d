/**
 * The bare transport the benchmark compares Biaojue with: a Socket.IO server with the same
 * options as the gateway (websocket, same payload limit) that only acknowledges. Tablets run
 * the same client code against it: sign in, then a burst of `ballot:cast`, each acked at once
 * with a receipt of the same shape. Whatever Biaojue costs beyond this is the product's cost.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { MAX_PAYLOAD_BYTES, PING_INTERVAL_MS, PING_TIMEOUT_MS } from '../shared/protocol/socket';
import { failChild, serveChildIpc } from './child-ipc';

type Ack = (reply: unknown) => void;

/**
 * `--bare-garbage=MADE[,KEPT]` (bench/run.ts): per ack, MADE small objects made and dropped, and
 * KEPT of them kept for the process's life. A calibration of what a vote's allocation costs the
 * transport around it (docs/BENCHMARKS.md, "A calibration: what garbage costs the bare
 * transport"); a run with it says so in its header and is never the baseline of the targets.
 */
const GARBAGE_MADE = Number(process.env.BENCH_BARE_GARBAGE_MADE ?? 0);
const GARBAGE_KEPT = Number(process.env.BENCH_BARE_GARBAGE_KEPT ?? 0);
const kept: unknown[] = [];
/** The last ack's objects, reachable until the next ack: made for real, not elided by the compiler as unused. */
const lastMade: { objects: unknown } = { objects: null };

function makeGarbage(payload: unknown): void {
  const made: { index: number; payload: unknown; before: number }[] = [];
  for (let i = 0; i < GARBAGE_MADE; i++) made.push({ index: i, payload, before: made.length });
  lastMade.objects = made;
  if (GARBAGE_KEPT > 0) kept.push(made.slice(0, GARBAGE_KEPT));
}

async function main(): Promise<void> {
  const httpServer = createServer();
  const io = new Server(httpServer, {
    // The same transport settings as the gateway's (server/gateway/index.ts).
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    transports: ['websocket'],
    serveClient: false,
  });
  io.on('connection', (socket) => {
    socket.on('delegate:signIn', (_payload: unknown, ack: Ack) => ack({ ok: true, version: 1 }));
    socket.on('ballot:cast', (payload: { ballotId?: string }, ack: Ack) => {
      if (GARBAGE_MADE > 0) makeGarbage(payload);
      ack({ ok: true, receipt: { receiptId: randomUUID(), ballotId: payload.ballotId, seatId: socket.id, at: Date.now() }, duplicate: false });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  serveChildIpc(
    (httpServer.address() as AddressInfo).port,
    () => null,
    async () => {
      io.local.disconnectSockets(true);
      await io.close();
    },
  );
}

main().catch(failChild('bare transport server'));
