import type { ClientEventName, ClientPayload, CastReceipt, ErrorCode } from '../../../shared/protocol/index';
import type { SeatMapSnapshot } from '../../../shared/protocol/seat-map';

/**
 * What each ack carries on success, as the server promises it. The request payloads are typed by
 * the shared zod schemas; the answers are not schema'd there, so the client states what it relies on.
 */
export interface AckData {
  'meeting:sync': { view: unknown; serverTime: number };
  'clock:sync': { serverTime: number };
  'delegate:signIn': object;
  'ballot:cast': { receipt: CastReceipt; duplicate: boolean };
  /** `pendingRequestId` when a ballot is open: the change waits for a chair (two-person rule). */
  'staff:recordAttendance': { pendingRequestId?: string };
  'presidium:openSession': object;
  'presidium:startItem': object;
  'presidium:openBallot': { ballotId: string };
  'presidium:openPrepared': { ballotId: string };
  'presidium:openFollowUp': { ballotId: string };
  'presidium:enterManualCount': object;
  'presidium:closeBallot': object;
  'presidium:publishResult': object;
  'presidium:voidBallot': object;
  'presidium:closeSession': object;
  'presidium:decideRequest': object;
  'presidium:setWallMode': object;
  /** Speaking requests (shared/protocol/speaking.ts). */
  'delegate:requestFloor': object;
  'delegate:withdrawFloor': object;
  'presidium:grantFloor': object;
  'presidium:skipFloor': object;
  'presidium:endFloor': object;
  /** The seat map's whole picture (shared/protocol/seat-map.ts). */
  'console:seatMap': SeatMapSnapshot;
  /** Sittings, rolls, countdown controls, two-person void (shared/protocol/sittings.ts). */
  'sitting:start': { sittingId: string };
  'sitting:openSignIn': object;
  'sitting:closeSignIn': object;
  'sitting:open': object;
  'sitting:close': object;
  'sitting:mark': { pendingRequestId?: string };
  'sitting:reopenItem': object;
  'ballot:extendCountdown': object;
  'ballot:pauseCountdown': object;
  'ballot:resumeCountdown': object;
  'sitting:confirmVoid': object;
}

/** Failures the client detects itself, before or instead of a server answer. */
export type LocalErrorCode = 'TIMEOUT' | 'OFFLINE';

export interface Refusal {
  ok: false;
  code: ErrorCode | LocalErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Ack<E extends ClientEventName> = ({ ok: true } & AckData[E]) | Refusal;

export type { ClientEventName, ClientPayload };

/** Codes that say "try the same thing again later", as opposed to a decision against it. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['TIMEOUT', 'OFFLINE', 'BUSY_RETRY', 'STORE_UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED']);

export function isTransient(code: string): boolean {
  return TRANSIENT_CODES.has(code);
}
