import type { GatewaySocket } from './connection';

/**
 * Engine.IO's 'close' listener for every connection (`this` is the connection: one function
 * for all, no closure per tablet). A connection closed for a ping timeout has a peer that said
 * nothing for the whole heartbeat (shared/protocol/socket.ts): its tablet left the Wi-Fi, or the
 * proxy host between was lost. ws would still send it a close frame and wait for the answer
 * (CLOSE_FRAME_WAIT_MS, websocket-engine.ts), holding the TCP connection, its buffers and its
 * place under the per-address cap (server/http/open-connections.ts) meanwhile. Nothing reaches a
 * peer that silent, so its connection is cut at once. Other closes keep the goodbye: their peer
 * may answer.
 */
export function cutSilentPeer(this: GatewaySocket['conn'], reason: string): void {
  if (reason !== 'ping timeout') return;
  // The WebSocket transport's ws socket (engine.io keeps it as `socket`); polling has none.
  const transport = this.transport as unknown as { socket?: { terminate?: () => void } };
  transport.socket?.terminate?.();
}
