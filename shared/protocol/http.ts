import { z } from 'zod';

/** POST /api/auth/staff */
export const StaffLoginSchema = z
  .object({
    role: z.enum(['secretariat', 'presidium']),
    name: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(200),
  })
  .strict();

/** POST /api/pair: a tablet redeems the one-time code from its seat card. */
export const PairSchema = z
  .object({
    code: z.string().trim().min(6).max(64),
    /** Made by the tablet once and kept in its storage; identifies the device for takeover. */
    deviceId: z.string().min(8).max(64),
  })
  .strict();

/** POST /api/meetings/:meetingId/pairing-codes: issue (or re-issue) seat-card codes. */
export const IssueCodesSchema = z
  .object({ seatIds: z.array(z.string().min(1).max(64)).max(5000).optional() })
  .strict();

/**
 * POST /api/meetings/:meetingId/link-tickets: a one-time, 60-second ticket for one printable or
 * downloadable link, so that no staff token ever rides in a URL (history, printed footers).
 */
export const LINK_PURPOSES = ['seat-cards', 'result-sheet', 'results-csv', 'results-json'] as const;
export const LinkTicketSchema = z
  .object({
    purpose: z.enum(LINK_PURPOSES),
    /** The ballot of a result sheet; only there. */
    ballotId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((t) => (t.purpose === 'result-sheet') === (t.ballotId !== undefined), {
    message: 'ballotId is required for a result sheet and allowed nowhere else',
  });

/** POST /api/wall/pair: the wall redeems the one-time code the console shows. */
export const WallPairSchema = z.object({ code: z.string().trim().min(6).max(64) }).strict();
