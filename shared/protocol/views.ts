/**
 * The views the server pushes (`meeting:view`, `meeting:seat`) and answers (`meeting:sync`), as
 * zod schemas for clients and for the generated part of docs/PROTOCOL.md. The server builds
 * them as TypeScript values (shared/domain/views.ts, shared/protocol/socket.ts); the compiler
 * holds these schemas to those types (the assertions at the end), and
 * tests/protocol/worked-example.test.ts parses every view a real server sends with them.
 */
import { z } from 'zod';
import type { ConsoleView, DelegateView, PublicView } from '../domain/views';
import {
  BallotMethodSchema,
  BatchDraftSchema,
  ElectionDraftSchema,
  ListVoteDraftSchema,
  ManualCountsSchema,
  MotionDraftSchema,
  PressRuleSchema,
  RatingDraftSchema,
  SecrecySchema,
  SlateDraftSchema,
} from './ballots';
import { IdSchema } from './ids';
import { BallotResultSchema } from './results';
import type { SeatView, TabletPublicView } from './socket';
import { WallSettingSchema } from './wall-mode';
import { FloorQueueSchema, PublicSpeakingSchema, SeatFloorSchema } from './speaking';
import { AttendanceStatusSchema, ConsoleSittingsSchema, PendingVoidSchema, PublicSittingSchema, SeatRollSchema } from './sittings';

const count = z.number().int().min(0);
const time = z.number().int().describe('epoch ms, server clock');
const attendanceStatus = AttendanceStatusSchema;
/** Not a time: names the node's copy the view was rendered from (§5, view-epoch.ts). Optional only for servers before it. */
const epoch = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe('opaque; names the node’s copy the view comes from: another epoch is taken whatever its version (§5)');
const followUpOf = z.strictObject({ ballotId: IdSchema, reason: z.enum(['tie_revote', 'further_election']) });

/** A ballot's spec as the views carry it: its draft (all defaults filled in) plus its ids. */
const specFields = {
  ballotId: IdSchema,
  itemId: IdSchema,
  rerunOf: IdSchema.nullable(),
  method: BallotMethodSchema.optional().describe('absent: electronic'),
  followUpOf: followUpOf.nullable().optional(),
};
export const BallotSpecSchema = z.discriminatedUnion('kind', [
  MotionDraftSchema.extend(specFields).extend({ pressRule: PressRuleSchema.optional() }),
  BatchDraftSchema.extend(specFields),
  SlateDraftSchema.extend(specFields),
  ElectionDraftSchema.extend(specFields),
  ListVoteDraftSchema.extend(specFields),
  RatingDraftSchema.extend(specFields),
]);
export const BallotDraftViewSchema = z.discriminatedUnion('kind', [
  MotionDraftSchema,
  BatchDraftSchema,
  SlateDraftSchema,
  ElectionDraftSchema,
  ListVoteDraftSchema,
  RatingDraftSchema,
]);

const ballotViewFields = {
  ballotId: IdSchema,
  itemId: IdSchema,
  title: z.string(),
  kind: z.enum(['motion', 'batch', 'slate', 'election', 'list_vote', 'rating']),
  secrecy: SecrecySchema,
  status: z.enum(['open', 'closed', 'published', 'void']),
  openedAt: time,
  deadline: time.nullable().describe('server time; no cast at or after it (§8)'),
  voted: count.describe('turnout when the view was made'),
  result: BallotResultSchema.nullable().describe('only once published (R2.8); by kind in §11.5'),
  voidReason: z.string().nullable(),
  rerunOf: IdSchema.nullable(),
  method: BallotMethodSchema,
  followUpOf: followUpOf.nullable(),
  manualEntry: z.strictObject({ by: z.string(), role: z.string(), at: time }).nullable().describe('who entered a manual count'),
  pausedRemainingMs: count.nullable().optional().describe('while the countdown is paused: ms left (deadline is null then)'),
};
export const BallotViewSchema = z.strictObject(ballotViewFields);

const publicFields = {
  meetingId: IdSchema,
  version: count.describe('the meeting’s number of command events; within one epoch keep the highest (§5)'),
  epoch,
  title: z.string(),
  body: z.strictObject({ name: z.string(), kind: z.enum(['congress', 'standing_committee', 'street_congress']) }),
  phase: z.enum(['prepared', 'in_session', 'closed']),
  attendance: z.strictObject({
    total: count.describe('应到'),
    present: count.describe('实到'),
    onLeave: count.describe('请假'),
    quorum: z.strictObject({ met: z.boolean(), required: count, rule: z.enum(['two_thirds_of_all', 'more_than_half_of_all']) }),
    notSignedIn: count.optional().describe('未签到 on the current sitting’s roll'),
    absent: count.optional().describe('缺席'),
  }),
  agenda: z.array(
    z.strictObject({
      itemId: IdSchema,
      title: z.string(),
      status: z.string().describe('pending, current or done'),
      kind: z.enum(['vote', 'report', 'inquiry', 'election', 'rating', 'other']).optional().describe('报告/审议, 询问 … (preparation)'),
      documents: z
        .array(z.strictObject({ docId: IdSchema, title: z.string(), kind: z.enum(['text', 'pdf']), bytes: z.number().int() }))
        .optional()
        .describe('attachments, metadata only: GET /api/meetings/:meetingId/documents/:docId'),
      ballot: BallotDraftViewSchema.optional().describe('the prepared ballot; console only'),
    }),
  ),
  currentItemId: IdSchema.nullable(),
  sitting: PublicSittingSchema.optional(),
  wall: WallSettingSchema,
  speaking: PublicSpeakingSchema,
};

