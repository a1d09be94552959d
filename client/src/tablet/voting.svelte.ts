import type { DelegateView } from '../../../shared/domain/views';
import type { LiveMeeting } from '../lib/live.svelte';
import { retryPauseMs } from '../../../shared/protocol/retry-pause';
import { isTransient, type Refusal } from '../lib/protocol';
import { randomId } from '../lib/random';
import type { Paper } from './paper';
import { clearPendingCast, loadPendingCast, savePendingCast, type PendingCast } from './pending-cast';

export type VoteStage =
  | { kind: 'idle' }
  | { kind: 'confirm'; ballotId: string; paper: Paper }
  | { kind: 'sending'; ballotId: string; paper: Paper; retrying: boolean }
  | { kind: 'recorded'; ballotId: string; receiptId: string | null }
  | { kind: 'refused'; ballotId: string; refusal: Refusal };

/** The longest a RATE_LIMITED answer may make a cast wait before it is sent again. */
const MAX_RATE_LIMITED_WAIT_MS = 10_000;

/** RATE_LIMITED says when to send again (details.retryAfterMs); other transient refusals wait about 3 s (retry-pause.ts). */
function retryDelayMs(refusal: Refusal): number {
  const after = refusal.details?.['retryAfterMs'];
  if (refusal.code !== 'RATE_LIMITED' || typeof after !== 'number' || !Number.isFinite(after)) return retryPauseMs();
  return Math.min(Math.max(after, 100), MAX_RATE_LIMITED_WAIT_MS);
}

/**
 * The delegate's path through one ballot, whatever its kind: fill in the paper → review and
 * confirm → sending → recorded (or refused). Owns the pending cast: it is kept until the server
 * answers for it, and resent with the same key and paper after a timeout, a reconnect or a reload.
 */
export class VoteFlow {
  stage = $state<VoteStage>({ kind: 'idle' });
  /** The paper the delegate took back from the review step, so its marks are not lost on "change". */
  draft = $state<{ ballotId: string; paper: Paper } | null>(null);
  /** Mirrors the stored pending cast; memory is the truth if storage is unavailable. */
  private pending: PendingCast | null;
  private inFlight = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly live: LiveMeeting<DelegateView>,
    private readonly seatId: string,
  ) {
    const pending = loadPendingCast(seatId);
    this.pending = pending;
    if (pending) this.stage = { kind: 'sending', ballotId: pending.ballotId, paper: pending.paper, retrying: false };
    this.unsubscribe.push(
      live.onView((view) => this.reconcile(view)),
      live.onOnline(() => this.resend()),
    );
  }

  /** The paper is complete and checked by its screen: show it back for review. */
  pick(ballotId: string, paper: Paper): void {
    this.stage = { kind: 'confirm', ballotId, paper };
  }

  /** Back to filling in, keeping the reviewed (or refused) paper as the starting point. */
  back(): void {
    const stage = this.stage;
    if (stage.kind === 'confirm') this.draft = { ballotId: stage.ballotId, paper: stage.paper };
    this.stage = { kind: 'idle' };
  }

  /** The paper to start from on this ballot's screen, if the delegate came back to change it. */
  draftFor(ballotId: string): Paper | null {
    return this.draft?.ballotId === ballotId ? this.draft.paper : null;
  }

  confirm(): void {
    if (this.stage.kind !== 'confirm') return;
    const { ballotId, paper } = this.stage;
    // One key per confirmed paper; stored before the first send so no retry can ever mint a second.
    const pending: PendingCast = { seatId: this.seatId, ballotId, key: randomId(), paper };
    this.pending = pending;
    this.draft = { ballotId, paper };
    savePendingCast(pending);
    this.stage = { kind: 'sending', ballotId, paper, retrying: false };
    void this.send(pending);
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.clearRetry();
  }

  private resend(): void {
    if (this.pending) void this.send(this.pending);
  }

  private async send(pending: PendingCast): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    this.clearRetry();
    const ack = await this.live.connection.request('ballot:cast', {
      ballotId: pending.ballotId,
      idempotencyKey: pending.key,
      choice: pending.paper,
    });
    this.inFlight = false;
    // The view may have settled this cast while the ack was on its way.
    if (this.pending?.key !== pending.key) return;
    if (ack.ok) {
      // duplicate:true is the answer to a resend of a cast already recorded: success all the same.
      this.settle({ kind: 'recorded', ballotId: pending.ballotId, receiptId: ack.receipt.receiptId });
      // The ack is the only news of this vote the tablet gets: the view takes the receipt from it.
      this.live.recordReceipt(ack.receipt);
    } else if (ack.code === 'ALREADY_VOTED') {
      this.settle({ kind: 'recorded', ballotId: pending.ballotId, receiptId: this.myReceipt(pending.ballotId) });
    } else if (isTransient(ack.code)) {
      this.stage = { kind: 'sending', ballotId: pending.ballotId, paper: pending.paper, retrying: true };
      // Offline: the reconnect resends. Connected but unanswered, busy or rate-limited: the same
      // key and paper again shortly, never a new key (the server answers a repeat with the first receipt).
      if (this.live.connection.connected) this.retryTimer = setTimeout(() => this.resend(), retryDelayMs(ack));
    } else {
      this.settle({ kind: 'refused', ballotId: pending.ballotId, refusal: ack });
    }
  }

  /** Brings the local stage in line with the server's view of this seat and ballot. */
  private reconcile(view: DelegateView): void {
    const ballot = view.ballot;
    const pending = this.pending;
    if (pending) {
      if (ballot?.ballotId === pending.ballotId && view.myVote) {
        this.settle({ kind: 'recorded', ballotId: pending.ballotId, receiptId: view.myVote.receiptId });
      } else if (ballot?.ballotId !== pending.ballotId || ballot.status !== 'open') {
        // That ballot is over or gone; the server refuses late casts whatever we send.
        this.settle({ kind: 'idle' });
      } else {
        void this.send(pending);
      }
      return;
    }
    const stage = this.stage;
    if (stage.kind === 'idle') return;
    if (stage.ballotId !== ballot?.ballotId) this.stage = { kind: 'idle' };
    else if (stage.kind === 'confirm' && ballot.status !== 'open') this.stage = { kind: 'idle' };
  }

  private settle(stage: VoteStage): void {
    this.pending = null;
    // A refused paper stays as the draft so the delegate can correct it; anything else ends it.
    if (stage.kind !== 'refused') this.draft = null;
    clearPendingCast();
    this.clearRetry();
    this.stage = stage;
  }

  private myReceipt(ballotId: string): string | null {
    const view = this.live.view;
    return view?.ballot?.ballotId === ballotId ? (view.myVote?.receiptId ?? null) : null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
