import type { GatewaySocket } from './connection';

/**
 * For a connection closed for a ping timeout (gateway/index.ts, at its socket's 'disconnect'):
 * its peer said nothing for the whole heartbeat (shared/protocol/socket.ts), because its tablet
 * left the Wi-Fi or the proxy host between was lost. ws would still send it a close frame and wait
 * for the answer (CLOSE_FRAME_WAIT_MS, websocket-engine.ts), holding the TCP connection, its
 * buffers and its place under the per-address cap (server/http/open-connections.ts) meanwhile.
 * Nothing reaches a peer that silent, so its connection is cut at once. Other closes keep the
 * goodbye: their peer may answer. A connection without a socket (one that never connected is
 * closed by the namespace's connect timeout before its first ping is due) waits out the 5 s.
 */
export function cutSilentPeer(conn: GatewaySocket['conn']): void {
  // The WebSocket transport's ws socket (engine.io keeps it as `socket`); polling has none.
  const transport = conn.transport as unknown as { socket?: { terminate?: () => void } };
  transport.socket?.terminate?.();
}
