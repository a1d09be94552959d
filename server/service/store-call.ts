import type { Logger } from '../logger';
import { storeUnavailable } from './store-unavailable';

/**
 * Runs one store operation; a failure becomes STORE_UNAVAILABLE for the caller and a log line.
 * Not an async function: every vote passes here, and one `.catch` step is cheaper than an async
 * frame awaiting the operation (docs/BENCHMARKS.md, cast path). No named closure per call either
 * (tsx defines `name` on each one made).
 */
export function storeCall<T>(logger: Logger, what: string, operation: () => Promise<T>, meetingId?: string): Promise<T> {
  try {
    return operation().catch((err: unknown) => {
      throw unavailable(logger, what, meetingId, err);
    });
  } catch (err) {
    // A synchronous throw reaches the caller as a rejection, as from an async function.
    return Promise.reject(unavailable(logger, what, meetingId, err));
  }
}

function unavailable(logger: Logger, what: string, meetingId: string | undefined, err: unknown): Error {
  logger.error('store operation failed', { op: what, meetingId, err });
  return storeUnavailable(what, err);
}
