import type { Socket } from 'socket.io-client';
import { SERVER_EVENTS, type TurnoutUpdate } from '../../shared/protocol/socket';

type BallotFigure = { ballotId: string; voted: number };

/** Guards against a hang; never an assertion about speed. */
const WAIT_MS = 15_000;

/**
 * The turnout a console or wall shows for one ballot: the latest `ballot:turnout` update, or
 * the `voted` of the latest view's ballot, whichever came last (as the screens take them).
 * Records every figure shown, so a test can say it never went back.
 */
export class TurnoutLog {
  readonly shown: number[] = [];
  private waiters: { voted: number; resolve: () => void }[] = [];

  constructor(
    socket: Socket,
    private readonly ballotId: string,
  ) {
    socket.on(SERVER_EVENTS.turnout, (update: TurnoutUpdate) => {
      if (update.ballotId === ballotId) this.show(update.voted);
    });
    // A wall's view has the latest `ballot`; a console's has every one in `ballots`.
    socket.on(SERVER_EVENTS.view, (view: { ballot?: BallotFigure | null; ballots?: BallotFigure[] }) => {
      const ballot = view.ballot?.ballotId === ballotId ? view.ballot : view.ballots?.find((b) => b.ballotId === ballotId);
      if (ballot) this.show(ballot.voted);
    });
  }

  get latest(): number | undefined {
    return this.shown[this.shown.length - 1];
  }

  private show(voted: number): void {
    this.shown.push(voted);
    this.waiters = this.waiters.filter((w) => {
      if (voted !== w.voted) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once the screen shows exactly `voted`; fails after WAIT_MS with what it showed. */
  waitFor(voted: number, what: string): Promise<void> {
    if (this.latest === voted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { voted, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${what}: never showed ${voted} for ${this.ballotId}; shown: ${this.shown.join(',')}`));
      }, WAIT_MS);
      this.waiters.push(waiter);
    });
  }
}
