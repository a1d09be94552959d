/** Stable rejection codes of the domain. Documented in docs/PROTOCOL.md. */
export const DOMAIN_ERROR_CODES = [
  'UNKNOWN_SEAT',
  'UNKNOWN_ITEM',
  'UNKNOWN_BALLOT',
  'PAIRING_CODE_INVALID',
  'SESSION_CLOSED',
  'WRONG_PHASE',
  'QUORUM_NOT_MET',
  'BALLOT_IN_PROGRESS',
  'ITEM_NOT_CURRENT',
  'DUPLICATE_BALLOT',
  'RERUN_NEEDS_VOID',
  'BALLOT_NOT_OPEN',
  'BALLOT_NOT_CLOSED',
  'BALLOT_VOID',
  'DEADLINE_NOT_REACHED',
  'REASON_REQUIRED',
  'COUNT_MISMATCH',
  'NOT_SIGNED_IN',
  'INVALID_CHOICE',
  'ALREADY_VOTED',
  'INVALID_BALLOT_SPEC',
  'ALREADY_RERUN',
  'FOLLOW_UP_NOT_POSSIBLE',
  'MANUAL_BALLOT',
  'NOT_MANUAL',
  'MANUAL_COUNT_INVALID',
  'MANUAL_COUNT_MISSING',
  'RESULT_NOT_PUBLISHED',
  /** Two-person rule (staff-requests.ts). */
  'CHAIR_APPROVAL_REQUIRED',
  'UNKNOWN_REQUEST',
  'REQUEST_ALREADY_DECIDED',
  'SAME_PERSON',
  /** The wall's mode (wall-mode.ts): a notice without a text, or one too long. */
  'INVALID_WALL_MODE',
  /** A revision of the prepared meeting that breaks a preparation rule (preparation/revision.ts); details.problems. */
  'INVALID_REVISION',
  /** An agenda attachment that is too large, empty, or not the PDF it claims to be (preparation/documents.ts). */
  'INVALID_DOCUMENT',
  /** A speaking request (speaking.ts) that is not waiting: granted, withdrawn, skipped or unknown. */
  'UNKNOWN_FLOOR_REQUEST',
  /** Sittings (sittings.ts): the sitting is not open (or not started), another is still open, a bad title or id. */
  'SITTING_NOT_OPEN',
  'SITTING_IN_PROGRESS',
  'INVALID_SITTING',
  /** A tablet's sign-in before the secretariat opened the sitting's sign-in window (sittings.ts). */
  'SIGN_IN_NOT_OPEN',
  /** Countdown controls (countdown.ts): the ballot has no countdown, or a bad extension. */
  'NO_COUNTDOWN',
  'INVALID_COUNTDOWN',
  /** A request to void this published result already waits for a second presidium member (void-confirmation.ts). */
  'VOID_CONFIRMATION_PENDING',
  /** Opening the session or starting a sitting with 0 seats on the roster (preparation/roster-required.ts). */
  'EMPTY_ROSTER',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];
