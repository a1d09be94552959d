import { countClosedBallot } from './ballot-count';
import { methodOf, type BallotDraft, type BallotMethod, type BallotResult, type BallotSpec, type FollowUpOf } from './ballots/kinds';
import { onLeaveCount, presentCount, registerEntryOf, turnout } from './evolve';
import type { AgendaDocument, AgendaItemKind, AttendanceStatus, BallotStatus, MeetingPhase, MeetingState, QuorumOverride, SeatState } from './meeting';
import { mergedRecord } from './merged-record';
import { checkQuorum, type BodyKind, type QuorumCheck } from './quorum';
import type { ManualCounts } from './ballots/manual';
import { requestView, type StaffRequestView } from './staff-requests';
import {
  absentCount,
  consoleSittingsView,
  notSignedInCount,
  publicSittingView,
  type ConsoleSittingView,
  type PublicSittingView,
} from './sittings';
import { pausedRemaining } from './countdown';
import { pendingVoidView } from './void-confirmation';
import { wallView, type WallView } from './wall-mode';
import { consoleSeatRows, consoleSeatsKey, type ConsoleSeatRow } from './console-seats';
import { settingsOf } from './settings';
import {
  delegateLookup,
  floorQueueView,
  publicSpeakingView,
  seatFloorView,
  speakingOf,
  type ConsoleFloorRequestView,
  type PublicSpeakingView,
  type SeatFloorView,
} from './speaking';

/**
 * Per-audience views (architecture: fan-out sends each audience its own view). No view ever
 * carries a delegate's choice, and a result appears only once published (R2.8).
 */
export interface BallotView {
  ballotId: string;
  itemId: string;
  title: string;
  kind: BallotSpec['kind'];
  secrecy: BallotSpec['secrecy'];
  status: BallotStatus;
  openedAt: number;
  deadline: number | null;
  voted: number;
  /** Only when published. */
  result: BallotResult | null;
  voidReason: string | null;
  rerunOf: string | null;
  /** electronic, or manual (counts entered by the presidium). */
  method: BallotMethod;
  followUpOf: FollowUpOf | null;
  /** Who entered the manual count and when (R2.9); null for electronic ballots. */
  manualEntry: { by: string; role: string; at: number } | null;
  /** While the countdown is paused, the time it has left (countdown.ts); `deadline` is null then. */
  pausedRemainingMs: number | null;
}

export interface PublicView {
  meetingId: string;
  version: number;
  /**
   * Names the node's copy of the meeting the view was rendered from (ViewStamp,
   * shared/protocol/view-epoch.ts): versions order the views of one epoch only. The server adds
   * it to every view it sends (server/service/copy-epochs.ts); the renderers here leave it out.
   */
  epoch?: string;
  title: string;
  body: { name: string; kind: BodyKind };
  phase: MeetingPhase;
  /** notSignedIn (未签到) and absent (缺席): the current sitting's roll (sittings.ts). */
  attendance: { total: number; present: number; onLeave: number; quorum: QuorumCheck; notSignedIn: number; absent: number };
  /** The sitting now running or last run (sittings.ts); null before the first one. */
  sitting: PublicSittingView | null;
  /** `ballot` (the prepared draft) only in the console view. */
  /** `kind` and `documents` (metadata only: content via GET …/documents/:docId) are optional for old clients. */
  agenda: { itemId: string; title: string; status: string; kind?: AgendaItemKind; documents?: AgendaDocument[]; ballot?: BallotDraft }[];
  currentItemId: string | null;
  /** The ballot now open, or the latest one. */
  ballot: BallotView | null;
  /** What the results wall shows (wall-mode.ts): every wall of the meeting follows it. */
  wall: WallView;
  /** Who holds the floor and how many wait (speaking.ts); the wall's speaker mode shows it. */
  speaking: PublicSpeakingView;
}

export interface ConsoleBallotView extends BallotView {
  spec: BallotSpec;
  presentAtOpen: number;
  quorumMet: boolean;
  quorumOverride: QuorumOverride | null;
  closeReason: 'presidium' | 'deadline' | null;
  /** Counted result, available to the presidium once closed so it can review before publishing. */
  pendingResult: BallotResult | null;
  /** The manual counts as entered, for review and correction before publishing. */
  manualCounts: ManualCounts | null;
  /** The sitting it was held in (sittings.ts); null in logs that never had one. */
  sittingId: string | null;
  /** A request to void this published result, waiting for a second presidium member (void-confirmation.ts). */
  pendingVoid: { by: string; role: string; at: number; reason: string } | null;
}

export interface ConsoleView extends Omit<PublicView, 'ballot'> {
  presidium: string[];
  seats: ConsoleSeatRow[];
  /**
   * Names `seats`: the same key for the same list. A push to the consoles leaves the seats out
   * when they are those of the previous push (docs/PROTOCOL.md §5, console-view.ts).
   */
  seatsKey: string;
  ballots: ConsoleBallotView[];
  /** Changes asked for while a ballot was open, newest first: pending ones await a chair (staff-requests.ts). */
  requests: StaffRequestView[];
  /** Waiting speaking requests, oldest first (speaking.ts). */
  speakingQueue: ConsoleFloorRequestView[];
  /** Every sitting with its figures, in order (sittings.ts). */
  sittings: ConsoleSittingView[];
  /** R8 speakingLimitSeconds (settings.ts): where the presidium's grant form starts; null = no limit. */
  speakingLimitSeconds: number | null;
}

