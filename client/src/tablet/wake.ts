import type { Connection } from '../lib/connection';

/**
 * A tablet's screen locks between items; on wake the socket may be dead without having noticed,
 * and pushes sent while asleep are lost. On becoming visible: re-read the view (and the clock)
 * if connected, else reconnect (which re-reads it). Returns the listener's removal.
 */
export function resyncOnWake(connection: Connection): () => void {
  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    if (connection.connected) void connection.resync();
    else connection.socket.connect();
  };
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('pageshow', onVisible);
  return () => {
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('pageshow', onVisible);
  };
}
