/**
 * A worker process of simulated tablets, so the client side is not the bottleneck of what the
 * benchmark measures (the runner forks one per core). Each tablet is one socket.io-client over
 * a websocket, as in the hall. Driven by the runner over IPC:
 *   { type: 'signIn', tablets, targets, bare } → { type: 'signedIn' }
 *       pairs each seat's code over HTTP (not for the bare transport), connects, signs in
 *   { type: 'resetCounts' }                   → { type: 'countsReset' }
 *   { type: 'cast', ballotIds, round }        → { type: 'castDone', latenciesMs, startedNs, endedNs }
 *       every tablet emits its cast (on its hall's ballot) in the same tick; latency is emit → ack (durable)
 *   { type: 'counts' }                        → { type: 'counts', messages, bytes, acks }
 *       socket.io packets and their bytes received by this worker's tablets since the reset
 *       (`acks`: how many of the packets were acks of the tablets' own emits; `retries`: requests
 *       sent again since the start on a retryable refusal, such as BUSY_RETRY, or after a
 *       dropped connection, plus the reconnections and the meeting:sync of awaitVersion)
 *   { type: 'connected' }                     → { type: 'connected', count }
 *       how many of this worker's tablets are connected now (bench/restart.ts: the hall back)
 *   { type: 'awaitVersion', versions }        → { type: 'atVersion' }
 *       once every tablet has had a view of its hall's meeting at `versions[hall]` or later (the hall has
 *       seen the ballot open before it presses, as delegates do); a tablet still without it after
 *       10 s asks with meeting:sync, as a tablet that missed a push does
 *   { type: 'close' }                         → exits
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { benchChoiceOf } from './bench-choice';
import { postOver } from '../tests/support/post-over';
import { backOff, connect, emitOk, isRetryable, onPacket, retries } from './client';

/** Sign-ins in flight per worker: a hall's tablets come up over some seconds, not in one tick. */
const SIGN_IN_CONCURRENCY = 150;

export interface WorkerTablet {
  seatId: string;
  /** Pairing code from the seat card; null for the bare transport. */
  code: string | null;
  /** Index of the server (in `targets`) this tablet talks to. */
  target: number;
  /** Index of its hall (meeting): its ballot in a cast request, its version in awaitVersion. */
  hall: number;
}

export type WorkerRequest =
  | { type: 'signIn'; tablets: WorkerTablet[]; targets: string[]; bare: boolean }
  | { type: 'resetCounts' }
  | { type: 'cast'; ballotIds: string[]; round: number }
  | { type: 'counts' }
  | { type: 'connected' }
  | { type: 'awaitVersion'; versions: number[] }
  | { type: 'close' };

interface Connected {
  seatId: string;
  hall: number;
  socket: Socket;
  /** The highest meeting version of a view this tablet has had. */
  version: number;
}

let messages = 0;
let bytes = 0;
let acks = 0;
/** Tablets' connections that dropped and came back (socket.io-client's reconnection). */
let reconnects = 0;
let disconnectsTold = 0;
const tablets: Connected[] = [];

function countPackets(socket: Socket): void {
  onPacket(socket, (size, ack) => {
    messages++;
    bytes += size;
    if (ack) acks++;
  });
}

/**
 * Pairs over a connection of the tablet's own, as a tablet does: a keep-alive agent per tablet,
 * its retries on the same connection, the connection left open when done for the server to close
 * (its keepAliveTimeout, or at once if it says `Connection: close`). One pool shared by a worker's
 * tablets, as `fetch` has, would pair 150 tablets over each connection and spare the server the
 * accept and the close of each (docs/BENCHMARKS.md, 2026-12-06 late evening).
 */
async function pair(baseUrl: string, code: string): Promise<string> {
  const deviceId = `bench-${randomUUID()}`;
  const ownConnection = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let attempt = 1; ; attempt++) {
    const { status, text } = await postOver(ownConnection, `${baseUrl}/api/pair`, { code, deviceId });
    const reply = JSON.parse(text) as { ok?: boolean; token?: string; code?: string; details?: Record<string, unknown> };
    if (status >= 200 && status < 300 && reply.token) return reply.token;
    // BUSY_RETRY (two nodes appending at once) and the like: the same request again, as a tablet does.
    if (!isRetryable(reply.code) || attempt >= 30) throw new Error(`pairing refused: ${status} ${JSON.stringify(reply)}`);
    retries.count++;
    await backOff(attempt, reply.details);
  }
}

