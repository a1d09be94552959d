import { z } from 'zod';
import { IdSchema } from './meeting';

/**
 * Client → server events. Every one is emitted with an ack callback and answered with
 * `{ ok: true, ... }` or an ErrorAck. The role column says who may send it.
 */
const reason = z.string().trim().min(1).max(500);

export const ClientEvents = {
  /** any role: the current view for this connection's audience, and the server clock. */
  'meeting:sync': z.object({}).strict(),
  /** any role: server time, for countdown offsets. */
  'clock:sync': z.object({}).strict(),
  /** delegate: 签到 for the token's own seat. */
  'delegate:signIn': z.object({}).strict(),
  /** delegate: cast a ballot paper; `idempotencyKey` is made by the client once per intended vote. */
  'ballot:cast': z
    .object({
      ballotId: IdSchema,
      idempotencyKey: z.string().min(8).max(64),
      choice: z.object({ option: z.enum(['yes', 'no', 'abstain']) }).strict(),
    })
    .strict(),
  /** secretariat, presidium: record 出席/请假/缺席 for a seat (R1.4). */
  'staff:recordAttendance': z
    .object({ seatId: IdSchema, status: z.enum(['absent', 'present', 'on_leave']) })
    .strict(),
  /** presidium */
  'presidium:openSession': z.object({}).strict(),
  'presidium:startItem': z.object({ itemId: IdSchema }).strict(),
  'presidium:openBallot': z
    .object({
      ballotId: IdSchema.optional(),
      itemId: IdSchema,
      title: z.string().trim().min(1).max(200),
      kind: z.literal('motion').default('motion'),
      secrecy: z.enum(['anonymous', 'named']).default('anonymous'),
      threshold: z.enum(['majority_of_all', 'two_thirds_of_all']).default('majority_of_all'),
      requireHalfParticipation: z.boolean().default(false),
      durationSec: z.number().int().min(10).max(3600).nullable().default(null),
      rerunOf: IdSchema.nullable().default(null),
      quorumOverrideReason: reason.nullable().default(null),
    })
    .strict(),
  'presidium:closeBallot': z.object({ ballotId: IdSchema }).strict(),
  'presidium:publishResult': z.object({ ballotId: IdSchema }).strict(),
  'presidium:voidBallot': z.object({ ballotId: IdSchema, reason }).strict(),
  'presidium:closeSession': z.object({}).strict(),
} as const;

export type ClientEventName = keyof typeof ClientEvents;
export type ClientPayload<E extends ClientEventName> = z.input<(typeof ClientEvents)[E]>;
export type ParsedClientPayload<E extends ClientEventName> = z.output<(typeof ClientEvents)[E]>;

export type Role = 'secretariat' | 'presidium' | 'delegate' | 'wall';

export const EVENT_ROLES: Record<ClientEventName, readonly Role[]> = {
  'meeting:sync': ['secretariat', 'presidium', 'delegate', 'wall'],
  'clock:sync': ['secretariat', 'presidium', 'delegate', 'wall'],
  'delegate:signIn': ['delegate'],
  'ballot:cast': ['delegate'],
  'staff:recordAttendance': ['secretariat', 'presidium'],
  'presidium:openSession': ['presidium'],
  'presidium:startItem': ['presidium'],
  'presidium:openBallot': ['presidium'],
  'presidium:closeBallot': ['presidium'],
  'presidium:publishResult': ['presidium'],
  'presidium:voidBallot': ['presidium'],
  'presidium:closeSession': ['presidium'],
};

/** Server → client events (no ack). */
export const SERVER_EVENTS = {
  /** The audience's whole view (PublicView, DelegateView or ConsoleView), after every change. */
  view: 'meeting:view',
  /** Throttled aggregate while a ballot is open: `{ ballotId, voted, present }`; console and wall only. */
  turnout: 'ballot:turnout',
  /** To a tablet whose seat was paired on another device, just before it is disconnected. */
  replaced: 'session:replaced',
} as const;

export interface CastReceipt {
  receiptId: string;
  ballotId: string;
  seatId: string;
  at: number;
}

export interface TurnoutUpdate {
  ballotId: string;
  voted: number;
  present: number;
}

/** Largest payload a socket accepts, in bytes (invariant 6). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
