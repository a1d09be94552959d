import type { Response } from 'express';
import { errorAck, type ErrorAck, type ErrorCode } from '../../shared/protocol/errors';

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  PAIRING_CODE_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  DEVICE_REPLACED: 403,
  MEETING_NOT_FOUND: 404,
  MEETING_UNAVAILABLE: 503,
  BODY_UNAVAILABLE: 503,
  UNKNOWN_SEAT: 404,
  UNKNOWN_ITEM: 404,
  UNKNOWN_BALLOT: 404,
  TOO_MANY_ATTEMPTS: 429,
  BUSY_RETRY: 503,
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** HTTP status for an error code; other domain rejections conflict with the meeting's state. */
export function httpStatusFor(code: ErrorCode): number {
  return STATUS[code] ?? 409;
}

export function sendError(res: Response, ack: ErrorAck, status = httpStatusFor(ack.code)): void {
  res.status(status).json(ack);
}

export function sendErrorCode(res: Response, code: ErrorCode, message: string): void {
  sendError(res, errorAck(code, message));
}
