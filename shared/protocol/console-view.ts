import type { ConsoleView } from '../domain/views';
import type { ConsoleSeatRow } from '../domain/console-seats';
import { judgeView, type ViewStamp } from './view-epoch';

/** The rows of the seats that changed after view version `since` (docs/PROTOCOL.md §5). */
export interface SeatChanges {
  since: number;
  rows: ConsoleSeatRow[];
}

/**
 * A console push as sent. Its seats come one of three ways: the whole list (`seats`), the rows
 * changed since an earlier version (`seatChanges`), or neither when the list is the previous
 * push's (the same `seatsKey`).
 */
export type ConsolePush = Omit<ConsoleView, 'seats'> & { seats?: ConsoleView['seats']; seatChanges?: SeatChanges };

/** Whether a `meeting:view` payload is a console's (it names its seat list). */
export function isConsolePush(view: unknown): view is ConsolePush {
  return typeof view === 'object' && view !== null && typeof (view as { seatsKey?: unknown }).seatsKey === 'string';
}

/**
 * Puts a console's view back together (docs/PROTOCOL.md §5). A push to the consoles carries its
 * 3,000 seat rows (~300 KB) only when most of them changed: a close or a result changes none,
 * and a sign-in a few a push, which then come as `seatChanges`. Those replace rows of the seats
 * kept, by seat id, if the kept seats are of a view at or after `since`: every row that changed
 * after it is in the changes, so a later list (a whole view taken on connecting, between two
 * pushes) comes out the same. A push with neither re-uses the seats kept when it names them (the
 * same `seatsKey`). Otherwise this console missed the push that changed them, and `needsSync`
 * says to ask for the whole view (meeting:sync).
 *
 * Every view is judged first (judgeView, view-epoch.ts): an older one of the same epoch is
 * dropped; one of another epoch is taken whatever its version, and the seats kept from the old
 * epoch never complete it (seat keys and versions name lists of one node's copy only).
 * Pure, no zod: the console bundle and the tests use it alike.
 */
export class ConsoleViewParts {
  /** A push could not be completed from the seats kept: ask for the whole view. */
  needsSync = false;
  /** The seats kept: the list named `key`, as of view `version`; `index` finds a seat's row in it. */
  private seats: { key: string; version: number; rows: ConsoleView['seats']; index: Map<string, number> | null } | null = null;
  /** The version and epoch of the last view returned (shown). */
  private held: ViewStamp | null = null;

  /** A push or a whole view (the first after connecting, a meeting:sync answer); the whole view, or null (dropped, or until a sync). */
  accept(push: ConsolePush): ConsoleView | null {
    const verdict = judgeView(this.held, push);
    if (verdict === 'drop') return null;
    if (verdict === 'restart') this.seats = null;
    const rows = this.rowsOf(push);
    if (rows === null) {
      this.needsSync = true;
      return null;
    }
    this.needsSync = false;
    this.held = { version: push.version, epoch: push.epoch };
    const { seatChanges: _changes, ...view } = push;
    return { ...view, seats: rows };
  }

  /** The push's whole seat list, from what it carries and what is kept (then kept as the push's); null if it cannot be made. */
  private rowsOf(push: ConsolePush): ConsoleView['seats'] | null {
    const kept = this.seats;
    if (push.seats !== undefined) {
      this.seats = { key: push.seatsKey, version: push.version, rows: push.seats, index: null };
      return push.seats;
    }
    if (kept === null) return null;
    if (push.seatChanges !== undefined) {
      if (kept.version < push.seatChanges.since) return null;
      const rows = withChanges(kept, push.seatChanges.rows);
      if (rows === null) return null;
      this.seats = { key: push.seatsKey, version: push.version, rows, index: kept.index };
      return rows;
    }
    if (kept.key !== push.seatsKey) return null;
    kept.version = push.version;
    return kept.rows;
  }
}

/** The kept rows with each changed row in its seat's place (a new list); null if a seat is not in it. */
function withChanges(kept: { rows: ConsoleSeatRow[]; index: Map<string, number> | null }, changed: readonly ConsoleSeatRow[]): ConsoleSeatRow[] | null {
  // Built once per whole list: the changes never move a seat.
  const index = (kept.index ??= new Map(kept.rows.map((row, at) => [row.seatId, at])));
  const rows = kept.rows.slice();
  for (const row of changed) {
    const at = index.get(row.seatId);
    if (at === undefined) return null;
    rows[at] = row;
  }
  return rows;
}
