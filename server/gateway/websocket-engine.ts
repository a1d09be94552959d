import { WebSocketServer, type ServerOptions } from 'ws';

/**
 * How long a WebSocket the server closes waits for its peer's close frame before the TCP
 * connection is cut. ws waits 30 s by default: a peer that never answers (a tablet gone from
 * the Wi-Fi as it was replaced, a hand-made connection whose handshake never came) held its
 * connection, its buffers and its place under the per-address cap (server/http/open-connections.ts)
 * that long. A peer that is there answers within a round trip; 5 s is also the grace a stop gives
 * open connections (STOP_GRACE_MS).
 */
export const CLOSE_FRAME_WAIT_MS = 5_000;

/**
 * Engine.IO's WebSocket server (its `wsEngine` option) with the shorter wait above; everything
 * else is ws's, with the options Engine.IO gives it. @types/ws does not list `closeTimeout`; the
 * ws pinned in package.json (~8.21, Engine.IO's own) reads it.
 */
export class GatewayWebSocketServer extends WebSocketServer {
  constructor(options: ServerOptions) {
    super({ ...options, closeTimeout: CLOSE_FRAME_WAIT_MS } as ServerOptions);
  }
}
