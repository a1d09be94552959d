/**
 * HTTP bodies of the body registry (issue 12, docs/PROTOCOL.md "Bodies and the year").
 * Every body is size-limited; ids are protocol ids; money is whole fen.
 */
import { z } from 'zod';
import { BallotDraftSchema } from './ballots';
import { IdSchema, text } from './ids';

const id = IdSchema;
const year = z.number().int().min(2000).max(2100);
const fen = z.number().int().min(0).max(1e13);
const longText = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** POST /api/bodies (secretariat): a lasting body; the creator is assigned to it. */
export const CreateBodySchema = z
  .object({
    bodyId: id.optional(),
    name: text(100),
    kind: z.enum(['congress', 'standing_committee', 'street_congress']),
    level: z.enum(['county', 'township', 'street']),
    term: z.number().int().min(1).max(99),
    convener: text(100).nullable().default(null),
    parentBodyId: id.nullable().default(null),
    settings: z
      .object({
        regularMeetingsPerYear: z.number().int().min(0).max(24),
        followUpDays: z.number().int().min(1).max(730),
        rehandleDays: z.number().int().min(1).max(730),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export const BodyMemberSchema = z
  .object({
    memberId: id,
    seatNo: text(32),
    name: text(64),
    group: z.string().trim().max(64).default(''),
    category: text(32).nullable().default(null),
  })
  .strict();

/** PUT /api/bodies/:bodyId/roster (secretariat): the members; a street congress's must fit its quotas (R6.3). */
export const RosterSchema = z.object({ members: z.array(BodyMemberSchema).min(1).max(5000) }).strict();

/** PUT /api/bodies/:bodyId/quotas (secretariat): the standing committee's decision on members per type (R6.3). */
export const QuotasSchema = z
  .object({
    decidedBy: text(100),
    reference: text(100),
    quotas: z.array(z.object({ category: text(32), count: z.number().int().min(0).max(5000) }).strict()).min(1).max(20),
  })
  .strict();

const itemBase = { itemId: id, title: text(200) };
export const AgendaRequestSchema = z.discriminatedUnion('from', [
  z.object({ ...itemBase, from: z.literal('plain'), kind: z.enum(['vote', 'report', 'other']).default('report'), ballot: BallotDraftSchema.optional() }).strict(),
  z.object({ ...itemBase, from: z.literal('presidium'), names: z.array(text(64)).min(1).max(100) }).strict(),
  z.object({ ...itemBase, from: z.literal('slate'), year, places: z.number().int().min(1).max(100), motionTitle: text(200) }).strict(),
  z
    .object({ ...itemBase, from: z.literal('rating'), year, source: z.enum(['projects', 'supervision', 'appointees', 'fund']), organ: text(100).optional() })
    .strict(),
  z.object({ ...itemBase, from: z.literal('inquiry'), supervisionId: id, phase: z.enum(['start', 'mid', 'end']) }).strict(),
  z.object({ ...itemBase, from: z.literal('follow_up'), supervisionId: id, followUpId: id }).strict(),
  z.object({ ...itemBase, from: z.literal('special_inquiry'), inquiryId: id }).strict(),
  z.object({ ...itemBase, from: z.literal('appointee_reports'), organ: text(100) }).strict(),
]);

/** POST /api/bodies/:bodyId/meetings (secretariat): a meeting of the body (第N次会议), its roster carried over, agenda ballots from the records. */
export const BodyMeetingSchema = z
  .object({
    meetingId: id.optional(),
    title: text(200),
    sessionNo: z.number().int().min(1).max(999),
    year,
    regular: z.boolean().default(true),
    presidium: z.array(text(64)).max(100).default([]),
    agenda: z.array(AgendaRequestSchema).max(200),
  })
  .strict();

/** POST /api/bodies/:bodyId/projects (secretariat): a candidate project into the pool (R4.1). */
export const CollectProjectSchema = z
  .object({
    projectId: id.optional(),
    year,
    title: text(200),
    sponsorUnit: text(100),
    budgetFen: fen.nullable(),
    summary: z.string().trim().max(2000).default(''),
    source: z.enum(['delegate_suggestion', 'street_congress', 'public', 'department']),
    sourceRef: text(200).nullable().default(null),
  })
  .strict();

/** POST /api/bodies/:bodyId/projects/:projectId/screening (secretariat): screen or submit, or reject with a reason. */
export const ScreeningSchema = z
  .object({ stage: z.enum(['screen', 'submit']), accept: z.boolean(), reason: longText(500).nullable().default(null) })
  .strict();

/** POST /api/bodies/:bodyId/projects/:projectId/forward (secretariat): a street congress's recommended project to another body's pool. */
export const ForwardSchema = z.object({ toBodyId: id }).strict();

/** POST /api/bodies/:bodyId/projects/:projectId/progress (secretariat): a quarterly progress report of an adopted project. */
export const ProgressSchema = z
  .object({
    year,
    quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    percent: z.number().int().min(0).max(100),
    spentFen: fen,
    note: z.string().trim().max(2000).default(''),
    documents: z.array(z.object({ title: text(200), ref: text(500) }).strict()).max(20).default([]),
  })
  .strict();

/**
 * POST /api/bodies/:bodyId/projects/:projectId/progress/:reportId/attachments (secretariat): a
 * photo or document of a progress report. The request body is the file itself (Content-Type
 * application/pdf, image/jpeg, image/png or application/octet-stream, at most 8 MiB; its kind is
 * read from its magic bytes); this schema is for the query string.
 */
export const ProgressAttachmentQuerySchema = z
  .object({ title: text(200), fileName: z.string().max(255).default('') })
  .strict();

/** POST /api/bodies/:bodyId/supervision (secretariat): a 三问一评 work item (R5.7). */
export const SupervisionSchema = z.object({ supervisionId: id.optional(), year, title: text(200), unit: text(100) }).strict();
/** POST /api/bodies/:bodyId/supervision/:supervisionId/inquiries (secretariat): the 年初/年中/年末 询问, in order, linked to an agenda item. */
export const InquirySchema = z
  .object({ phase: z.enum(['start', 'mid', 'end']), meetingId: id.nullable().default(null), itemId: id.nullable().default(null), report: longText(5000) })
  .strict();
/** POST /api/bodies/:bodyId/supervision/:supervisionId/follow-ups/:followUpId/report (secretariat): the 整改 report (R5.5). */
export const FollowUpReportSchema = z.object({ report: longText(5000) }).strict();

/** POST /api/bodies/:bodyId/appointees (secretariat): the appointee register. */
export const AppointeeSchema = z
  .object({ appointeeId: id.optional(), name: text(64), post: text(100), unit: text(100), appointedOn: isoDate, organ: text(100) })
  .strict();
/**
 * POST /api/bodies/:bodyId/appointees/:appointeeId/reports (secretariat): a year's 履职情况报告;
 * with `text` (plain text, no control characters), meetings made later attach it to their
 * appointee rating/report items as a text document for the tablets.
 */
export const AppointeeReportSchema = z
  .object({
    year,
    title: text(200),
    ref: text(500),
    // eslint-disable-next-line no-control-regex
    text: longText(50_000).refine((t) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(t), 'plain text only').optional(),
  })
  .strict();

/** POST /api/bodies/:bodyId/inquiries (secretariat): a 专题询问 (R7.7). */
export const SpecialInquirySchema = z.object({ inquiryId: id.optional(), year, title: text(200) }).strict();
/** POST /api/my/inquiries/:inquiryId/questions (delegate): queue a question. */
export const QuestionSchema = z.object({ text: longText(1000) }).strict();
/** POST /api/bodies/:bodyId/inquiries/:inquiryId/questions/:questionId/answer (secretariat, presidium): the answer of a granted question. */
export const AnswerSchema = z.object({ answer: longText(5000), answeredBy: text(100) }).strict();

const suggestionFields = {
  title: text(200),
  content: longText(5000),
  category: text(32),
  coSigners: z.array(id).max(50).default([]),
};
/** POST /api/bodies/:bodyId/suggestions (secretariat): a delegate's suggestion entered from the console after the congress (R5.8). */
export const StaffSuggestionSchema = z.object({ memberId: id, ...suggestionFields }).strict();
/** POST /api/my/suggestions (delegate): the delegate's own suggestion, from the tablet. */
export const DelegateSuggestionSchema = z.object(suggestionFields).strict();
/** POST /api/bodies/:bodyId/suggestions/:suggestionId/assign (secretariat): handling unit and deadline (end of that day, Beijing). */
export const AssignSchema = z.object({ handlingUnit: text(100), deadline: isoDate }).strict();
/** POST /api/bodies/:bodyId/suggestions/:suggestionId/reply (secretariat): the unit's reply. */
export const ReplySchema = z.object({ text: longText(5000) }).strict();
/** POST /api/my/suggestions/:suggestionId/rating (delegate, the author only): 满意/基本满意/不满意; 不满意 sends it back (R5.8). */
export const ReplyRatingSchema = z.object({ rating: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']) }).strict();

/** PUT /api/bodies/:bodyId/funds/:year (secretariat): the year's special fund, never below what is allocated. */
export const FundSchema = z.object({ fundFen: fen }).strict();
/** POST /api/bodies/:bodyId/funds/:year/allocations (secretariat): suggestion projects and amounts; the sum never exceeds the fund. */
export const AllocationSchema = z
  .object({ allocations: z.array(z.object({ suggestionId: id, amountFen: z.number().int().min(1).max(1e13) }).strict()).min(1).max(100) })
  .strict();

export type CreateBodyInput = z.input<typeof CreateBodySchema>;
export type BodyMeetingInput = z.input<typeof BodyMeetingSchema>;
