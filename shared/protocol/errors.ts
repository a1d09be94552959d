import { DOMAIN_ERROR_CODES } from '../domain/errors';
import { YEAR_ERROR_CODES } from '../domain/year/errors';

/** Errors of the transport and service around the domain. */
export const TRANSPORT_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'MEETING_NOT_FOUND',
  'DEVICE_REPLACED',
  'BUSY_RETRY',
  'STORE_UNAVAILABLE',
  'INTERNAL',
  /** Too many failed staff logins or unknown pairing codes from one address; details.retryAfterSec. */
  'TOO_MANY_ATTEMPTS',
  /**
   * Handshake only: this token, seat or wall link already holds as many connections as a node
   * allows (docs/PROTOCOL.md §3); details.retryAfterSec. Not final: retry after that long.
   */
  'TOO_MANY_CONNECTIONS',
  /**
   * This connection sent more events per second than allowed; the event was NOT processed.
   * details.retryAfterMs says when to send it again (a cast: the same idempotency key and paper).
   */
  'RATE_LIMITED',
  /** Handshake only: the client's auth.protocol is older than the server serves; reload (shared/protocol/version.ts). */
  'CLIENT_TOO_OLD',
  /**
   * The meeting exists but its log could not be read into a consistent state, so this server
   * does not serve it (it is quarantined, listed in GET /api/health and logged). Final until an
   * operator has repaired the data and restarted the server.
   */
  'MEETING_UNAVAILABLE',
] as const;

export const ERROR_CODES = [...DOMAIN_ERROR_CODES, ...TRANSPORT_ERROR_CODES, ...YEAR_ERROR_CODES] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorAck {
  ok: false;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function errorAck(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorAck {
  return details ? { ok: false, code, message, details } : { ok: false, code, message };
}
