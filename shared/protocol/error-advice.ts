/**
 * What a client does with each error code: the contract behind docs/PROTOCOL.md's table of
 * error handling (generated from this file). `retry`:
 * - `same`: send the same request again (a vote with the same idempotency key), after a short pause;
 * - `wait`: send it again after the time the error says (details.retryAfterSec) or a pause;
 * - `sync`: the meeting is not in the state the request needs; read it (meeting:sync) and decide again;
 * - `never`: this request will always get this answer: fix it, or tell the person.
 * Every code in ERROR_CODES needs an entry (tests/protocol/protocol-docs.test.ts checks it).
 */
export type RetryAdvice = 'same' | 'wait' | 'sync' | 'never';

export interface ErrorAdvice {
  retry: RetryAdvice;
  /** What the client does, in one line. */
  action: string;
}

export const ERROR_ADVICE: Readonly<Record<string, ErrorAdvice>> = {
  UNKNOWN_SEAT: { retry: 'never', action: 'Check the seatId against the roster (ConsoleView.seats). A tablet: pair again.' },
  UNKNOWN_ITEM: { retry: 'sync', action: 'Check the itemId against the agenda in the view; for openPrepared, the item has no prepared ballot.' },
  UNKNOWN_BALLOT: { retry: 'sync', action: 'Read the view: the ballot does not exist (yet) on this meeting.' },
  PAIRING_CODE_INVALID: { retry: 'never', action: 'Ask the secretariat for a new seat card (the code is used, replaced or mistyped).' },
  SESSION_CLOSED: { retry: 'never', action: 'The session is over; show it as closed.' },
  WRONG_PHASE: { retry: 'sync', action: 'Read the view (phase); the command was already done or is not yet possible.' },
  QUORUM_NOT_MET: { retry: 'sync', action: 'Wait for more sign-ins; for openBallot (details.overridable) resend with quorumOverrideReason to open anyway.' },
  BALLOT_IN_PROGRESS: { retry: 'sync', action: 'Close (or void) the open ballot first.' },
  ITEM_NOT_CURRENT: { retry: 'sync', action: 'Start the item first (presidium:startItem).' },
  DUPLICATE_BALLOT: { retry: 'sync', action: 'The ballotId is taken: if this was a retry of your own openBallot, it landed; read the view.' },
  RERUN_NEEDS_VOID: { retry: 'sync', action: 'Void the ballot first, or name a voided ballot of the same kind in rerunOf.' },
  BALLOT_NOT_OPEN: { retry: 'never', action: 'The ballot is closed or its countdown has ended (server time): the vote is not counted. Show the view.' },
  BALLOT_NOT_CLOSED: { retry: 'sync', action: 'Close the ballot before publishing; if it is already published, this was a retry that landed.' },
  BALLOT_VOID: { retry: 'sync', action: 'The ballot is already void; read the view.' },
  DEADLINE_NOT_REACHED: { retry: 'never', action: 'Internal to the server (deadline closes); clients never see it.' },
  REASON_REQUIRED: { retry: 'never', action: 'Ask for a reason and resend with it.' },
  COUNT_MISMATCH: { retry: 'same', action: 'The server has not finished reading the votes: publish again in a moment.' },
  NOT_SIGNED_IN: { retry: 'sync', action: 'Sign in (delegate:signIn), or ask the secretariat: a seat on leave or absent cannot vote.' },
  INVALID_CHOICE: { retry: 'never', action: 'Show the message (it says why, e.g. more 赞成 than places) and let the delegate change the paper; a new paper takes a new idempotency key.' },
  ALREADY_VOTED: { retry: 'never', action: 'The seat has voted with another key: show "voted" (the view’s myVote has the receipt). Never make a second key for the same vote.' },
  INVALID_BALLOT_SPEC: { retry: 'never', action: 'Fix the spec: details.problems lists what breaks which rule.' },
  ALREADY_RERUN: { retry: 'never', action: 'This voided ballot already has a re-run (details.ballotId); void that one to re-run again.' },
  FOLLOW_UP_NOT_POSSIBLE: { retry: 'never', action: 'No tie re-vote / further election can follow (not published, no tie, no open seat, or already done: details.ballotId).' },
  MANUAL_BALLOT: { retry: 'never', action: 'This ballot is counted by hand; the tablet shows it and takes no vote.' },
  NOT_MANUAL: { retry: 'never', action: 'Manual counts go only to a manual ballot: void the electronic one and re-run it with method "manual".' },
  MANUAL_COUNT_INVALID: { retry: 'never', action: 'Fix the counts: details.problems says which do not add up.' },
  MANUAL_COUNT_MISSING: { retry: 'sync', action: 'Enter the manual count (presidium:enterManualCount), then publish.' },
  RESULT_NOT_PUBLISHED: { retry: 'sync', action: 'Publish or void the closed ballot named in details.ballotId, then close the session.' },
  CHAIR_APPROVAL_REQUIRED: {
    retry: 'never',
    action: 'A ballot is open: this pairing needs a code a chair approved. Ask the secretariat to request one (it waits on the console for a chair).',
  },
  UNKNOWN_REQUEST: { retry: 'sync', action: 'Read the view (ConsoleView.requests): there is no such request.' },
  REQUEST_ALREADY_DECIDED: { retry: 'sync', action: 'Another chair decided it first; read the view.' },
  SAME_PERSON: { retry: 'never', action: 'Two people are needed: another chair decides this request.' },
  INVALID_REVISION: { retry: 'never', action: 'Fix the roster or agenda: details.problems lists each broken rule (roster only before the session opens; started items stay as they are).' },
  INVALID_DOCUMENT: { retry: 'never', action: 'The attachment is empty, too large or not a real PDF: the message says which; choose another file.' },
  UNKNOWN_FLOOR_REQUEST: { retry: 'sync', action: 'Read the view (ConsoleView.speakingQueue): the request was granted, withdrawn or skipped meanwhile.' },
  INVALID_WALL_MODE: { retry: 'never', action: 'Give the notice mode a text (at most 200 characters); the message says what is wrong.' },
  SITTING_NOT_OPEN: { retry: 'sync', action: 'Read the view (sitting): start the sitting and open it (宣布开会) first, or start the next one.' },
  SITTING_IN_PROGRESS: { retry: 'sync', action: 'Close the sitting that is open (sitting:close) before starting the next one.' },
  INVALID_SITTING: { retry: 'never', action: 'Give the sitting a title of 1 to 60 characters and a new sittingId.' },
  SIGN_IN_NOT_OPEN: { retry: 'sync', action: 'The secretariat has not opened this sitting’s sign-in yet: show “签到尚未开始” and wait for the next view.' },
  NO_COUNTDOWN: { retry: 'never', action: 'This ballot has no countdown: close it by hand.' },
  INVALID_COUNTDOWN: { retry: 'never', action: 'Extend by a whole number of seconds, 1 to 3600.' },
  EMPTY_ROSTER: { retry: 'never', action: 'Import the roster (POST /api/meetings/:meetingId/roster/import) or add seats before opening the session or a sitting.' },
  VOID_CONFIRMATION_PENDING: { retry: 'sync', action: 'A request to void this result already waits: another presidium member confirms or refuses it (sitting:confirmVoid).' },
  UNKNOWN_BODY: { retry: 'never', action: 'No such body (GET /api/bodies lists them): check the bodyId.' },
  UNKNOWN_RECORD: { retry: 'sync', action: 'Read the body (GET /api/bodies/:bodyId): the project, suggestion, item, appointee, member or fund year does not exist, or is not yours.' },
  DUPLICATE_RECORD: { retry: 'sync', action: 'The id, the session number or the year’s one decision is taken: if this was a retry of your own request, it landed; read the body.' },
  WRONG_STATUS: { retry: 'sync', action: 'Read the body: the record is not at the step this needs (the message says which step it is at).' },
  QUOTA_EXCEEDED: { retry: 'never', action: 'The roster has more members of a type than the standing committee’s quota (details.rows): fix the roster or the quota decision.' },
  FUND_EXCEEDED: { retry: 'never', action: 'The amounts exceed the year’s special fund (details.remainingFen is negative): lower them.' },
  BODY_UNAVAILABLE: { retry: 'wait', action: 'The server cannot read this body (its journal is damaged; the log names the line): show it; it is served again once an operator restores the file.' },
  BAD_REQUEST: { retry: 'never', action: 'A bug in the client: the message lists the schema problems (path: problem). Do not resend unchanged.' },
  UNAUTHORIZED: { retry: 'never', action: 'Log in again (staff) or pair again (tablet); the token is missing, invalid or expired.' },
  FORBIDDEN: { retry: 'never', action: 'This role may not do this, or the token belongs to another meeting.' },
  MEETING_NOT_FOUND: { retry: 'never', action: 'No such meeting on this server: check the meetingId.' },
  DEVICE_REPLACED: { retry: 'never', action: 'The seat now belongs to another tablet: stop reconnecting and show "paired on another device".' },
  BUSY_RETRY: { retry: 'same', action: 'The meeting changed concurrently: send the same request again (a vote with the same key).' },
  STORE_UNAVAILABLE: { retry: 'same', action: 'Send it again with the same idempotency key; a command after meeting:sync (details.outcome says whether it may have landed).' },
  INTERNAL: { retry: 'same', action: 'A server bug, logged there: retry once (a vote with the same key), then report.' },
  TOO_MANY_ATTEMPTS: { retry: 'wait', action: 'Wait details.retryAfterSec seconds (also Retry-After) before logging in or pairing again.' },
  CLIENT_TOO_OLD: { retry: 'never', action: 'Reload the page (or update the client) to get the current protocol; the handshake refuses this version.' },
  RATE_LIMITED: { retry: 'wait', action: 'Too many events from this connection: wait details.retryAfterMs, then send the same request again (a vote with the same key); a connection that keeps earning it is disconnected.' },
  TOO_MANY_CONNECTIONS: { retry: 'wait', action: 'Handshake: too many connections for this token or seat; close the extra ones, reconnect after details.retryAfterSec.' },
  MEETING_UNAVAILABLE: { retry: 'wait', action: 'The server cannot read this meeting (quarantined, operators alerted): show it and try again much later.' },
};
