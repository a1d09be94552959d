/**
 * The protocol version a client speaks, sent in the Socket.IO handshake as `auth.protocol`.
 * Tablets stay open for the days of a congress, across a server upgrade: when the server no
 * longer understands an old bundle, the handshake refuses it with CLIENT_TOO_OLD and the page
 * reloads itself to fetch the new one (docs/PROTOCOL.md §3).
 *
 * No zod here: the clients import this module, and a tablet's bundle must stay small.
 *
 * 1: the protocol before the handshake carried a version (a client that sends none).
 * 2: adds `auth.protocol` and CLIENT_TOO_OLD.
 * 3: a tablet's view comes in two parts after the first: `meeting:view` pushes only the shared
 *    part (TabletPublicView) and `meeting:seat` the seat's own (SeatView). A tablet of 1 or 2
 *    would read a view without its seat, so 3 is also the minimum.
 */
export const PROTOCOL_VERSION = 3;

/**
 * The oldest client version this server still serves. Raise it (with PROTOCOL_VERSION) in the
 * same change that breaks older clients: a wire shape they send or read changes incompatibly.
 */
export const MIN_CLIENT_PROTOCOL = 3;

/**
 * What a handshake without `auth.protocol` speaks: version 1, the unversioned protocol. Every
 * client written before versioning sends nothing, including tablets left open in the hall
 * across the upgrade that introduced it; refusing them would force a reload in the middle of a
 * sitting for no incompatibility. A missing version is too old exactly when version 1 is
 * (MIN_CLIENT_PROTOCOL > 1), so raising the minimum reaches them too.
 */
export const UNVERSIONED_CLIENT_PROTOCOL = 1;

export type ClientProtocolCheck =
  | { ok: true; protocol: number }
  | { ok: false; code: 'CLIENT_TOO_OLD' | 'BAD_REQUEST'; message: string };

/**
 * Judges the handshake's `auth.protocol` against the oldest version the server serves. A
 * version newer than the server's is accepted: during a rolling upgrade a reloaded tablet may
 * reach a node that is not upgraded yet, and that node is about to be replaced.
 */
export function checkClientProtocol(raw: unknown, minimum: number = MIN_CLIENT_PROTOCOL): ClientProtocolCheck {
  if (raw === undefined) {
    return UNVERSIONED_CLIENT_PROTOCOL >= minimum
      ? { ok: true, protocol: UNVERSIONED_CLIENT_PROTOCOL }
      : { ok: false, code: 'CLIENT_TOO_OLD', message: `this client is too old (no protocol version; the server needs ${minimum} or newer): reload it` };
  }
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1) {
    return { ok: false, code: 'BAD_REQUEST', message: 'auth.protocol must be a whole number from 1' };
  }
  if (raw < minimum) {
    return { ok: false, code: 'CLIENT_TOO_OLD', message: `this client speaks protocol ${raw}; the server needs ${minimum} or newer: reload it` };
  }
  return { ok: true, protocol: raw };
}
