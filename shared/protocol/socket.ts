import { z } from 'zod';
import { ChoiceSchema, ManualCountsSchema, OpenBallotSchema, OpenFollowUpSchema, OpenPreparedSchema } from './ballots';
import { IdSchema, IdempotencyKeySchema } from './ids';
import { SetWallModeSchema } from './wall-mode';
import { SPEAKING_EVENT_ROLES, SpeakingEvents } from './speaking';
import { SEAT_MAP_EVENT_ROLES, SeatMapEvents } from './seat-map';
import { SITTING_EVENT_ROLES, SittingClientEvents } from './sittings';
import type { BallotSpec } from '../domain/ballots/kinds';
import type { DelegateView, PublicView } from '../domain/views';

/**
 * Client → server events. Every one is emitted with an ack callback and answered with
 * `{ ok: true, ... }` or an ErrorAck. The role column says who may send it.
 */
const reason = z.string().trim().min(1).max(500);

export const ClientEvents = {
  /** Speaking requests (shared/protocol/speaking.ts) and the console's seat map (seat-map.ts). */
  ...SpeakingEvents,
  ...SeatMapEvents,
  /** Sittings, their rolls, countdown controls and the two-person void (shared/protocol/sittings.ts). */
  ...SittingClientEvents,
  /** any role: the current view for this connection's audience, and the server clock. */
  'meeting:sync': z.object({}).strict(),
  /** any role: server time, for countdown offsets. */
  'clock:sync': z.object({}).strict(),
  /** delegate: 签到 for the token's own seat. */
  'delegate:signIn': z.object({}).strict(),
  /** delegate: cast a ballot paper; `idempotencyKey` is made by the client once per intended vote. */
  'ballot:cast': z
    .object({
      ballotId: IdSchema,
      idempotencyKey: IdempotencyKeySchema,
      /** The kind's paper (see ChoiceSchema); checked against the open ballot by the server. */
      choice: ChoiceSchema,
    })
    .strict(),
  /** secretariat, presidium: record 出席/请假/缺席 for a seat (R1.4). */
  'staff:recordAttendance': z
    .object({ seatId: IdSchema, status: z.enum(['absent', 'present', 'on_leave']) })
    .strict(),
  /** presidium */
  'presidium:openSession': z.object({}).strict(),
  'presidium:startItem': z.object({ itemId: IdSchema }).strict(),
  /** Any ballot kind; a motion keeps its flat fields (see OpenBallotSchema). */
  'presidium:openBallot': OpenBallotSchema,
  /** The ballot prepared on the agenda item, in one click. */
  'presidium:openPrepared': OpenPreparedSchema,
  /** A tie re-vote or a further election from a published result. */
  'presidium:openFollowUp': OpenFollowUpSchema,
  /** The show-of-hands or paper count of a manual ballot; closes it if open (R2.4, R2.9, R2.10). */
  'presidium:enterManualCount': z.object({ ballotId: IdSchema, counts: ManualCountsSchema }).strict(),
  'presidium:closeBallot': z.object({ ballotId: IdSchema }).strict(),
  'presidium:publishResult': z.object({ ballotId: IdSchema }).strict(),
  'presidium:voidBallot': z.object({ ballotId: IdSchema, reason }).strict(),
  'presidium:closeSession': z.object({}).strict(),
  /** chair: approve or reject a change asked for while a ballot was open (two-person rule); never the requester's own. */
  'presidium:decideRequest': z.object({ requestId: IdSchema, approve: z.boolean() }).strict(),
  /** presidium, secretariat: what every wall of the meeting shows (shared/domain/wall-mode.ts). */
  'presidium:setWallMode': SetWallModeSchema,
} as const;

export type ClientEventName = keyof typeof ClientEvents;
export type ClientPayload<E extends ClientEventName> = z.input<(typeof ClientEvents)[E]>;
export type ParsedClientPayload<E extends ClientEventName> = z.output<(typeof ClientEvents)[E]>;

/**
 * Protocol roles. Staff accounts hold account roles (server/accounts/types.ts) that map onto
 * these: a chair holds presidium and chair; every staff role may read the console.
 */
export type Role = 'secretariat' | 'presidium' | 'chair' | 'teller' | 'observer' | 'administrator' | 'delegate' | 'wall';

const STAFF_READERS = ['secretariat', 'presidium', 'chair', 'teller', 'observer', 'administrator'] as const;

