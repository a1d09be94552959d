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
  ) {
    super(message);
  }

  toAck(): ErrorAck {
    return errorAck(this.code, this.message);
  }
}
