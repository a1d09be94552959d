/**
 * What the server answers, as zod schemas: the success ack of every client event, the ErrorAck,
 * and the payloads of the server's pushes. The server builds these answers in
 * server/gateway/handlers.ts; these schemas describe them for clients and for the generated part
 * of docs/PROTOCOL.md, and tests/protocol/worked-example.test.ts parses the real server's answers
 * with them.
 */
import { z } from 'zod';
import { ERROR_CODES } from './errors';
import { IdSchema } from './ids';
import { sittingAcks } from './sittings';
import { SEATMAP_DELTA_EVENT, SeatMapDeltaSchema, SeatMapSnapshotSchema } from './seat-map';
import { ConsoleViewSchema, DelegateViewSchema, PublicViewSchema, SeatViewSchema, TabletPublicViewSchema } from './views';

const time = z.number().int().describe('epoch ms, server clock');
const version = z.number().int().min(0).describe("the meeting's version after the command (unchanged when nothing changed)");
const view = z
  .union([ConsoleViewSchema, DelegateViewSchema, TabletPublicViewSchema, PublicViewSchema])
  .describe(
    'the audience’s view (§5, §11.6): a tablet gets a whole DelegateView on connect and in meeting:sync, then TabletPublicView; a console gets its seats on connect and in meeting:sync, then in a push only those that changed (seatChanges, seatsKey)',
  );

export const VersionAckSchema = z.strictObject({ ok: z.literal(true), version });
export const OpenedAckSchema = z.strictObject({ ok: z.literal(true), version, ballotId: IdSchema.describe('the opened ballot') });

export const CastReceiptSchema = z.strictObject({
  receiptId: z.string().describe('UUID: the proof that the vote is on record; never the choice'),
  ballotId: IdSchema,
  seatId: IdSchema,
  at: time.describe('when the vote was recorded'),
});

/**
 * The success ack of every client event. Keyed loosely on purpose: an event added to
 * ClientEvents without an entry here fails tests/protocol/protocol-docs.test.ts, not the build.
 */
export const ACK_SCHEMAS = {
  'meeting:sync': z.strictObject({ ok: z.literal(true), view, serverTime: time }),
  'clock:sync': z.strictObject({ ok: z.literal(true), serverTime: time }),
  'delegate:signIn': VersionAckSchema,
  'ballot:cast': z.strictObject({
    ok: z.literal(true),
    receipt: CastReceiptSchema,
    duplicate: z.boolean().describe('true: this idempotency key was already on record; the receipt is the first one, nothing was counted again'),
  }),
  'staff:recordAttendance': VersionAckSchema.extend({ pendingRequestId: IdSchema.optional().describe('a ballot is open: the change waits for a chair (two-person rule)') }),
  'presidium:openSession': VersionAckSchema,
  'presidium:startItem': VersionAckSchema,
  'presidium:openBallot': OpenedAckSchema,
  'presidium:openPrepared': OpenedAckSchema,
  'presidium:openFollowUp': OpenedAckSchema,
  'presidium:enterManualCount': VersionAckSchema,
  'presidium:closeBallot': VersionAckSchema,
  'presidium:publishResult': VersionAckSchema,
  'presidium:voidBallot': VersionAckSchema,
  'presidium:closeSession': VersionAckSchema,
  'presidium:decideRequest': VersionAckSchema,
  'presidium:setWallMode': VersionAckSchema,
  ...sittingAcks(VersionAckSchema),
  /** Speaking requests (speaking.ts) and the seat map (seat-map.ts). */
  'delegate:requestFloor': VersionAckSchema,
  'delegate:withdrawFloor': VersionAckSchema,
  'presidium:grantFloor': VersionAckSchema,
  'presidium:skipFloor': VersionAckSchema,
  'presidium:endFloor': VersionAckSchema,
  'console:seatMap': SeatMapSnapshotSchema.extend({ ok: z.literal(true) }),
} satisfies Record<string, z.ZodType>;

/** Every refusal, of an event or an HTTP request. */
export const ErrorAckSchema = z.strictObject({
  ok: z.literal(false),
  code: z.enum(ERROR_CODES),
  message: z.string().describe('for people and logs; do not parse it'),
  details: z.record(z.string(), z.unknown()).optional().describe('machine-readable facts of some codes (see the code)'),
});

/** Payloads of the server's pushes (no ack). */
export const SERVER_EVENT_SCHEMAS = {
  'meeting:view': view,
  'meeting:seat': SeatViewSchema,
  'ballot:turnout': z
    .strictObject({ ballotId: IdSchema, voted: z.number().int().min(0), present: z.number().int().min(0) })
    .describe('wall and staff only, while a ballot is open; at most 10 per second per meeting, the latest always follows'),
  'session:replaced': z
    .strictObject({ reason: z.literal('paired_on_another_device'), at: time })
    .describe('to a tablet whose seat was paired on another device, just before the server disconnects it'),
  [SEATMAP_DELTA_EVENT]: SeatMapDeltaSchema,
} as const;
