import { z } from 'zod';
import { IdSchema } from './ids';

/** Staff account roles (see docs/SECURITY.md "Staff accounts"). */
export const STAFF_ACCOUNT_ROLES = ['administrator', 'secretariat', 'presidium', 'chair', 'teller', 'observer'] as const;
export type StaffAccountRole = (typeof STAFF_ACCOUNT_ROLES)[number];

/** A staff account as the accounts API answers it (never a password or its hash). */
export interface AccountView {
  accountId: string;
  login: string;
  displayName: string;
  roles: StaffAccountRole[];
  meetings: string[];
  allMeetings: boolean;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** Live sessions (logins not yet expired or revoked). */
  sessions: { sessionId: string; createdAt: number; expiresAt: number }[];
}

/** A login name: what a person types, lower-cased by the server. */
const LoginName = z.string().trim().min(2).max(32).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');
/** A person's name as the log and the result sheets print it. */
const DisplayName = z.string().trim().min(1).max(40);
/** New passwords: long enough that the per-account attempt limit leaves guessing hopeless. */
const NewPassword = z.string().min(10, 'at least 10 characters').max(200);
const Roles = z.array(z.enum(STAFF_ACCOUNT_ROLES)).min(1).max(6);
/** The protocol's one id rule (`__proto__` included among the refused). */
const MeetingIds = z.array(IdSchema).max(500);

/** POST /api/auth/staff: a person logs in with their own account. */
export const StaffLoginSchema = z
  .object({
    login: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(200),
  })
  .strict();

/** POST /api/accounts (administrator): a new account; the password is generated when omitted and returned once. */
export const AccountCreateSchema = z
  .object({
    login: LoginName,
    displayName: DisplayName,
    roles: Roles,
    meetings: MeetingIds.default([]),
    allMeetings: z.boolean().default(false),
    password: NewPassword.optional(),
  })
  .strict();

/** PATCH /api/accounts/:accountId (administrator). */
export const AccountUpdateSchema = z
  .object({
    displayName: DisplayName.optional(),
    roles: Roles.optional(),
    meetings: MeetingIds.optional(),
    allMeetings: z.boolean().optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/** POST /api/accounts/:accountId/password (administrator): set or generate a new password; ends the account's sessions. */
export const PasswordResetSchema = z.object({ password: NewPassword.optional() }).strict();

/** POST /api/auth/password (any staff): change one's own password. */
export const OwnPasswordSchema = z.object({ current: z.string().min(1).max(200), password: NewPassword }).strict();

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
export const LINK_PURPOSES = ['seat-cards', 'result-sheet', 'results-csv', 'results-json', 'named-sheet', 'named-csv', 'named-json', 'minutes-sheet', 'minutes-csv', 'minutes-json'] as const;
/** The links that open one ballot's page or file (a result sheet, a named ballot's record). */
export const BALLOT_LINK_PURPOSES: ReadonlySet<string> = new Set(['result-sheet', 'named-sheet', 'named-csv', 'named-json']);
export const LinkTicketSchema = z
  .object({
    purpose: z.enum(LINK_PURPOSES),
    /** The ballot of a result sheet or a named record; only there. */
    ballotId: z.string().min(1).max(64).optional(),
    /**
     * Seat cards only: the seats whose cards the page prints, issuing each a NEW code (their
     * earlier cards stop working). Absent: every seat. Minting this ticket is the confirmed
     * action; opening or reloading the page never issues codes again (docs/OPERATIONS.md).
     */
    seatIds: z.array(z.string().min(1).max(64)).min(1).max(5000).optional(),
  })
  .strict()
  .refine((t) => BALLOT_LINK_PURPOSES.has(t.purpose) === (t.ballotId !== undefined), {
    message: 'ballotId is required for a result sheet or named record and allowed nowhere else',
  })
  .refine((t) => t.seatIds === undefined || t.purpose === 'seat-cards', { message: 'seatIds only for seat cards' });

/** POST /api/wall/pair: the wall redeems the one-time code the console shows. */
export const WallPairSchema = z.object({ code: z.string().trim().min(6).max(64) }).strict();
