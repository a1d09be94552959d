/**
 * Redis could not be reached, or did not answer in time. The service answers STORE_UNAVAILABLE.
 *
 * `outcome` says whether the command may have run: 'not_run' means it certainly did not (it
 * never left this process, or Redis refused it); 'unknown' means it was sent and the reply was lost (connection
 * dropped, or no reply before the deadline). A cast with the same idempotency key is safe to
 * retry either way; after an unknown append the caller must re-read the log before retrying.
 */
export class StoreUnavailableError extends Error {
  readonly outcome: 'not_run' | 'unknown';

  constructor(message: string, outcome: 'not_run' | 'unknown', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
    this.outcome = outcome;
  }
}
