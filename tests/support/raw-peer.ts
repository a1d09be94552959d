import { connect, type Socket } from 'node:net';

/** A WebSocket upgrade to Socket.IO's transport, by hand: what a client sends before anything else. */
export const WEBSOCKET_UPGRADE =
  'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: hall\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

/** A TCP peer that speaks only what the test writes, and keeps what it is sent. */
export interface RawPeer {
  socket: Socket;
  /** Everything received so far. */
  received(): Buffer;
  /** Settles when the connection has closed, from either end. */
  closed: Promise<void>;
}

/**
 * Connects to 127.0.0.1:`port` from `localAddress` (any 127.x.y.z is this machine: a device of
 * its own for the server), then writes `request` if given. With `mayBeRefused`, a connection the
 * far end closes at once is returned closed instead of failing: a reset sent right after the
 * accept (HAProxy's `tcp-request connection reject`) can reach this end before its own connect
 * event does, and the kernel then reports the connect itself as failed.
 */
export async function openRawPeer(
  port: number,
  options: { localAddress?: string; request?: string; mayBeRefused?: boolean } = {},
): Promise<RawPeer> {
  const socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress ?? '127.0.0.1' });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {}); // a reset is a close like any other here
  const connected = await new Promise<boolean>((resolve, reject) =>
    socket.once('connect', () => resolve(true)).once('close', () => (options.mayBeRefused ? resolve(false) : reject(new Error('closed before connecting')))),
  );
  if (connected && options.request) socket.write(options.request);
  return { socket, received: () => Buffer.concat(chunks), closed };
}
