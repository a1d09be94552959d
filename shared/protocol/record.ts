/**
 * RECORD's HTTP bodies (docs/PROTOCOL.md, "Minutes and the audit log"): the audit log's filter,
 * read from the query string of GET /api/meetings/:meetingId/audit.
 */
import { z } from 'zod';

const epochMs = z
  .string()
  .regex(/^\d{1,15}$/, 'a time in epoch milliseconds')
  .transform((s) => Number(s));

export const AuditQuerySchema = z
  .object({
    /** An account id, or a display name for actors without an account (old logs). */
    person: z.string().trim().min(1).max(128).optional(),
    /** An event type, e.g. BallotOpened. */
    type: z.string().regex(/^[A-Za-z]{1,48}$/, 'an event type such as BallotOpened').optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
  })
  .strict();

export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** Who may read the audit log: those who run or record the meeting, not tellers or observers. */
export const AUDIT_ROLES = ['secretariat', 'presidium', 'administrator'] as const;
