import type { Server, Socket } from 'node:net';

/**
 * How long a stop waits for the peers to close their connections after the goodbye. A tablet
 * that left the Wi-Fi without a word never answers the WebSocket close (ws would wait 30 s for
 * it), and a request the client never finished sending keeps `server.close()` waiting for ever;
 * an operator's restart must not hang on either (docker stop sends SIGKILL after 10 s).
 */
export const STOP_GRACE_MS = 5000;

/** Every TCP connection a server holds, WebSocket upgrades included, so a stop can cut the rest. */
export interface OpenConnections {
  /** Destroys every connection still open; returns how many there were. */
  cutAll(): number;
}

/** Keeps the server's open connections: O(1) per connection, a set entry until it closes. */
export function trackConnections(server: Server): OpenConnections {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
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
