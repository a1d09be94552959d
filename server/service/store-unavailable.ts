import { StoreUnavailableError } from '../store/redis/errors';
import { ServiceError } from './service-error';

/**
 * What a caller is told when the store failed. `details.outcome` says whether the operation may
 * have happened: 'not_run' (it certainly did not) or 'unknown' (it was sent and the answer was
 * lost, e.g. Redis went down mid-call). A cast is safe to retry either way with the same
 * idempotency key (`details.retry: 'same_idempotency_key'`): the store answers a recorded one
 * with its first receipt. A command with an unknown outcome may have landed: read the state
 * (`meeting:sync`) before sending it again.
 */
export function storeUnavailable(what: string, err: unknown): ServiceError {
  const outcome = err instanceof StoreUnavailableError ? err.outcome : 'unknown';
  const message =
    outcome === 'unknown'
      ? `the store did not confirm that it could ${what}; it may or may not have happened: retry (a vote with the same idempotency key)`
      : `the store could not ${what}; nothing was recorded: retry`;
  return new ServiceError('STORE_UNAVAILABLE', message, { outcome, retry: 'same_idempotency_key' });
}
