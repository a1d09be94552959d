import type { DelegateView } from '../../../shared/domain/views';
import type { TurnoutUpdate } from '../../../shared/protocol/index';
import type { SeatView, TabletPublicView } from '../../../shared/protocol/socket';
import { ConsoleViewParts, isConsolePush } from '../../../shared/protocol/console-view';
import { TabletViewParts } from '../../../shared/protocol/tablet-view';
import { judgeView, type ViewStamp } from '../../../shared/protocol/view-epoch';
import { Connection, type ConnectionAuth } from './connection';

export type LinkStatus = 'connecting' | 'online' | 'offline' | 'denied' | 'replaced';

export interface Turnout {
  voted: number;
  present: number;
}

export interface LiveOptions {
  /**
   * A tablet: its view arrives in two parts (the meeting's shared part and its seat's own part,
   * docs/PROTOCOL.md §5), which are put back together here into one DelegateView.
   */
  tablet?: boolean;
}

/**
 * The reactive face of a Connection: the latest view of this audience, the link status and the
 * turnout per ballot. Components read these fields; only the connection writes them.
 */
export class LiveMeeting<V extends ViewStamp> {
  /**
   * Raw, not a deep proxy: a view is never changed in place, only replaced by the next one. A deep
   * proxy made a new proxy of every seat row a component read after each push, so a 3,000-seat
   * console paid a proxy trap per field read and never saw an unchanged row as the same object.
   */
  view = $state.raw<V | null>(null);
  status = $state<LinkStatus>('connecting');
  /** The handshake refusal's code, when status is 'denied'. */
  deniedCode = $state('');
  /** Voted/present per ballot, merged from views and throttled turnout pushes. */
  turnout = $state<Record<string, Turnout>>({});
  readonly connection: Connection;
  private readonly onlineListeners = new Set<() => void>();
  private readonly viewListeners = new Set<(view: V) => void>();
  private readonly tabletParts: TabletViewParts | null;
  /** A console's seats, kept for the pushes that leave them out (docs/PROTOCOL.md §5). */
  private readonly consoleParts = new ConsoleViewParts();
  /** A meeting:sync asked for because a push named an agenda, a ballot spec (a tablet's) or seats (a console's) this client lacks. */
  private syncing = false;

  constructor(auth: ConnectionAuth, { tablet = false }: LiveOptions = {}) {
    this.tabletParts = tablet ? new TabletViewParts() : null;
    this.connection = new Connection(
      auth,
      {
        onView: (view) => this.acceptView(view),
        onSeat: (part) => this.acceptSeat(part),
        onTurnout: (update) => this.acceptTurnout(update),
        onOnline: () => {
          this.status = 'online';
          for (const listener of this.onlineListeners) listener();
        },
        onOffline: () => {
          if (this.status !== 'denied' && this.status !== 'replaced') this.status = 'offline';
        },
        onDenied: (code) => {
          // A tablet whose seat moved to another device learns it here if it was offline at the time.
          if (code === 'DEVICE_REPLACED') {
            this.status = 'replaced';
            return;
          }
          this.deniedCode = code;
          this.status = 'denied';
        },
        onReplaced: () => {
          this.status = 'replaced';
        },
      },
    );
  }

  /** Called after every (re)connect, once the view has been re-read. */
  onOnline(listener: () => void): () => void {
    this.onlineListeners.add(listener);
    return () => this.onlineListeners.delete(listener);
  }

  onView(listener: (view: V) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  serverNow(): number {
    return this.connection.serverNow();
  }

  close(): void {
    this.connection.close();
  }

  /**
   * A tablet's own cast was acknowledged: its receipt is on record. The server sends the voter
   * no push for it (the ack is the news), so the view takes the receipt from here.
   */
  recordReceipt(receipt: { ballotId: string; receiptId: string; at: number }): void {
    const composed = this.tabletParts?.acceptReceipt(receipt);
    if (composed) this.show(composed as unknown as V);
  }

  private acceptView(view: unknown): void {
    if (this.tabletParts) {
      const composed = this.tabletParts.acceptView(view as TabletPublicView | DelegateView);
      if (composed) this.show(composed as unknown as V);
      if (this.tabletParts.needsSync) void this.syncWhole();
      return;
    }
    // Each kind of view is judged by the one rule (judgeView, view-epoch.ts): the console's
    // parts do it themselves, as the tablet's do, since a new epoch also voids the seats kept.
    if (isConsolePush(view)) {
      const whole = this.consoleParts.accept(view);
      if (whole) this.show(whole as unknown as V);
      if (this.consoleParts.needsSync) void this.syncWhole();
      return;
    }
    // The wall: an older view of the same epoch is a sync answer overtaken by a push.
    if (judgeView(this.view, view as V) === 'drop') return;
    this.show(view as V);
  }

  /**
   * A push left out the agenda or the spec (a tablet's) or the seats (a console's) because the
   * previous push carried them, and this client missed that one (issue 9): the whole view, once,
   * brings them. A failed request is retried by the next push that still lacks them, or by the
   * reconnect's own sync.
   */
  private async syncWhole(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      const ack = await this.connection.request('meeting:sync', {});
      if (ack.ok) this.acceptView(ack.view);
    } finally {
      this.syncing = false;
    }
  }

  private acceptSeat(part: SeatView): void {
    const composed = this.tabletParts?.acceptSeat(part);
    if (composed) this.show(composed as unknown as V);
  }

  private show(view: V): void {
    this.view = view;
    for (const { ballotId, voted, present } of votedOf(view)) this.mergeTurnout(ballotId, voted, present);
    for (const listener of this.viewListeners) listener(view);
  }

  private acceptTurnout({ ballotId, voted, present }: TurnoutUpdate): void {
    this.mergeTurnout(ballotId, voted, present);
  }

  /** A ballot's turnout, by own property only: a ballot id like "constructor" is not Object's (invariant 6). */
  turnoutOf(ballotId: string): Turnout | undefined {
    return Object.hasOwn(this.turnout, ballotId) ? this.turnout[ballotId] : undefined;
  }

  private mergeTurnout(ballotId: string, voted: number, present: number): void {
    const previous = this.turnoutOf(ballotId);
    // Votes only ever add up while a ballot is open, so the larger count is the newer one.
    this.turnout[ballotId] = { voted: Math.max(previous?.voted ?? 0, voted), present };
  }
}

/** The ballots a view reports turnout for: the public `ballot`, or the console's `ballots`. */
function votedOf(view: unknown): { ballotId: string; voted: number; present: number }[] {
  const v = view as {
    attendance?: { present: number };
    ballot?: { ballotId: string; voted: number } | null;
    ballots?: { ballotId: string; voted: number }[];
  };
  const present = v.attendance?.present ?? 0;
  const ballots = v.ballots ?? (v.ballot ? [v.ballot] : []);
  return ballots.map((b) => ({ ballotId: b.ballotId, voted: b.voted, present }));
}