export interface DelegateView extends PublicView {
  /** `floor`: this seat's own speaking request, waiting or speaking (speaking.ts). */
  seat: { seatId: string; seatNo: string; name: string; group: string; attendance: AttendanceStatus; floor?: SeatFloorView | null };
  /** Whether this seat has voted on `ballot`, with its receipt. Never the choice. */
  myVote: { receiptId: string; at: number } | null;
  ballotSpec: BallotSpec | null;
}

function ballotView(state: MeetingState, ballotId: string): BallotView | null {
  const b = state.ballots.get(ballotId);
  if (!b) return null;
  return {
    ballotId,
    itemId: b.spec.itemId,
    title: b.spec.title,
    kind: b.spec.kind,
    secrecy: b.spec.secrecy,
    status: b.status,
    openedAt: b.openedAt,
    deadline: b.deadline,
    voted: turnout(state, ballotId),
    result: b.status === 'published' ? b.result : null,
    voidReason: b.voidReason,
    rerunOf: b.spec.rerunOf,
    method: methodOf(b.spec),
    followUpOf: b.spec.followUpOf ?? null,
    manualEntry: b.manualCount ? { by: b.manualCount.by.name, role: b.manualCount.by.role, at: b.manualCount.at } : null,
    pausedRemainingMs: pausedRemaining(b),
  };
}

export function latestBallotId(state: MeetingState): string | null {
  return state.ballotOrder[state.ballotOrder.length - 1] ?? null;
}

export function publicView(state: MeetingState): PublicView {
  const present = presentCount(state);
  const latest = latestBallotId(state);
  return {
    meetingId: state.spec.meetingId,
    version: state.version,
    title: state.spec.title,
    body: state.spec.body,
    phase: state.phase,
    attendance: {
      total: state.total,
      present,
      onLeave: onLeaveCount(state),
      quorum: checkQuorum(state.spec.body.kind, present, state.total),
      notSignedIn: notSignedInCount(state),
      absent: absentCount(state),
    },
    agenda: state.spec.agenda.map((item) => ({
      itemId: item.itemId,
      title: item.title,
      status: state.items.get(item.itemId) ?? 'pending',
      kind: item.kind,
      ...(item.documents && item.documents.length > 0 ? { documents: item.documents } : {}),
    })),
    currentItemId: state.currentItemId,
    ballot: latest ? ballotView(state, latest) : null,
    sitting: publicSittingView(state),
    wall: wallView(state),
    speaking: publicSpeakingView(speakingOf(state), delegateLookup(state)),
  };
}

export function delegateView(state: MeetingState, seatId: string): DelegateView | null {
  const seat = state.seats.get(seatId);
  if (!seat) return null;
  const view = publicView(state);
  const latest = latestBallotId(state);
  const mine = latest ? registerEntryOf(state, latest, seatId) : undefined;
  return mergedRecord(view, {
    seat: seatPartOf(state, seat),
    myVote: mine ? { receiptId: mine.receiptId, at: mine.at } : null,
    ballotSpec: latestBallotSpec(state),
  });
}

/** The spec of the open ballot, or of the latest one: what a tablet's view fills its paper from. */
export function latestBallotSpec(state: MeetingState): BallotSpec | null {
  const latest = latestBallotId(state);
  return latest ? (state.ballots.get(latest)?.spec ?? null) : null;
}

/**
 * A seat as its own tablet's views show it: the delegate, the attendance and the seat's speaking
 * request. Built once per tablet per push, so with mergedRecord: every seat's then shares one
 * hidden class, where a spread gave each its own (1–4 µs more and ~145 bytes of old space each,
 * freed only by a full GC: docs/BENCHMARKS.md, "Seat views with one hidden class").
 */
export function seatPartOf(state: MeetingState, seat: SeatState): DelegateView['seat'] {
  return mergedRecord(seat.delegate, { attendance: seat.attendance, floor: seatFloorView(speakingOf(state), seat.delegate.seatId) });
}

export function consoleView(state: MeetingState): ConsoleView {
  const { ballot: _latest, ...view } = publicView(state);
  const drafts = new Map(state.spec.agenda.flatMap((item) => (item.ballot ? [[item.itemId, item.ballot] as const] : [])));
  return {
    ...view,
    agenda: view.agenda.map((item) => {
      const draft = drafts.get(item.itemId);
      return draft ? { ...item, ballot: draft } : item;
    }),
    presidium: state.spec.presidium,
    seats: consoleSeatRows(state),
    seatsKey: consoleSeatsKey(state),
    ballots: state.ballotOrder.flatMap((id) => {
      const b = state.ballots.get(id);
      const view = ballotView(state, id);
      if (!b || !view) return [];
      const entry: ConsoleBallotView = {
        ...view,
        spec: b.spec,
        presentAtOpen: b.presentAtOpen,
        quorumMet: b.quorumMet,
        quorumOverride: b.quorumOverride,
        closeReason: b.closeReason,
        pendingResult: b.status === 'closed' ? countClosedBallot(state, id) : b.result,
        manualCounts: b.manualCount?.counts ?? null,
        sittingId: b.sittingId ?? null,
        pendingVoid: pendingVoidView(b),
      };
      return [entry];
    }),
    requests: state.staffRequests.map(requestView).reverse(),
    speakingQueue: floorQueueView(speakingOf(state), delegateLookup(state)),
    sittings: consoleSittingsView(state),
    speakingLimitSeconds: settingsOf(state.spec).speakingLimitSeconds,
  };
}
