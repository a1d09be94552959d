import type { Logger } from '../logger';
import { storeUnavailable } from './store-unavailable';

/** Runs one store operation; a failure becomes STORE_UNAVAILABLE for the caller and a log line. */
export async function storeCall<T>(logger: Logger, what: string, operation: () => Promise<T>, meetingId?: string): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    logger.error('store operation failed', { op: what, meetingId, err });
    throw storeUnavailable(what, err);
  }
}
