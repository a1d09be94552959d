import { countClosedBallot } from './ballot-count';
import { methodOf, type BallotDraft, type BallotMethod, type BallotResult, type BallotSpec, type FollowUpOf } from './ballots/kinds';
import { onLeaveCount, presentCount, turnout } from './evolve';
import type { AttendanceStatus, BallotStatus, MeetingPhase, MeetingState, QuorumOverride } from './meeting';
import { checkQuorum, type BodyKind, type QuorumCheck } from './quorum';
import type { ManualCounts } from './ballots/manual';
import { requestView, type StaffRequestView } from './staff-requests';

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
}

export interface PublicView {
  meetingId: string;
  version: number;
  title: string;
  body: { name: string; kind: BodyKind };
  phase: MeetingPhase;
  attendance: { total: number; present: number; onLeave: number; quorum: QuorumCheck };
  /** `ballot` (the prepared draft) only in the console view. */
  agenda: { itemId: string; title: string; status: string; ballot?: BallotDraft }[];
  currentItemId: string | null;
  /** The ballot now open, or the latest one. */
  ballot: BallotView | null;
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
}

export interface ConsoleView extends Omit<PublicView, 'ballot'> {
  presidium: string[];
  seats: {
    seatId: string;
    seatNo: string;
    name: string;
    group: string;
    attendance: AttendanceStatus;
    paired: boolean;
  }[];
  ballots: ConsoleBallotView[];
  /** Changes asked for while a ballot was open, newest first: pending ones await a chair (staff-requests.ts). */
  requests: StaffRequestView[];
}

export interface DelegateView extends PublicView {
  seat: { seatId: string; seatNo: string; name: string; group: string; attendance: AttendanceStatus };
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
    },
    agenda: state.spec.agenda.map((item) => ({
      itemId: item.itemId,
      title: item.title,
      status: state.items.get(item.itemId) ?? 'pending',
    })),
    currentItemId: state.currentItemId,
    ballot: latest ? ballotView(state, latest) : null,
  };
}

export function delegateView(state: MeetingState, seatId: string): DelegateView | null {
  const seat = state.seats.get(seatId);
  if (!seat) return null;
  const view = publicView(state);
  const latest = latestBallotId(state);
  const mine = latest ? state.voters.get(latest)?.get(seatId) : undefined;
  return {
    ...view,
    seat: { ...seat.delegate, attendance: seat.attendance },
    myVote: mine ? { receiptId: mine.receiptId, at: mine.at } : null,
    ballotSpec: latest ? (state.ballots.get(latest)?.spec ?? null) : null,
  };
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
    // Roster order: the console lists seats as the secretariat entered them.
    seats: state.spec.delegates.flatMap((d) => state.seats.get(d.seatId) ?? []).map((s) => ({
      seatId: s.delegate.seatId,
      seatNo: s.delegate.seatNo,
      name: s.delegate.name,
      group: s.delegate.group,
      attendance: s.attendance,
      paired: s.deviceId !== null,
    })),
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
      };
      return [entry];
    }),
    requests: state.staffRequests.map(requestView).reverse(),
  };
}
