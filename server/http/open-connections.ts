import type { Server, Socket } from 'node:net';
import { addressKey } from './client-address';
import { FirstByteWatch } from './first-byte-watch';

/**
 * How long a stop waits for the peers to close their connections after the goodbye. A tablet
 * that left the Wi-Fi without a word never answers the WebSocket close (the gateway waits 5 s for
 * it, server/gateway/websocket-engine.ts), and a request the client never finished sending keeps
 * `server.close()` waiting for ever; an operator's restart must not hang on either (docker stop
 * sends SIGKILL after 10 s).
 */
export const STOP_GRACE_MS = 5000;

/**
 * A connection that has sent nothing at all by then is closed. Node's own timeouts start with a
 * request's first byte, so without this an idle TCP connection is held for ever: one device
 * could hold them by the thousand (docs/SECURITY.md). Every real client sends its request at once.
 */
export const FIRST_BYTE_MS = 10_000;

/** What the HTTP server admits at the TCP level, before any request is read. */
export interface ConnectionRules {
  /** Connections at once from one address (IPv6: one /64); past it a new one is closed at once. */
  perAddress: number;
  /** Peers not counted: the trusted proxies, which carry everyone's connections. */
  exempt(address: string): boolean;
  /** Told of each connection closed before any request, and why (the caller throttles its log). */
  closedEarly(reason: ClosedEarly, addressKey: string): void;
}

/** Why a connection was closed before any request: past its address's cap, or silent. */
export type ClosedEarly = 'per_address' | 'silent';

/** Every TCP connection a server holds, WebSocket upgrades included, so a stop can cut the rest. */
export interface OpenConnections {
  /** Destroys every connection still open; returns how many there were. */
  cutAll(): number;
}

/**
 * Keeps the server's open connections and applies the rules to each new one: O(1) per
 * connection (a set entry, a count per address, a place in the first-byte watch for its first
 * seconds) and no closure or timer of its own: one 'close' listener serves every connection,
 * the connection as `this` (a closure and a once wrapper per connection were ~250 bytes per
 * tablet for its whole sitting, docs/BENCHMARKS.md).
 */
export function trackConnections(server: Server, rules: ConnectionRules): OpenConnections {
  const open = new Set<Socket>();
  const heldBy = new Map<string, number>();
  /**
   * The key a connection counts under, null for an exempt peer. Read again when it closes:
   * net.Socket keeps the peer's address from its first reading, here at 'connection'.
   */
  const keyOf = (socket: Socket): string | null => {
    const address = socket.remoteAddress ?? '';
    return rules.exempt(address) ? null : addressKey(address);
  };
  // bytesRead counts what the HTTP parser took from the handle too.
  const firstByte = new FirstByteWatch(FIRST_BYTE_MS, (socket) => {
    socket.destroy();
    // Logged under its address even when exempt (a proxy that sends nothing is worth knowing).
    rules.closedEarly('silent', addressKey(socket.remoteAddress ?? ''));
  });
  const onClose = function (this: Socket) {
    open.delete(this);
    firstByte.forget(this);
    const key = keyOf(this);
    if (key === null) return;
    const held = (heldBy.get(key) ?? 1) - 1;
    if (held === 0) heldBy.delete(key);
    else heldBy.set(key, held);
  };

  server.on('connection', (socket: Socket) => {
    const key = keyOf(socket);
    if (key !== null) {
      const held = heldBy.get(key) ?? 0;
      if (held >= rules.perAddress) {
        socket.destroy();
        rules.closedEarly('per_address', key);
        return;
      }
      heldBy.set(key, held + 1);
    }
    open.add(socket);
    firstByte.watch(socket);
    socket.on('close', onClose);
  });

  return {
    cutAll() {
      const count = open.size;
      for (const socket of open) socket.destroy();
      open.clear();
      return count;
    },
  };
}
