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
 * its own for the server), then writes `request` if given.
 */
export async function openRawPeer(port: number, options: { localAddress?: string; request?: string } = {}): Promise<RawPeer> {
  const socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress ?? '127.0.0.1' });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {}); // a reset is a close like any other here
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('close', () => reject(new Error('closed before connecting'))));
  if (options.request) socket.write(options.request);
  return { socket, received: () => Buffer.concat(chunks), closed };
}
