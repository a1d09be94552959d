import { z } from 'zod';
import { MAX_EXTENSION_SECONDS } from '../domain/countdown';
import { MAX_ROLL_REASON, MAX_SITTING_TITLE } from '../domain/sittings';
import { IdSchema, text } from './ids';

/*
 * Sittings, their rolls, and the guided flow's controls (shared/domain/sittings.ts,
 * countdown.ts, void-confirmation.ts). Spread into ClientEvents and EVENT_ROLES
 * (shared/protocol/socket.ts); described in docs/PROTOCOL.md "Sittings and the guided flow".
 */

const empty = z.object({}).strict();

export const SittingClientEvents = {
  /** secretariat, presidium: a new sitting with a fresh roll; its sign-in opens at once unless openSignIn is false. */
  'sitting:start': z
    .object({
      sittingId: IdSchema.optional().describe('made by the server when omitted'),
      title: text(MAX_SITTING_TITLE).describe('预备会议, 第一次全体会议, 常委会第三次会议 …'),
      openSignIn: z.boolean().optional(),
    })
    .strict(),
  /** secretariat, presidium: open / close the current sitting's sign-in window (a later sign-in is marked late). */
  'sitting:openSignIn': empty,
  'sitting:closeSignIn': empty,
  /** presidium: 宣布开会 — refused below quorum (R1.5). */
  'sitting:open': empty,
  /** presidium: end the current sitting (no open or unannounced ballot). */
  'sitting:close': empty,
  /** secretariat, presidium: a seat's mark on the roll; `reason` is required for 请假 and for a manual sign-in. */
  'sitting:mark': z
    .object({
      seatId: IdSchema,
      status: z.enum(['not_signed_in', 'present', 'on_leave', 'absent']),
      reason: z.string().trim().max(MAX_ROLL_REASON).nullable().optional(),
    })
    .strict(),
  /** presidium: take a finished agenda item up again, with the reason on record. */
  'sitting:reopenItem': z.object({ itemId: IdSchema, reason: text(200) }).strict(),
  /** presidium: countdown of the open ballot. */
  'ballot:extendCountdown': z.object({ ballotId: IdSchema, seconds: z.number().int().min(1).max(MAX_EXTENSION_SECONDS) }).strict(),
  'ballot:pauseCountdown': z.object({ ballotId: IdSchema }).strict(),
  'ballot:resumeCountdown': z.object({ ballotId: IdSchema }).strict(),
  /** presidium (a second member, not the requester): confirm or refuse voiding a published result. */
  'sitting:confirmVoid': z.object({ ballotId: IdSchema, approve: z.boolean() }).strict(),
} as const;

type SittingEventName = keyof typeof SittingClientEvents;

export const SITTING_EVENT_ROLES: Record<SittingEventName, readonly ('secretariat' | 'presidium')[]> = {
  'sitting:start': ['secretariat', 'presidium'],
  'sitting:openSignIn': ['secretariat', 'presidium'],
  'sitting:closeSignIn': ['secretariat', 'presidium'],
  'sitting:open': ['presidium'],
  'sitting:close': ['presidium'],
  'sitting:mark': ['secretariat', 'presidium'],
  'sitting:reopenItem': ['presidium'],
  'ballot:extendCountdown': ['presidium'],
  'ballot:pauseCountdown': ['presidium'],
  'ballot:resumeCountdown': ['presidium'],
  'sitting:confirmVoid': ['presidium'],
};

// --- view parts (shared/protocol/views.ts) ------------------------------------------------------

const count = z.number().int().min(0);
const time = z.number().int();
const figures = z.strictObject({ total: count, present: count, onLeave: count, absent: count });

export const AttendanceStatusSchema = z.enum(['not_signed_in', 'absent', 'present', 'on_leave']);

const sittingFields = {
  sittingId: IdSchema,
  title: z.string().describe('empty for the one implicit sitting of a log written before sittings'),
  number: z.number().int().min(1),
  status: z.enum(['roll', 'open', 'closed']).describe('roll: signing in, not yet opened (宣布开会)'),
  signIn: z.enum(['not_opened', 'open', 'closed']),
  signInOpen: z.boolean(),
};

export const PublicSittingSchema = z.strictObject(sittingFields).nullable().describe('the sitting now running or last run');

export const ConsoleSittingsSchema = z
  .array(
    z.strictObject({
      ...sittingFields,
      implicit: z.boolean(),
      startedAt: time,
      openedAt: time.nullable(),
      closedAt: time.nullable(),
      atOpening: figures.nullable().describe('the roll as announced (宣布开会)'),
      atClose: figures.nullable(),
    }),
  )
  .describe('every sitting, in order, with its figures');

export const SeatRollSchema = z
  .strictObject({
    by: z.strictObject({ name: z.string(), role: z.string() }),
    at: time,
    late: z.boolean(),
    reason: z.string().nullable(),
  })
  .nullable()
  .describe('who marked the seat on this sitting’s roll; null while 未签到');

export const PendingVoidSchema = z
  .strictObject({ by: z.string(), role: z.string(), at: time, reason: z.string() })
  .nullable()
  .describe('a request to void this published result, waiting for a second presidium member');

/**
 * The success acks of the events above, built on acks.ts's version ack (no import cycle). Generic
 * in the shape, not the schema, so `.extend` keeps its fields for shared/protocol/event-map.ts.
 */
export function sittingAcks<S extends z.core.$ZodShape, C extends z.core.$ZodObjectConfig>(versionAck: z.ZodObject<S, C>) {
  return {
    'sitting:start': versionAck.extend({ sittingId: IdSchema.describe('the started sitting') }),
    'sitting:openSignIn': versionAck,
    'sitting:closeSignIn': versionAck,
    'sitting:open': versionAck,
    'sitting:close': versionAck,
    'sitting:mark': versionAck.extend({ pendingRequestId: IdSchema.optional().describe('a ballot is open: the change waits for a chair') }),
    'sitting:reopenItem': versionAck,
    'ballot:extendCountdown': versionAck,
    'ballot:pauseCountdown': versionAck,
    'ballot:resumeCountdown': versionAck,
    'sitting:confirmVoid': versionAck,
  } satisfies Record<SittingEventName, z.ZodType>;
}
