import type { Logger } from '../logger';
import { storeUnavailable } from './store-unavailable';

/**
 * Runs one store operation; a failure becomes STORE_UNAVAILABLE for the caller and a log line.
 * `answered`, if given, turns the store's answer into the caller's in the same promise step as
 * the failure handling (one `then`, not a `.catch` and then an await: every vote passes here,
 * docs/BENCHMARKS.md, cast path). A failure of `answered` itself is the caller's rejection, not
 * the store's. Not an async function, and no named closure per call (tsx defines `name` on each
 * one made).
 */
export function storeCall<T>(logger: Logger, what: string, operation: () => Promise<T>, meetingId?: string): Promise<T>;
export function storeCall<T, A>(
  logger: Logger,
  what: string,
  operation: () => Promise<T>,
  meetingId: string | undefined,
  answered: (result: T) => A | Promise<A>,
): Promise<A>;
export function storeCall<T, A>(
  logger: Logger,
  what: string,
  operation: () => Promise<T>,
  meetingId?: string,
  answered?: (result: T) => A | Promise<A>,
): Promise<T | A> {
  try {
    const operating = operation();
    return answered
      ? operating.then(answered, (err: unknown) => {
          throw unavailable(logger, what, meetingId, err);
        })
      : operating.catch((err: unknown) => {
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
