import { errorAck, type ErrorAck, type ErrorCode } from '../../shared/protocol/errors';

/**
 * A failure the caller should see with a stable code (e.g. the store is down), as opposed to
 * a bug, which the gateway and HTTP layer answer with INTERNAL.
 */
export class ServiceError extends Error {
  override name = 'ServiceError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable hints for the client, e.g. how to retry (see store-unavailable.ts). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toAck(): ErrorAck {
    return errorAck(this.code, this.message, this.details);
  }
}