async function signInOne(tablet: WorkerTablet, targets: string[], bare: boolean): Promise<Connected> {
  const baseUrl = targets[tablet.target % targets.length]!;
  const auth = bare || tablet.code === null ? {} : { token: await pair(baseUrl, tablet.code) };
  const socket = await connect(baseUrl, auth, true);
  socket.io.on('reconnect', () => reconnects++);
  socket.on('disconnect', (reason) => {
    // Not expected while the benchmark runs (only its own close at the end): say why, for the first few.
    if (reason !== 'io client disconnect' && disconnectsTold++ < 5) process.stderr.write(`tablet ${tablet.seatId} disconnected: ${reason}\n`);
  });
  countPackets(socket);
  const connected: Connected = { seatId: tablet.seatId, hall: tablet.hall, socket, version: 0 };
  socket.on('meeting:view', (view: { version?: number }) => {
    if (typeof view.version === 'number' && view.version > connected.version) connected.version = view.version;
    versionSeen();
  });
  await emitOk(socket, 'delegate:signIn');
  return connected;
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

async function castAll(ballotIds: string[], round: number) {
  const latenciesMs: number[] = new Array(tablets.length);
  const startedNs = process.hrtime.bigint();
  // Every emit leaves in this same tick: the server sees this worker's part of the hall press at once.
  await Promise.all(
    tablets.map(async (tablet, i) => {
      const t0 = performance.now();
      const option = benchChoiceOf(tablet.seatId);
      const ballotId = ballotIds[tablet.hall]!;
      await emitOk(tablet.socket, 'ballot:cast', { ballotId, idempotencyKey: `bench-${round}-${tablet.seatId}`, choice: { option } });
      latenciesMs[i] = performance.now() - t0;
    }),
  );
  const endedNs = process.hrtime.bigint();
  return { latenciesMs, startedNs: String(startedNs), endedNs: String(endedNs) };
}

let versionSeen = () => {};
/** A tablet that has not had the view this long after the change asks for it (meeting:sync), as a tablet does. */
const RESYNC_AFTER_MS = 10_000;
let resyncs = 0;

async function atVersion(versions: number[]): Promise<void> {
  const behind = () => tablets.filter((t) => t.version < (versions[t.hall] ?? 0));
  for (;;) {
    const seen = new Promise<void>((resolve) => {
      versionSeen = () => {
        if (behind().length === 0) resolve();
      };
      versionSeen();
    });
    const waited = await Promise.race([seen.then(() => true), sleep(RESYNC_AFTER_MS).then(() => false)]);
    versionSeen = () => {};
    if (waited) return;
    const lagging = behind();
    process.stderr.write(`${lagging.length} tablets still without the view at its version after ${RESYNC_AFTER_MS} ms: meeting:sync\n`);
    await Promise.all(
      lagging.map(async (t) => {
        resyncs++;
        const sync = await emitOk(t.socket, 'meeting:sync');
        const version = (sync['view'] as { version?: number } | undefined)?.version;
        if (typeof version === 'number' && version > t.version) t.version = version;
      }),
    );
  }
}

function reply(message: Record<string, unknown>): void {
  process.send?.(message);
}

// The runner gone: its tablets go too (they would hold their connections, and the CPU, forever).
process.once('disconnect', () => process.exit(1));
process.on('message', (request: WorkerRequest) => {
  const run = async () => {
    switch (request.type) {
      case 'signIn':
        await signIn(request.tablets, request.targets, request.bare);
        return reply({ type: 'signedIn', count: tablets.length, retries: retries.count });
      case 'resetCounts':
        messages = 0;
        bytes = 0;
        acks = 0;
        return reply({ type: 'countsReset' });
      case 'cast':
        return reply({ type: 'castDone', ...(await castAll(request.ballotIds, request.round)) });
      case 'counts':
        return reply({ type: 'counts', messages, bytes, acks, retries: retries.count + reconnects + resyncs });
      case 'connected':
        return reply({ type: 'connected', count: tablets.filter((t) => t.socket.connected).length });
      case 'awaitVersion':
        await atVersion(request.versions);
        return reply({ type: 'atVersion' });
      case 'close':
        for (const { socket } of tablets) socket.close();
        process.exit(0);
    }
  };
  run().catch((err: unknown) => {
    reply({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  });
});
