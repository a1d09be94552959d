/**
 * CLIENT_TOO_OLD at the handshake: the server was upgraded while this page stayed open (a tablet
 * lives for the days of a congress). Reloading fetches the new bundle, which speaks the new
 * protocol. A reload that comes back still too old (a proxy serving a cached bundle) must not
 * loop: within a minute of the last such reload, give up and let the caller say so.
 */
const RELOADED_AT_KEY = 'biaojue.reloadedForProtocolAt';
const RELOAD_AGAIN_AFTER_MS = 60_000;

/** Reloads the page, or returns false when it just did so for the same reason. */
export function reloadStaleClient(): boolean {
  if (typeof window === 'undefined') return false;
  const last = Number(window.sessionStorage.getItem(RELOADED_AT_KEY) ?? 0);
  if (Date.now() - last < RELOAD_AGAIN_AFTER_MS) return false;
  window.sessionStorage.setItem(RELOADED_AT_KEY, String(Date.now()));
  window.location.reload();
  return true;
}