export const EVENT_ROLES: Record<ClientEventName, readonly Role[]> = {
  ...SPEAKING_EVENT_ROLES,
  ...SEAT_MAP_EVENT_ROLES,
  ...SITTING_EVENT_ROLES,
  'meeting:sync': [...STAFF_READERS, 'delegate', 'wall'],
  'clock:sync': [...STAFF_READERS, 'delegate', 'wall'],
  'delegate:signIn': ['delegate'],
  'ballot:cast': ['delegate'],
  'staff:recordAttendance': ['secretariat', 'presidium'],
  'presidium:openSession': ['presidium'],
  'presidium:startItem': ['presidium'],
  'presidium:openBallot': ['presidium'],
  'presidium:openPrepared': ['presidium'],
  'presidium:openFollowUp': ['presidium'],
  /** R3.11: tellers (计票人) enter the hand counts. */
  'presidium:enterManualCount': ['presidium', 'teller'],
  'presidium:closeBallot': ['presidium'],
  'presidium:publishResult': ['presidium'],
  'presidium:voidBallot': ['presidium'],
  'presidium:closeSession': ['presidium'],
  'presidium:decideRequest': ['chair'],
  'presidium:setWallMode': ['presidium', 'secretariat'],
};

/** Server → client events (no ack). */
export const SERVER_EVENTS = {
  /**
   * The audience's view after a change: PublicView (wall), ConsoleView (staff), and for tablets
   * the shared part, TabletPublicView, rendered once per change for all of them. The first view
   * after connecting (and the meeting:sync answer) is a tablet's whole DelegateView.
   */
  view: 'meeting:view',
  /** Tablets only: this seat's own part (SeatView), when it changes (sign-in, attendance, a vote from another connection). */
  seat: 'meeting:seat',
  /** Throttled aggregate while a ballot is open: `{ ballotId, voted, present }`; console and wall only. */
  turnout: 'ballot:turnout',
  /** To a tablet whose seat was paired on another device, just before it is disconnected. */
  replaced: 'session:replaced',
  /** Staff only: the seat map's throttled changes, tablets online/offline and who voted (seat-map.ts). */
  seatMap: 'seatmap:delta',
} as const;

/**
 * What every tablet of a meeting gets in one push (invariant 5: rendered once per change, not
 * once per tablet): the public view and the spec of its latest ballot. `attendance` and
 * `ballot.voted` are as of the last change that is not attendance alone: sign-ins and votes are
 * not pushed to every tablet; the wall and console have them live. The agenda and the spec ride
 * only in a push that changes them (issue 9): a tablet keeps the last ones it got, and resyncs
 * (meeting:sync, the whole view) when a push names an agenda or a ballot it does not have.
 */
export type TabletPublicView = Omit<PublicView, 'agenda'> & {
  /** A digest of the agenda (agendaKeyOf, tablet-view.ts), in every push. */
  agendaKey: string;
  /** Only when it differs from the previous push's (the key says which one a tablet needs). */
  agenda?: PublicView['agenda'];
  /** Only when `ballot` is another ballot than the previous push's; the spec of `ballot.ballotId`. */
  ballotSpec?: BallotSpec | null;
};

/** A tablet's own part: its seat and its receipt on the ballot named (never the choice). */
export interface SeatView {
  meetingId: string;
  version: number;
  /** The copy it was rendered from, as in every view (view-epoch.ts). */
  epoch?: string;
  seat: DelegateView['seat'];
  myVote: { ballotId: string; receiptId: string; at: number } | null;
}

export interface CastReceipt {
  receiptId: string;
  ballotId: string;
  seatId: string;
  at: number;
}

export interface TurnoutUpdate {
  ballotId: string;
  voted: number;
  present: number;
}

/** Largest payload a socket accepts, in bytes (invariant 6). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/**
 * The transport's heartbeat (Engine.IO's ping): the server pings every PING_INTERVAL_MS and drops
 * a connection whose pong has not come PING_TIMEOUT_MS later; a client that has heard no ping for
 * their sum reconnects (socket.io-client does this by itself, from the handshake's figures). A
 * path that goes silent without a FIN or RST (a proxy host lost, a tablet off the Wi-Fi) is so
 * noticed within 20 s on both ends, not Socket.IO's default 45 s, in which a ballot opened after
 * a failover would not reach an idle tablet. A Wi-Fi stall under 10 s costs no reconnect; the
 * pings of 3,000 tablets are 300 small frames a second.
 */
export const PING_INTERVAL_MS = 10_000;
export const PING_TIMEOUT_MS = 10_000;
