import type { BallotDraft, BallotResult, BallotSpec } from './ballots/kinds';
import type { ManualCounts } from './ballots/manual';
import type { BodyKind } from './quorum';
import type { MeetingSettings } from './settings';
// Issue 9: the feature types come from leaves (never the feature modules, which import this one).
import type { Actor, AttendanceStatus, IdMap } from './actor';
import type { SpeakingEvent, SpeakingState } from './speaking-types';
import type { StaffRequest, StaffRequestEvent } from './staff-requests-types';
import type { WallModeSetEvent, WallSetting } from './wall-mode-types';
import type { CountdownEvent } from './countdown-types';
import type { RollMark, SittingEvent, SittingsState } from './sittings-types';
import type { PendingVoid, VoidConfirmationEvent } from './void-confirmation-types';

// Defined in the leaf actor.ts; kept here so importers elsewhere need no change.
export type { Actor, AttendanceStatus, IdMap } from './actor';

export interface Delegate {
  seatId: string;
  /** Printed seat number in the hall, e.g. "3排12座" or "A-012". */
  seatNo: string;
  name: string;
  /** 代表团 / 小组 */
  group: string;
  /** 1-based hall position from the seat layout (preparation/seat-layout.ts), for the seat map. */
  row?: number;
  column?: number;
  /** 性别, 民族 as the roster file gives them. */
  gender?: string;
  ethnicity?: string;
  /** 代表类别, or a street-congress member's type 人大代表/政协委员/居民 (R6.3). */
  category?: string;
}

/** 'report' = 报告/审议, 'inquiry' = 询问/质询 (R7.7); neither offers a vote form. */
export type AgendaItemKind = 'vote' | 'report' | 'inquiry' | 'election' | 'rating' | 'other';

/** An attachment of an agenda item; content served by GET /api/meetings/:meetingId/documents/:docId. */
export interface AgendaDocument {
  docId: string;
  title: string;
  kind: 'text' | 'pdf';
  bytes: number;
}

/** A seat left empty since the roster was fixed (出缺): it no longer counts in 应到 (R0.2). */
export interface Vacancy {
  seatNo: string;
  name: string;
  reason: string;
}

export interface AgendaItemSpec {
  itemId: string;
  title: string;
  kind: AgendaItemKind;
  /** A ballot the secretariat prepared for this item (checked with checkBallotSpec at creation). */
  ballot?: BallotDraft;
  documents?: AgendaDocument[];
}

export interface MeetingSpec {
  meetingId: string;
  /** bodyId: the lasting body (shared/domain/year/) this meeting belongs to, when made from one (issue 12). */
  body: { name: string; kind: BodyKind; bodyId?: string };
  title: string;
  delegates: Delegate[];
  /** Names of the presidium members (主席团), for the record. */
  presidium: string[];
  agenda: AgendaItemSpec[];
  /** Per-meeting R8 settings; read through settingsOf (settings.ts), which fills the defaults. */
  settings?: Partial<MeetingSettings>;
  /** 第N次会议 */
  sessionNo?: number;
  /** First and last day, YYYY-MM-DD. */
  dates?: { start: string; end: string };
  /** Seats left vacant since the roster was fixed, for the record (R0.2). */
  vacancies?: Vacancy[];
  /** The hall's seat grid (preparation/seat-layout.ts); delegates carry row/column inside it. */
  hall?: { rows: number; columns: number };
}

export interface QuorumOverride {
  by: string;
  reason: string;
}

