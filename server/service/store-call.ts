import type { Logger } from '../logger';
import { storeUnavailable } from './store-unavailable';

/**
 * Runs one store operation; a failure becomes STORE_UNAVAILABLE for the caller and a log line.
 * Not an async function: a synchronous throw of `operation` reaches the caller as a rejection,
 * with no async frame on the way. (The vote path does not come here: cast-service.ts answers
 * through a waiter, server/store/cast-waiter.ts.)
 */
export function storeCall<T>(logger: Logger, what: string, operation: () => Promise<T>, meetingId?: string): Promise<T> {
  try {
    return operation().catch((err: unknown) => {
      throw unavailable(logger, what, meetingId, err);
    });
  } catch (err) {
    return Promise.reject(unavailable(logger, what, meetingId, err));
  }
}

/** A store operation's failure as its caller's: STORE_UNAVAILABLE, and a log line. */
export function unavailable(logger: Logger, what: string, meetingId: string | undefined, err: unknown): Error {
  logger.error('store operation failed', { op: what, meetingId, err });
  return storeUnavailable(what, err);
}
