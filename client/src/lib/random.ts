/**
 * A random hex id. Uses getRandomValues rather than randomUUID because the hall's tablets may
 * load the app over plain http on the LAN, where randomUUID (secure contexts only) is missing.
 */
export function randomId(bytes = 16): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}
