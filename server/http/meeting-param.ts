import type { Response } from 'express';
import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/meeting';
import { parseWith } from '../validation';
import { sendError } from './respond';

/** The :meetingId route parameter, checked before it reaches a store (it may name files). */
export function meetingIdParam(value: unknown, res: Response): string | null {
  const parsed = parseWith(IdSchema, value);
  if (parsed.ok) return parsed.data;
  sendError(res, { ...parsed, message: `meetingId: ${parsed.message}` });
  return null;
}

export function meetingNotFound(meetingId: string): ErrorAck {
  return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
}
