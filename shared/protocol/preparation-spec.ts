/**
 * Fields of the meeting spec that preparation added (issue 10), all optional so older clients and
 * stored specs stay valid. Kept apart from meeting.ts so preparation.ts can build on both.
 */
import { z } from 'zod';
import { COUNTDOWN_MAX_SECONDS, COUNTDOWN_MIN_SECONDS, SPEAKING_LIMIT_MAX_SECONDS, SPEAKING_LIMIT_MIN_SECONDS } from '../domain/settings';
import { text } from './ids';

/** R8 settings; each omitted one takes its default (settingsOf). */
export const MeetingSettingsSchema = z
  .object({
    voteMethod: z.enum(['electronic', 'manual']),
    showNotVotedOnWall: z.boolean(),
    hideUnsatisfiedNamesOnWall: z.boolean(),
    quorumAtBallotOpen: z.enum(['warn', 'block']),
    defaultCountdownSeconds: z.number().int().min(COUNTDOWN_MIN_SECONDS).max(COUNTDOWN_MAX_SECONDS).nullable(),
    liveTally: z.boolean(),
    recommendationWording: z.boolean(),
    passBase: z.enum(['all_members', 'present']),
    /** null: no limit (the presidium ends the floor by hand). */
    speakingLimitSeconds: z.number().int().min(SPEAKING_LIMIT_MIN_SECONDS).max(SPEAKING_LIMIT_MAX_SECONDS).nullable(),
  })
  .partial()
  .strict();

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const position = z.number().int().min(1).max(999);

/** Delegate fields from the roster file and the seat layout. */
export const delegateExtras = {
  row: position.optional(),
  column: position.optional(),
  gender: z.string().trim().max(8).optional(),
  ethnicity: z.string().trim().max(32).optional(),
  category: z.string().trim().max(64).optional(),
};

export const AGENDA_ITEM_KINDS = ['vote', 'report', 'inquiry', 'election', 'rating', 'other'] as const;

/** Meeting-level fields of preparation. */
export const specExtras = {
  settings: MeetingSettingsSchema.optional(),
  sessionNo: z.number().int().min(1).max(999).optional(),
  dates: z
    .object({ start: day, end: day })
    .strict()
    .refine((d) => d.start <= d.end, 'the first day comes before the last')
    .optional(),
  vacancies: z
    .array(z.object({ seatNo: text(32), name: z.string().trim().max(64), reason: text(200) }).strict())
    .max(5000)
    .optional(),
  hall: z.object({ rows: position, columns: position }).strict().optional(),
};
