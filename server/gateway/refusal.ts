import type { ExtendedError } from 'socket.io';
import type { ErrorCode } from '../../shared/protocol/errors';

/** A handshake refusal: the client sees `err.message` and `err.data = { code, message, details? }` in its connect_error. */
export function handshakeRefusal(code: ErrorCode, message: string, details?: Record<string, unknown>): ExtendedError {
  const err: ExtendedError = new Error(message);
  err.data = details ? { code, message, details } : { code, message };
  return err;
}
