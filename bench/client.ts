/** The socket.io-client side the benchmark's tablets, console and wall share. */
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { ERROR_ADVICE } from '../shared/protocol/error-advice';
import { RECONNECT_PAUSE } from '../shared/protocol/reconnect-pause';
import { PROTOCOL_VERSION } from '../shared/protocol/version';

/** Guards against a hang; not a measurement. */
export const ACK_WAIT_MS = 120_000;

export type Ack = { ok: true; [key: string]: unknown } | { ok: false; code: string; message: string };

/** Tries of one request answered with a retryable code (BUSY_RETRY, STORE_UNAVAILABLE, …) before giving up. */
const MAX_TRIES = 30;
/** Retries made, as a tablet makes them (docs/PROTOCOL.md, error advice): reported by the run. */
export const retries = { count: 0 };

/** Whether the protocol's advice for `code` is to send the same request again ('same' or 'wait'). */
export function isRetryable(code: string | undefined): boolean {
  const advice = code === undefined ? undefined : ERROR_ADVICE[code]?.retry;
  return advice === 'same' || advice === 'wait';
}

/** A pause before try `attempt` (1-based): jittered, growing to ~2 s, so retries do not arrive in step. */
export function backOff(attempt: number, details?: { retryAfterMs?: unknown; retryAfterSec?: unknown }): Promise<void> {
  const told = typeof details?.retryAfterMs === 'number' ? details.retryAfterMs : typeof details?.retryAfterSec === 'number' ? details.retryAfterSec * 1000 : 0;
  const ms = Math.max(told, Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random()));
  return sleep(ms);
}

/**
 * Emits and waits for the ack; a refusal the protocol says to retry (BUSY_RETRY when cluster
 * nodes append at once, STORE_UNAVAILABLE, RATE_LIMITED) is sent again, the same payload (a
 * vote with the same idempotency key), as a tablet does; any other refusal throws.
 */
export async function emitOk(socket: Socket, event: string, payload: unknown = {}): Promise<Ack & { ok: true }> {
  for (let attempt = 1; ; attempt++) {
    let ack: Ack & { details?: Record<string, unknown> };
    try {
      ack = (await socket.timeout(ACK_WAIT_MS).emitWithAck(event, payload)) as typeof ack;
    } catch (err) {
      // Disconnected (or no answer) before the ack: a tablet that reconnects sends it again.
      if (!socket.active || attempt >= MAX_TRIES) throw err;
      retries.count++;
      if (!socket.connected) await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
      continue;
    }
    if (ack.ok) return ack;
    if (!isRetryable(ack.code) || attempt >= MAX_TRIES) throw new Error(`${event} refused: ${ack.code} ${ack.message}`);
    retries.count++;
    await backOff(attempt, ack.details);
  }
}

/**
 * One websocket, as a tablet in the hall opens it (no polling). `reconnect`: as a tablet, it
 * reconnects by itself when the connection drops (emitOk then sends an unanswered request
 * again); the runner's console and wall do not.
 */
export function connect(baseUrl: string, auth: Record<string, unknown>, reconnect = false): Promise<Socket> {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    auth: { protocol: PROTOCOL_VERSION, ...auth },
    // As the shipped tablet (client/src/lib/connection.ts): 1 s doubling to 2 s, each ±50 %
    // (bench/restart.ts measures a hall coming back with them).
    reconnection: reconnect,
    ...RECONNECT_PAUSE,
    forceNew: true,
    timeout: ACK_WAIT_MS,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      // A refusal the server means (a bad token) is final; anything else is tried again while reconnecting.
      if (reconnect && (err.data?.code === undefined || isRetryable(err.data.code))) return;
      socket.close();
      reject(err);
    });
  });
}

/**
 * Calls `count(bytes, ack)` for every socket.io packet the socket receives (events, acks,
 * views); `ack` tells the answer to one of this client's own emits from a push.
 */
export function onPacket(socket: Socket, count: (bytes: number, ack: boolean) => void): void {
  // Engine packets of type message carry one socket.io packet each; its first character is the
  // socket.io packet type (3 ACK, 6 BINARY_ACK).
  const watch = () =>
    socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
      if (packet.type !== 'message') return;
      if (typeof packet.data === 'string') count(Buffer.byteLength(packet.data), packet.data[0] === '3' || packet.data[0] === '6');
      else count((packet.data as ArrayBuffer | undefined)?.byteLength ?? 0, false);
    });
  watch();
  // A reconnection opens a new engine.
  socket.io.on('open', watch);
}
