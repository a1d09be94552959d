import { z } from 'zod';
import { SPEAKING_LIMIT_MAX_SECONDS, SPEAKING_LIMIT_MIN_SECONDS } from '../domain/settings';
import { IdSchema } from './ids';

/*
 * Speaking requests (申请发言 / 询问) on the wire: the client events and the parts of the views
 * (shared/domain/speaking.ts). Described in docs/PROTOCOL.md, "Speaking requests".
 */

const floorKind = z.enum(['speak', 'inquiry']);
const time = z.number().int().describe('epoch ms, server clock');

/** Longest speaking limit the console may set: two hours. */
export const MAX_SPEAKING_LIMIT_SECONDS = SPEAKING_LIMIT_MAX_SECONDS;

export const SpeakingEvents = {
  /** delegate: ask for the floor from the token's own seat; a seat has at most one request. */
  'delegate:requestFloor': z.object({ kind: floorKind }).strict(),
  /** delegate: withdraw the seat's waiting request (a speaker's floor is ended by the presidium). */
  'delegate:withdrawFloor': z.object({}).strict(),
  /** presidium: give the floor to a waiting request, ending the current speaker's. */
  'presidium:grantFloor': z
    .object({ requestId: IdSchema, limitSeconds: z.number().int().min(SPEAKING_LIMIT_MIN_SECONDS).max(MAX_SPEAKING_LIMIT_SECONDS).nullable() })
    .strict(),
  /** presidium: take a waiting request off the queue without giving the floor. */
  'presidium:skipFloor': z.object({ requestId: IdSchema }).strict(),
  /** presidium: the current speaker's floor ends. */
  'presidium:endFloor': z.object({}).strict(),
} as const;

export const SPEAKING_EVENT_ROLES = {
  'delegate:requestFloor': ['delegate'],
  'delegate:withdrawFloor': ['delegate'],
  'presidium:grantFloor': ['presidium'],
  'presidium:skipFloor': ['presidium'],
  'presidium:endFloor': ['presidium'],
} as const;

export const PublicSpeakingSchema = z
  .strictObject({
    current: z
      .strictObject({
        requestId: IdSchema,
        seatNo: z.string(),
        name: z.string(),
        kind: floorKind,
        startedAt: time,
        limitSeconds: z.number().int().nullable().describe('null: no limit'),
      })
      .nullable()
      .describe('who holds the floor'),
    queued: z.number().int().min(0).describe('requests waiting'),
  })
  .describe('speaking requests: the wall’s speaker mode shows `current` with a timer');

export const FloorQueueSchema = z
  .array(
    z.strictObject({
      requestId: IdSchema,
      seatId: IdSchema,
      seatNo: z.string(),
      name: z.string(),
      group: z.string(),
      kind: floorKind,
      at: time,
    }),
  )
  .describe('waiting speaking requests, oldest first');

export const SeatFloorSchema = z
  .strictObject({ requestId: IdSchema, kind: floorKind, status: z.enum(['queued', 'speaking']) })
  .nullable()
  .describe('this seat’s own speaking request');
