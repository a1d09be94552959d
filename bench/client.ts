/** The socket.io-client side the benchmark's tablets, console and wall share. */
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../shared/protocol/version';

/** Guards against a hang; not a measurement. */
export const ACK_WAIT_MS = 120_000;

export type Ack = { ok: true; [key: string]: unknown } | { ok: false; code: string; message: string };

export async function emitOk(socket: Socket, event: string, payload: unknown = {}): Promise<Ack & { ok: true }> {
  const ack = (await socket.timeout(ACK_WAIT_MS).emitWithAck(event, payload)) as Ack;
  if (!ack.ok) throw new Error(`${event} refused: ${ack.code} ${ack.message}`);
  return ack;
}

/** One websocket, as a tablet in the hall opens it (no polling, no automatic reconnection). */
export function connect(baseUrl: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    auth: { protocol: PROTOCOL_VERSION, ...auth },
    reconnection: false,
    forceNew: true,
    timeout: ACK_WAIT_MS,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Calls `count(bytes)` for every socket.io packet the socket receives (events, acks, views). */
export function onPacket(socket: Socket, count: (bytes: number) => void): void {
  // Engine packets of type message carry one socket.io packet each.
  socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
    if (packet.type !== 'message') return;
    count(typeof packet.data === 'string' ? Buffer.byteLength(packet.data) : ((packet.data as ArrayBuffer | undefined)?.byteLength ?? 0));
  });
}
