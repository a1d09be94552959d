import type { ConsoleView } from '../domain/views';
import { judgeView, type ViewStamp } from './view-epoch';

/** A console push as sent: the seats are left out when they are those of the previous push. */
export type ConsolePush = Omit<ConsoleView, 'seats'> & { seats?: ConsoleView['seats'] };

/** Whether a `meeting:view` payload is a console's (it names its seat list). */
export function isConsolePush(view: unknown): view is ConsolePush {
  return typeof view === 'object' && view !== null && typeof (view as { seatsKey?: unknown }).seatsKey === 'string';
}

/**
 * Puts a console's view back together (docs/PROTOCOL.md §5): a push to the consoles carries its
 * 3,000 seat rows only when they changed since the previous push (a close or a result changes
 * none: the rows were ~300 KB and ~12 ms of encoding per push). A push without them re-uses the
 * seats kept, but only when it names them (the same `seatsKey`); otherwise this console missed
 * the push that changed them, and `needsSync` says to ask for the whole view (meeting:sync).
 *
 * Every view is judged first (judgeView, view-epoch.ts): an older one of the same epoch is
 * dropped; one of another epoch is taken whatever its version, and the seats kept from the old
 * epoch never complete it (seat keys name lists on one node only).
 * Pure, no zod: the console bundle and the tests use it alike.
 */
export class ConsoleViewParts {
  /** A push could not be completed from the seats kept: ask for the whole view. */
  needsSync = false;
  private seats: { key: string; rows: ConsoleView['seats'] } | null = null;
  /** The version and epoch of the last view returned (shown). */
  private held: ViewStamp | null = null;

  /** A push or a whole view (the first after connecting, a meeting:sync answer); the whole view, or null (dropped, or until a sync). */
  accept(push: ConsolePush): ConsoleView | null {
    const verdict = judgeView(this.held, push);
    if (verdict === 'drop') return null;
    if (verdict === 'restart') this.seats = null;
    const whole = this.complete(push);
    if (whole) this.held = { version: whole.version, epoch: whole.epoch };
    return whole;
  }

  private complete(push: ConsolePush): ConsoleView | null {
    if (push.seats !== undefined) {
      this.seats = { key: push.seatsKey, rows: push.seats };
      this.needsSync = false;
      return push as ConsoleView;
    }
    if (this.seats?.key !== push.seatsKey) {
      this.needsSync = true;
      return null;
    }
    return { ...push, seats: this.seats.rows };
  }
}
