import type { Logger } from '../logger';
import type { GatewaySocket } from './connection';

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Disconnects a connection that does not read what it is sent (invariant 6: a client that stops
 * reading made the server hold every push and ack for it, without bound).
 *
 * Engine.IO hands packets to the transport only while it is `writable`; over WebSocket it stays
 * unwritable until the previous frames went out to the kernel, which stops happening once the
 * peer stops reading, and new packets then wait in the engine's write buffer. So the bytes of the
 * packets created while the transport has stayed unwritable are what this connection is holding
 * (plus one batch already handed to the transport). Past `limitBytes` the connection is closed
 * with its buffer discarded (`conn.close(true)`): waiting for a drain that never comes would keep
 * it all. A tablet that was merely slow reconnects and re-reads its view (meeting:sync).
 * Only the engine's public surface is used: the `packetCreate` event and `transport.writable`.
 *
 * The listener is an anonymous inline function on purpose: under tsx (keepNames) a function
 * kept in a named const gets a name-property dictionary of its own, 256 bytes per connection.
 */
export function guardOutgoingBuffer(socket: GatewaySocket, limitBytes: number, logger: Logger): void {
  const conn = socket.conn;
  let held = 0;
  conn.on('packetCreate', (packet: { data?: unknown }) => {
    if (held < 0) return; // closed for holding too much already
    if (conn.transport.writable) {
      held = 0;
      return;
    }
    held += sizeOf(packet.data);
    if (held <= limitBytes) return;
    const heldBytes = held;
    held = -1;
    const { principal, meetingId } = socket.data;
    logger.warn('connection disconnected: it does not read what it is sent', { role: principal.role, meetingId, heldBytes });
    // At once, from inside the engine's sendPacket: the packet being pushed and any later one
    // are then ignored by the closed engine, and Socket.IO encodes nothing more for this
    // connection (a burst of coalesced acks could otherwise queue many more in the same tick).
    conn.close(true);
  });
}