export const PublicViewSchema = z
  .strictObject({ ...publicFields, ballot: BallotViewSchema.nullable().describe('the open ballot, or the latest one') })
  .describe('the wall');

const seat = z.strictObject({
  seatId: IdSchema,
  seatNo: z.string(),
  name: z.string(),
  group: z.string(),
  attendance: attendanceStatus,
  floor: SeatFloorSchema.optional(),
});

const consoleSeatRow = seat.extend({
  paired: z.boolean(),
  card: z.enum(['none', 'open', 'used']).describe('the seat card: a code waiting, used by a paired tablet, or none'),
  row: z.number().int().optional(),
  column: z.number().int().optional(),
  roll: SeatRollSchema.optional(),
});

export const TabletPublicViewSchema = PublicViewSchema.extend({
  agendaKey: z.string().max(32).describe('a digest of the agenda (agendaKeyOf): a tablet whose agenda has another one resyncs'),
  agenda: PublicViewSchema.shape.agenda.optional().describe('only when it changed since the previous push'),
  ballotSpec: BallotSpecSchema.nullable()
    .optional()
    .describe('the full spec of `ballot`, only when `ballot` is another ballot than the previous push’s; nothing in it is secret'),
}).describe('every tablet, in each meeting:view push after the first');

export const DelegateViewSchema = PublicViewSchema.extend({
  ballotSpec: BallotSpecSchema.nullable().describe('the full spec of `ballot`; nothing in it is secret'),
  seat,
  myVote: z.strictObject({ receiptId: z.string(), at: time }).nullable().describe('this seat’s vote on `ballot`; never the choice'),
}).describe('a tablet: the first meeting:view after connecting, and the meeting:sync answer');

export const SeatViewSchema = z
  .strictObject({
    meetingId: IdSchema,
    version: count,
    epoch,
    seat,
    myVote: z.strictObject({ ballotId: IdSchema, receiptId: z.string(), at: time }).nullable().describe('never the choice'),
  })
  .describe('a tablet’s own part (meeting:seat): combine with the last TabletPublicView');

export const ConsoleViewSchema = z
  .strictObject({
    ...publicFields,
    presidium: z.array(z.string()),
    seats: z
      .array(consoleSeatRow)
      .optional()
      .describe('every seat in roster order; in a push only when neither `seatChanges` nor the previous push’s seats will do'),
    seatChanges: z
      .strictObject({
        since: count.describe('a view version: the rows are every seat that changed after it'),
        rows: z.array(consoleSeatRow).describe('each replaces the row of the same seatId; the order of the list stays'),
      })
      .optional()
      .describe('in a push instead of `seats`: apply to seats taken from a view of this epoch whose version is `since` or later; older (or none) means resync (meeting:sync)'),
    seatsKey: z
      .string()
      .max(32)
      .describe('names the seat list: a push with neither `seats` nor `seatChanges` and another key than yours means resync (meeting:sync)'),
    ballots: z
      .array(
        BallotViewSchema.extend({
          spec: BallotSpecSchema,
          presentAtOpen: count,
          quorumMet: z.boolean(),
          quorumOverride: z.strictObject({ by: z.string(), reason: z.string() }).nullable(),
          closeReason: z.enum(['presidium', 'deadline']).nullable(),
          pendingResult: BallotResultSchema.nullable().describe('the count once closed, for review before publishing'),
          manualCounts: ManualCountsSchema.nullable().describe('a manual ballot’s counts as entered'),
          sittingId: IdSchema.nullable().optional().describe('the sitting it was held in'),
          pendingVoid: PendingVoidSchema.optional(),
        }),
      )
      .describe('every ballot, in opening order'),
    requests: z
      .array(
        z.strictObject({
          requestId: IdSchema,
          ballotId: IdSchema,
          kind: z.enum(['attendance', 'pairing']),
          seatId: IdSchema,
          status: attendanceStatus.nullable(),
          requestedBy: z.strictObject({ name: z.string(), role: z.string() }),
          requestedAt: time,
          state: z.enum(['pending', 'approved', 'rejected']),
          decidedBy: z.strictObject({ name: z.string(), role: z.string() }).nullable(),
          decidedAt: time.nullable(),
        }),
      )
      .describe('changes asked for while a ballot was open, newest first; pending ones await a chair'),
    speakingQueue: FloorQueueSchema,
    sittings: ConsoleSittingsSchema.optional(),
    speakingLimitSeconds: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe('R8 speakingLimitSeconds: where the grant of the floor starts (DEFAULT 300); null = no limit'),
  })
  .describe('secretariat, presidium and the other staff roles');

// The compiler holds the schemas to the server's types, one way: every view the server builds
// is a value these schemas describe. (The other way the schemas are looser where the wire is:
// a spec's defaults are always filled in by the server.)
type Fits<Actual, Schema extends z.ZodType> = Actual extends z.input<Schema> ? true : false;
const fits: {
  public: Fits<PublicView, typeof PublicViewSchema>;
  tablet: Fits<TabletPublicView, typeof TabletPublicViewSchema>;
  delegate: Fits<DelegateView, typeof DelegateViewSchema>;
  seat: Fits<SeatView, typeof SeatViewSchema>;
  console: Fits<ConsoleView, typeof ConsoleViewSchema>;
} = { public: true, tablet: true, delegate: true, seat: true, console: true };
void fits;
