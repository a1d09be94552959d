/**
 * A worker process of simulated tablets, so the client side is not the bottleneck of what the
 * benchmark measures (the runner forks one per core). Each tablet is one socket.io-client over
 * a websocket, as in the hall. Driven by the runner over IPC:
 *   { type: 'signIn', tablets, targets, bare } → { type: 'signedIn' }
 *       pairs each seat's code over HTTP (not for the bare transport), connects, signs in
 *   { type: 'resetCounts' }                   → { type: 'countsReset' }
 *   { type: 'cast', ballotId, round }         → { type: 'castDone', latenciesMs, startedNs, endedNs }
 *       every tablet emits its cast in the same tick; latency is emit → ack (durable)
 *   { type: 'counts' }                        → { type: 'counts', messages, bytes }
 *       socket.io packets and their bytes received by this worker's tablets since the reset
 *   { type: 'close' }                         → exits
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { connect, emitOk, onPacket } from './client';

/** Sign-ins in flight per worker: a hall's tablets come up over some seconds, not in one tick. */
const SIGN_IN_CONCURRENCY = 150;
const OPTIONS = ['yes', 'no', 'abstain'] as const;

export interface WorkerTablet {
  seatId: string;
  /** Pairing code from the seat card; null for the bare transport. */
  code: string | null;
  /** Index of the server (in `targets`) this tablet talks to. */
  target: number;
}

export type WorkerRequest =
  | { type: 'signIn'; tablets: WorkerTablet[]; targets: string[]; bare: boolean }
  | { type: 'resetCounts' }
  | { type: 'cast'; ballotId: string; round: number }
  | { type: 'counts' }
  | { type: 'close' };

interface Connected {
  seatId: string;
  socket: Socket;
}

let messages = 0;
let bytes = 0;
const tablets: Connected[] = [];

function countPackets(socket: Socket): void {
  onPacket(socket, (size) => {
    messages++;
    bytes += size;
  });
}

async function pair(baseUrl: string, code: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceId: `bench-${randomUUID()}` }),
  });
  const reply = (await res.json()) as { ok?: boolean; token?: string };
  if (!res.ok || !reply.token) throw new Error(`pairing refused: ${res.status} ${JSON.stringify(reply)}`);
  return reply.token;
}

async function signInOne(tablet: WorkerTablet, targets: string[], bare: boolean): Promise<Connected> {
  const baseUrl = targets[tablet.target % targets.length]!;
  const auth = bare || tablet.code === null ? {} : { token: await pair(baseUrl, tablet.code) };
  const socket = await connect(baseUrl, auth);
  countPackets(socket);
  await emitOk(socket, 'delegate:signIn');
  return { seatId: tablet.seatId, socket };
}

async function signIn(list: WorkerTablet[], targets: string[], bare: boolean): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < list.length) {
      const tablet = list[next++]!;
      tablets.push(await signInOne(tablet, targets, bare));
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIGN_IN_CONCURRENCY, list.length) }, lane));
}

async function castAll(ballotId: string, round: number) {
  const latenciesMs: number[] = new Array(tablets.length);
  const startedNs = process.hrtime.bigint();
  // Every emit leaves in this same tick: the server sees this worker's part of the hall press at once.
  await Promise.all(
    tablets.map(async (tablet, i) => {
      const t0 = performance.now();
      const option = OPTIONS[Number(tablet.seatId.replace(/\D/g, '')) % OPTIONS.length]!;
      await emitOk(tablet.socket, 'ballot:cast', { ballotId, idempotencyKey: `bench-${round}-${tablet.seatId}`, choice: { option } });
      latenciesMs[i] = performance.now() - t0;
    }),
  );
  const endedNs = process.hrtime.bigint();
  return { latenciesMs, startedNs: String(startedNs), endedNs: String(endedNs) };
}

function reply(message: Record<string, unknown>): void {
  process.send?.(message);
}

process.on('message', (request: WorkerRequest) => {
  const run = async () => {
    switch (request.type) {
      case 'signIn':
        await signIn(request.tablets, request.targets, request.bare);
        return reply({ type: 'signedIn', count: tablets.length });
      case 'resetCounts':
        messages = 0;
        bytes = 0;
        return reply({ type: 'countsReset' });
      case 'cast':
        return reply({ type: 'castDone', ...(await castAll(request.ballotId, request.round)) });
      case 'counts':
        return reply({ type: 'counts', messages, bytes });
      case 'close':
        for (const { socket } of tablets) socket.close();
        process.exit(0);
    }
  };
  run().catch((err: unknown) => {
    reply({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  });
});