export type MeetingEvent =
  | { type: 'MeetingCreated'; at: number; by: Actor; spec: MeetingSpec }
  | { type: 'PairingCodeIssued'; at: number; by: Actor; seatId: string; codeHash: string }
  | { type: 'DevicePaired'; at: number; seatId: string; deviceId: string; codeHash: string }
  | {
      type: 'AttendanceRecorded';
      at: number;
      by: Actor;
      seatId: string;
      status: AttendanceStatus;
      /** The sitting whose roll this marks (sittings.ts); absent in logs written before sittings. */
      sittingId?: string;
      /** Signed in after the sign-in window closed. */
      late?: true;
      /** 请假 reason, or why a staff member signed the delegate in by hand. */
      reason?: string;
    }
  | { type: 'SessionOpened'; at: number; by: Actor; total: number; present: number }
  /** `reopenReason`: a finished item taken up again (next-action.ts: never by one tap). */
  | { type: 'ItemStarted'; at: number; by: Actor; itemId: string; reopenReason?: string }
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
      /** The sitting it was held in (sittings.ts); absent in logs written before sittings. */
      sittingId?: string;
    }
  | { type: 'BallotClosed'; at: number; by: Actor; ballotId: string; reason: 'presidium' | 'deadline'; present: number }
  | { type: 'ResultPublished'; at: number; by: Actor; ballotId: string; result: BallotResult }
  | { type: 'BallotVoided'; at: number; by: Actor; ballotId: string; reason: string }
  /** R2.4, R2.9, R2.10: a show-of-hands or paper count of a manual ballot, with who entered it. A later entry corrects an earlier one until published. */
  | { type: 'ManualCountEntered'; at: number; by: Actor; ballotId: string; counts: ManualCounts }
  | { type: 'SessionClosed'; at: number; by: Actor }
  /** The secretariat's revision of the prepared meeting (preparation/revision.ts). */
  | { type: 'MeetingRevised'; at: number; by: Actor; spec: MeetingSpec }
  /** An agenda item's attachment; `content` is base64 and stays in the log, never in the state. */
  | { type: 'DocumentAttached'; at: number; by: Actor; itemId: string; document: AgendaDocument; content: string }
  /** The two-person rule while a ballot is open (staff-requests.ts): a request, and a chair's decision. */
  | StaffRequestEvent
  /** What the results wall shows, chosen on the console (wall-mode.ts). */
  | WallModeSetEvent
  /** A seat card voided by the secretariat: its unused code no longer pairs (seat-cards, OPERATIONS.md). */
  | { type: 'PairingCodeRevoked'; at: number; by: Actor; seatId: string }
  /** Speaking requests (申请发言 / 询问) and the floor (speaking.ts). */
  | SpeakingEvent
  /** Sittings and their rolls (sittings.ts). */
  | SittingEvent
  /** Extend, pause, resume an open ballot's countdown (countdown.ts). */
  | CountdownEvent
  /** Voiding a published result takes two presidium members (void-confirmation.ts). */
  | VoidConfirmationEvent;

export type MeetingEventType = MeetingEvent['type'];

/**
 * One entry of a ballot's register (登记): this seat voted, with this idempotency key and receipt,
 * at this time. For a named ballot it also holds the choice; a secret ballot's never does. "The
 * register" is a ballot's entries; `MeetingState.registers` holds every ballot's, and a store's
 * `VoteRecords.register` the entries it read. Only an archive file calls the list
 * `participations` (the field name archives were written with: `ArchivedVotes`); "participation"
 * alone means turnout (参加表决, `requireHalfParticipation`).
 */
export interface RegisterEntry {
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
  /** The sitting it was held in (sittings.ts). */
  sittingId?: string;
  /** While its countdown is paused: the time it had left (countdown.ts); `deadline` is null meanwhile. */
  pausedRemainingMs?: number | null;
  /** A request to void this published result, waiting for a second presidium member (void-confirmation.ts). */
  pendingVoid?: PendingVoid | null;
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
  /** Who marked this seat on the current sitting's roll, when and why (sittings.ts); null/absent while 未签到. */
  roll?: RollMark | null;
}

export type MeetingPhase = 'prepared' | 'in_session' | 'closed';

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
   * Register of who voted: ballotId → seatId → register entry. A register's `size` is the
   * ballot's turnout, kept by the map itself (O(1), invariant 5).
   */
  registers: IdMap<IdMap<RegisterEntry>>;
  /**
   * Ballot boxes: ballotId → paper key → count (a multiset of papers). Persistent too, so a cast
   * adds its paper in O(log K) however many distinct papers the box holds; read one as a plain
   * BallotBox with boxOf (evolve.ts).
   */
  boxes: IdMap<IdMap<number>>;
  /** Changes asked for while a ballot was open, in order, with the chair's decisions (staff-requests.ts). */
  staffRequests: StaffRequest[];
  /** The wall's mode (wall-mode.ts); absent until the first WallModeSet, read with wallOf. */
  wall?: WallSetting;
  /** Speaking requests and the floor (speaking.ts); absent until the first one, read with speakingOf. */
  speaking?: SpeakingState;
  /** Sittings and the 缺席 counter (sittings.ts); absent until the first sitting, read with sittingsOf. */
  sittings?: SittingsState;
}
