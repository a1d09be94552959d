import type { BallotSpec } from '../domain/ballots/kinds';
import type { DelegateView, PublicView } from '../domain/views';
import type { SeatView, TabletPublicView } from './socket';
import { judgeView } from './view-epoch';

/**
 * The shared part of a tablet's view once put together: the public view and the spec of its
 * latest ballot, as every tablet of the meeting shows them (a whole DelegateView without its seat).
 */
export type TabletSharedPart = PublicView & { ballotSpec: BallotSpec | null };

/**
 * A tablet's view is two parts pushed separately (docs/PROTOCOL.md §5): the shared part every
 * tablet of the meeting gets (`meeting:view`, TabletPublicView) and its own seat's part
 * (`meeting:seat`, SeatView). This puts them back together as the DelegateView a screen shows.
 * Pure, no zod: the tablet bundle and the tests use it alike.
 */
export function composeTabletView(shared: TabletSharedPart, own: SeatView): DelegateView {
  const ballotId = shared.ballot?.ballotId ?? null;
  const mine = own.myVote !== null && own.myVote.ballotId === ballotId ? own.myVote : null;
  return { ...shared, seat: own.seat, myVote: mine ? { receiptId: mine.receiptId, at: mine.at } : null };
}

/** The two parts of a whole DelegateView (the first view after connecting, a meeting:sync answer). */
export function splitTabletView(view: DelegateView): { shared: TabletSharedPart; own: SeatView } {
  const { seat, myVote, ...shared } = view;
  const ballotId = view.ballot?.ballotId;
  return {
    shared,
    own: {
      meetingId: view.meetingId,
      version: view.version,
      // Both parts of a whole view come from one copy.
      ...(view.epoch !== undefined ? { epoch: view.epoch } : {}),
      seat,
      myVote: myVote && ballotId ? { ballotId, ...myVote } : null,
    },
  };
}

/** Whether a `meeting:view` payload is a whole DelegateView rather than the shared part only. */
export function isWholeTabletView(view: TabletPublicView | DelegateView): view is DelegateView {
  return 'seat' in view && view.seat !== undefined;
}

/**
 * A digest of an agenda (FNV-1a, 32 bits, over its JSON): the server puts it in every tablet
 * push, and sends the agenda itself only when the digest changed since its previous push. A
 * tablet computes it of the agenda it holds, so it knows whether a push's agenda is the one it
 * has without being sent it again. Same input, same key, on every node and in the browser.
 */
export function agendaKeyOf(agenda: PublicView['agenda']): string {
  const text = JSON.stringify(agenda);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length.toString(36)}.${(hash >>> 0).toString(36)}`;
}

/**
 * The push for every tablet: the shared part, less the agenda unless its key differs from
 * `previous.agendaKey`, and less the spec unless the ballot differs from `previous.ballotId`
 * (a ballot's spec never changes once it is open). `previous` null: everything.
 */
export function tabletPush(
  shared: TabletSharedPart,
  previous: { agendaKey: string; ballotId: string | null } | null,
): TabletPublicView {
  const { agenda, ballotSpec, ...rest } = shared;
  const agendaKey = agendaKeyOf(agenda);
  const ballotId = shared.ballot?.ballotId ?? null;
  return {
    ...rest,
    agendaKey,
    ...(previous?.agendaKey === agendaKey ? {} : { agenda }),
    ...(previous !== null && previous.ballotId === ballotId ? {} : { ballotSpec }),
  };
}

/** What a push carries: the agenda's key and the ballot, whether or not the agenda and spec ride along. */
export function pushMarks(push: TabletPublicView): { agendaKey: string; ballotId: string | null } {
  return { agendaKey: push.agendaKey, ballotId: push.ballot?.ballotId ?? null };
}

/**
 * Keeps a tablet's two parts up to date, whatever order they arrive in. Each part is judged on
 * its own by judgeView (view-epoch.ts): within one epoch it keeps the highest version seen (votes
 * do not bump versions, so an equal one may be fresher); a part of another epoch is taken whatever
 * its version. A receipt once known stays: a vote is never taken back, and an answer rendered
 * before it may arrive after.
 *
 * A push without the agenda or the spec re-uses the ones kept, but only when the push names
 * them: the same agenda key, the same ballot id (a spec is never shown for another ballot), and
 * the same epoch (what another copy's pushes left out says nothing about this one's). Otherwise
 * the tablet missed the push that carried them: the push is set aside and `needsSync` says to
 * ask for the whole view (meeting:sync), which brings everything.
 */
export class TabletViewParts {
  shared: TabletSharedPart | null = null;
  own: SeatView | null = null;
  /** A push could not be completed from what is kept: ask for the whole view. */
  needsSync = false;
  private agendaKey: string | null = null;

  /** A `meeting:view` push or a sync answer; returns the composed view when both parts are known. */
  acceptView(view: TabletPublicView | DelegateView): DelegateView | null {
    if (isWholeTabletView(view)) {
      const { shared, own } = splitTabletView(view);
      this.takeShared(shared);
      this.takeOwn(own);
    } else {
      const shared = this.complete(view);
      if (shared) this.takeShared(shared);
    }
    return this.composed();
  }

  acceptSeat(own: SeatView): DelegateView | null {
    this.takeOwn(own);
    return this.composed();
  }

  /** The ack of this tablet's own cast: the receipt is on record (the server sends no push for it). */
  acceptReceipt(receipt: { ballotId: string; receiptId: string; at: number }): DelegateView | null {
    if (this.own) this.own = { ...this.own, myVote: { ...receipt } };
    return this.composed();
  }

  composed(): DelegateView | null {
    return this.shared && this.own ? composeTabletView(this.shared, this.own) : null;
  }

  /** A push made whole from the agenda and spec kept, or null when they are not the ones it names. */
  private complete(push: TabletPublicView): TabletSharedPart | null {
    const verdict = judgeView(this.shared, push);
    if (verdict === 'drop') return null;
    const { agendaKey, agenda: pushedAgenda, ballotSpec: pushedSpec, ...rest } = push;
    // Another epoch: nothing kept from the old copy completes the push.
    const kept = verdict === 'take' ? this.shared : null;
    const agenda = pushedAgenda ?? (kept && this.agendaKey === agendaKey ? kept.agenda : undefined);
    const ballotId = push.ballot?.ballotId ?? null;
    const sameBallot = kept !== null && (kept.ballot?.ballotId ?? null) === ballotId;
    const ballotSpec = pushedSpec !== undefined ? pushedSpec : sameBallot ? kept.ballotSpec : ballotId === null ? null : undefined;
    if (agenda === undefined || ballotSpec === undefined) {
      this.needsSync = true;
      return null;
    }
    return { ...rest, agenda, ballotSpec };
  }

  private takeShared(shared: TabletSharedPart): void {
    if (judgeView(this.shared, shared) === 'drop') return;
    this.shared = shared;
    this.agendaKey = agendaKeyOf(shared.agenda);
    this.needsSync = false;
  }

  private takeOwn(own: SeatView): void {
    if (judgeView(this.own, own) === 'drop') return;
    const known = this.own?.myVote ?? null;
    const keepKnown = own.myVote === null && known !== null;
    this.own = keepKnown ? { ...own, myVote: known } : own;
  }
}
