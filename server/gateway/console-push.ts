import { changedSeatRows, type ConsoleSeatRow } from '../../shared/domain/console-seats';
import type { ConsoleView } from '../../shared/domain/views';
import type { ConsolePush } from '../../shared/protocol/console-view';

/** The seat list the consoles were last pushed: its key, the view version it was rendered at, its rows. */
export interface PushedSeats {
  key: string;
  version: number;
  rows: readonly ConsoleSeatRow[];
}

/**
 * What of the seats a console push carries (docs/PROTOCOL.md §5), given the list of the previous
 * push to the same consoles (null: none of this copy, or nobody was connected):
 * - nothing, when the list is the previous push's (a ballot's step, a speaking request);
 * - the rows changed since it (`seatChanges`), while fewer than half the seats changed: a
 *   3,000-seat hall signing in changes a few dozen a push, and the whole list was ~300 KB and
 *   ~30 ms of rendering and sending, so the consoles saw attendance only 1–2 times a second;
 * - else the whole list (a new sitting resets every seat; a roster change moves them).
 */
export function consolePush(view: ConsoleView, previous: PushedSeats | null): ConsolePush {
  if (previous === null) return view;
  const { seats, ...rest } = view;
  if (previous.key === view.seatsKey) return rest;
  const changed = changedSeatRows(previous.rows, seats);
  if (changed === null || changed.length * 2 >= seats.length) return view;
  return { ...rest, seatChanges: { since: previous.version, rows: changed } };
}
