import type { Map as PersistentMap } from 'immutable';
import type { BallotDraft, BallotResult, BallotSpec } from './ballots/kinds';
import type { ManualCounts } from './ballots/manual';
import type { BodyKind } from './quorum';
import type { StaffRequest, StaffRequestEvent } from './staff-requests';

export interface Delegate {
  seatId: string;
  /** Printed seat number in the hall, e.g. "3排12座" or "A-012". */
  seatNo: string;
  name: string;
  /** 代表团 / 小组 */
  group: string;
}

export type AgendaItemKind = 'vote' | 'report' | 'other';

export interface AgendaItemSpec {
  itemId: string;
  title: string;
  kind: AgendaItemKind;
  /** A ballot the secretariat prepared for this item (checked with checkBallotSpec at creation). */
  ballot?: BallotDraft;
}

export interface MeetingSpec {
  meetingId: string;
  body: { name: string; kind: BodyKind };
  title: string;
  delegates: Delegate[];
  /** Names of the presidium members (主席团), for the record. */
  presidium: string[];
  agenda: AgendaItemSpec[];
}

/**
 * Who did something: every staff action is in the log with its actor. For staff, `name` is the
 * person's display name, `role` the account role the action was allowed under, and `accountId`
 * the staff account (server/accounts/). Logs written before staff accounts carry only
 * `{ role: 'secretariat' | 'presidium', name }` with a self-chosen name; they still load.
 */
export interface Actor {
  role: 'secretariat' | 'presidium' | 'chair' | 'teller' | 'observer' | 'administrator' | 'delegate' | 'system';
  name: string;
  accountId?: string;
}

export type AttendanceStatus = 'absent' | 'present' | 'on_leave';

export interface QuorumOverride {
  by: string;
  reason: string;
}

export type MeetingEvent =
  | { type: 'MeetingCreated'; at: number; by: Actor; spec: MeetingSpec }
  | { type: 'PairingCodeIssued'; at: number; by: Actor; seatId: string; codeHash: string }
  | { type: 'DevicePaired'; at: number; seatId: string; deviceId: string; codeHash: string }
  | { type: 'AttendanceRecorded'; at: number; by: Actor; seatId: string; status: AttendanceStatus }
  | { type: 'SessionOpened'; at: number; by: Actor; total: number; present: number }
  | { type: 'ItemStarted'; at: number; by: Actor; itemId: string }
  | {
      type: 'BallotOpened';
      at: number;
      by: Actor;
      spec: BallotSpec;
      /** Server time after which no cast is accepted; null when closed by hand. */
      deadline: number | null;
      present: number;
      quorumMet: boolean;
      quorumOverride: QuorumOverride | null;
    }
  | { type: 'BallotClosed'; at: number; by: Actor; ballotId: string; reason: 'presidium' | 'deadline'; present: number }
  | { type: 'ResultPublished'; at: number; by: Actor; ballotId: string; result: BallotResult }
  | { type: 'BallotVoided'; at: number; by: Actor; ballotId: string; reason: string }
  /** R2.4, R2.9, R2.10: a show-of-hands or paper count of a manual ballot, with who entered it. A later entry corrects an earlier one until published. */
  | { type: 'ManualCountEntered'; at: number; by: Actor; ballotId: string; counts: ManualCounts }
  | { type: 'SessionClosed'; at: number; by: Actor }
  /** The two-person rule while a ballot is open (staff-requests.ts): a request, and a chair's decision. */
  | StaffRequestEvent;

export type MeetingEventType = MeetingEvent['type'];

/** The register of who voted. For a named ballot it also holds the choice. */
export interface Participation {
  ballotId: string;
  seatId: string;
  idempotencyKey: string;
  receiptId: string;
  at: number;
  /** Only for named (记名) ballots; null for anonymous/secret ones. */
  choiceKey: string | null;
}

export type BallotStatus = 'open' | 'closed' | 'published' | 'void';

export interface BallotState {
  spec: BallotSpec;
  status: BallotStatus;
  openedAt: number;
  deadline: number | null;
  presentAtOpen: number;
  quorumMet: boolean;
  quorumOverride: QuorumOverride | null;
  closedAt: number | null;
  closeReason: 'presidium' | 'deadline' | null;
  presentAtClose: number | null;
  result: BallotResult | null;
  voidReason: string | null;
  /** Seats present when the ballot closed (attendance is public), for 未表决 and 发出. */
  presentSeatsAtClose: string[] | null;
  /** The latest manual count (method 'manual'), with who entered it. */
  manualCount: { counts: ManualCounts; by: Actor; at: number } | null;
}

export type ItemStatus = 'pending' | 'current' | 'done';

export interface SeatState {
  delegate: Delegate;
  attendance: AttendanceStatus;
  signedInAt: number | null;
  /** The one paired device; a new pairing replaces it. */
  deviceId: string | null;
  /** Hashes of pairing codes issued and not yet used. */
  openCodeHashes: string[];
}

export type MeetingPhase = 'prepared' | 'in_session' | 'closed';

/**
 * Things of a meeting by their id (seats, items, ballots, register entries).
 *
 * Why persistent maps (Immutable.js) and not plain objects or copied Maps:
 * - an id is data from outside: "constructor", "toString" or "__proto__" must name nothing
 *   unless the roster says so (invariant 6). A Map lookup never reaches Object.prototype, and a
 *   "__proto__" key is an entry like any other, so a seat named so can neither vanish from the
 *   roster nor change an object's prototype;
 * - evolve stays pure (decide runs on the cached state, decideAll folds a scratch copy before
 *   the append is known to succeed, change notices keep the state they announce) while an
 *   update costs O(log N) and shares everything else with the state before it: no event copies
 *   a map of N entries (invariant 5). A mutable state would need a defensive copy per command,
 *   which is the O(N) this avoids.
 * Read them with `.get(id)`, `.has(id)` and `.size`; iterate the roster in spec order. Write with
 * `.set` and `.delete` only: `update`/`updateIn`/`merge*` silently skip the keys "constructor" and
 * "__proto__" (Immutable's guard against prototype pollution).
 */
export type IdMap<V> = PersistentMap<string, V>;

export interface MeetingState {
  version: number;
  spec: MeetingSpec;
  phase: MeetingPhase;
  /** 应到, frozen when the session opens (R0.2); before that, the roster size. */
  total: number;
  seats: IdMap<SeatState>;
  /** 实到 now: kept by evolve as attendance changes, never recounted (invariant 5). */
  present: number;
  /** 请假 now, kept like `present`. */
  onLeave: number;
  /** Unused pairing codes: code hash → seat id, so a pairing finds its seat without a scan. */
  openCodes: IdMap<string>;
  items: IdMap<ItemStatus>;
  currentItemId: string | null;
  /** In opening order. */
  ballotOrder: string[];
  ballots: IdMap<BallotState>;
  /**
   * Register of who voted: ballotId → seatId → participation. A register's `size` is the
   * ballot's turnout, kept by the map itself (O(1), invariant 5).
   */
  voters: IdMap<IdMap<Participation>>;
  /**
   * Ballot boxes: ballotId → paper key → count (a multiset of papers). Persistent too, so a cast
   * adds its paper in O(log K) however many distinct papers the box holds; read one as a plain
   * BallotBox with boxOf (evolve.ts).
   */
  boxes: IdMap<IdMap<number>>;
  /** Changes asked for while a ballot was open, in order, with the chair's decisions (staff-requests.ts). */
  staffRequests: StaffRequest[];
}
