import type { BallotBox, BallotDraft, BallotResult, BallotSpec } from './ballots/kinds';
import type { ManualCounts } from './ballots/manual';
import type { BodyKind } from './quorum';

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

/** Who did something: every staff action is in the log with its actor. */
export interface Actor {
  role: 'secretariat' | 'presidium' | 'delegate' | 'system';
  name: string;
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
  | { type: 'SessionClosed'; at: number; by: Actor };

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

export interface MeetingState {
  version: number;
  spec: MeetingSpec;
  phase: MeetingPhase;
  /** 应到, frozen when the session opens (R0.2); before that, the roster size. */
  total: number;
  seats: Record<string, SeatState>;
  items: Record<string, ItemStatus>;
  currentItemId: string | null;
  /** In opening order. */
  ballotOrder: string[];
  ballots: Record<string, BallotState>;
  /** Register of who voted: ballotId → seatId → participation. */
  voters: Record<string, Record<string, Participation>>;
  /** Ballot boxes: ballotId → multiset of papers. */
  boxes: Record<string, BallotBox>;
}
