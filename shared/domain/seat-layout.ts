import { parseSeatNo, type SeatPosition } from './preparation/seat-layout';

/**
 * Where each seat sits in the hall, for the console's seat map. Pure: no I/O.
 *
 * A seat's position comes, in this order of trust, from the roster's own `row`/`column`
 * (the secretariat's seat layout), from its printed seat number ("3排12座", "第3排第12座",
 * "A-012", "3-12"), or, for seats that have neither, from a grid in roster order placed
 * below the seats whose position is known. Two seats never share a place: a later seat that
 * claims an occupied place is placed in the grid like one without a position.
 */

export type { SeatPosition };

export interface PlacedSeat extends SeatPosition {
  seatId: string;
  /** Where the position came from. */
  source: 'roster' | 'seat_no' | 'grid';
}

export interface SeatLayout {
  rows: number;
  columns: number;
  /** In roster order. */
  seats: PlacedSeat[];
}

/** What the layout reads of a delegate (Delegate gains optional row/column from the seat layout). */
export interface SeatLayoutInput {
  seatId: string;
  seatNo: string;
  row?: number | undefined;
  column?: number | undefined;
}

/** A hall is never this wide or deep; a larger number is a typo, not a position. */
const MAX_INDEX = 999;

const isIndex = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_INDEX;

/** The one reader of printed seat numbers, shared with the secretariat's seat-layout step (PREPARE). */
export { parseSeatNo };

/** Seats a row of the fallback grid holds when no seat has a known position. */
export const DEFAULT_GRID_COLUMNS = 20;

/** The hall's layout for a roster: O(N). */
export function seatLayout(delegates: readonly SeatLayoutInput[]): SeatLayout {
  const taken = new Set<string>();
  const placed: (PlacedSeat | null)[] = [];
  let rows = 0;
  let columns = 0;
  for (const d of delegates) {
    const fromRoster = isIndex(d.row) && isIndex(d.column) ? { row: d.row, column: d.column } : null;
    const position = fromRoster ?? parseSeatNo(d.seatNo);
    const key = position ? `${position.row}:${position.column}` : '';
    if (!position || taken.has(key)) {
      placed.push(null);
      continue;
    }
    taken.add(key);
    rows = Math.max(rows, position.row);
    columns = Math.max(columns, position.column);
    placed.push({ seatId: d.seatId, ...position, source: fromRoster ? 'roster' : 'seat_no' });
  }
  // Seats without a place fill rows below the known ones, as wide as the hall (or the default).
  const width = columns > 0 ? columns : DEFAULT_GRID_COLUMNS;
  let next = 0;
  const firstGridRow = rows + (rows > 0 ? 2 : 1);
  const seats = delegates.map((d, i): PlacedSeat => {
    const known = placed[i];
    if (known) return known;
    const seat: PlacedSeat = { seatId: d.seatId, row: firstGridRow + Math.floor(next / width), column: (next % width) + 1, source: 'grid' };
    next++;
    return seat;
  });
  if (next > 0) rows = firstGridRow + Math.floor((next - 1) / width);
  return { rows, columns: Math.max(columns, next > 0 ? Math.min(width, next) : 0), seats };
}
