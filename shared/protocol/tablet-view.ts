import type { DelegateView } from '../domain/views';
import type { SeatView, TabletPublicView } from './socket';

/**
 * A tablet's view is two parts pushed separately (docs/PROTOCOL.md §5): the shared part every
 * tablet of the meeting gets (`meeting:view`, TabletPublicView) and its own seat's part
 * (`meeting:seat`, SeatView). This puts them back together as the DelegateView a screen shows.
 * Pure, no zod: the tablet bundle and the tests use it alike.
 */
export function composeTabletView(shared: TabletPublicView, own: SeatView): DelegateView {
  const ballotId = shared.ballot?.ballotId ?? null;
  const mine = own.myVote !== null && own.myVote.ballotId === ballotId ? own.myVote : null;
  return { ...shared, seat: own.seat, myVote: mine ? { receiptId: mine.receiptId, at: mine.at } : null };
}

/** The two parts of a whole DelegateView (the first view after connecting, a meeting:sync answer). */
export function splitTabletView(view: DelegateView): { shared: TabletPublicView; own: SeatView } {
  const { seat, myVote, ...shared } = view;
  const ballotId = view.ballot?.ballotId;
  return {
    shared,
    own: {
      meetingId: view.meetingId,
      version: view.version,
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
 * Keeps a tablet's two parts up to date, whatever order they arrive in. Each part keeps the
 * highest version seen (votes do not bump versions, so an equal one may be fresher). A receipt
 * once known stays: a vote is never taken back, and an answer rendered before it may arrive after.
 */
export class TabletViewParts {
  shared: TabletPublicView | null = null;
  own: SeatView | null = null;

  /** A `meeting:view` push or a sync answer; returns the composed view when both parts are known. */
  acceptView(view: TabletPublicView | DelegateView): DelegateView | null {
    if (isWholeTabletView(view)) {
      const { shared, own } = splitTabletView(view);
      this.takeShared(shared);
      this.takeOwn(own);
    } else {
      this.takeShared(view);
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

  private takeShared(shared: TabletPublicView): void {
    if (this.shared && shared.version < this.shared.version) return;
    this.shared = shared;
  }

  private takeOwn(own: SeatView): void {
    if (this.own && own.version < this.own.version) return;
    const known = this.own?.myVote ?? null;
    const keepKnown = own.myVote === null && known !== null;
    this.own = keepKnown ? { ...own, myVote: known } : own;
  }
}
