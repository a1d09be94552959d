import type { Delegate } from '../meeting';

/**
 * The hall's seat layout for the seat map: each delegate's row and column (1-based), either read
 * from the printed seat numbers the roster already has ("3排12座", "A-012", "3-12") or assigned in
 * roster order over a grid of rows × seats the secretariat types in.
 */
export interface SeatPosition {
  row: number;
  column: number;
}

const MAX_POSITION = 999;

function position(row: number, column: number): SeatPosition | null {
  if (!Number.isSafeInteger(row) || !Number.isSafeInteger(column)) return null;
  if (row < 1 || column < 1 || row > MAX_POSITION || column > MAX_POSITION) return null;
  return { row, column };
}

/** A=1 … Z=26: the letter rows of many halls. */
const letterRow = (letter: string): number => letter.toUpperCase().charCodeAt(0) - 64;

/**
 * Row and column from a printed seat number, or null when it names no grid position.
 * Accepted (full-width digits and spaces are normalised first):
 * - "3排12座", "第3排第12座", "3排12号", "3排12"  → row 3, column 12
 * - "A-012", "A012", "a 12", "A排12座"           → row 1 (A), column 12
 * - "3-12", "3_12", "3.12", "03-012"              → row 3, column 12
 * A bare number ("12") has no row and gives null.
 */
export function parseSeatNo(seatNo: string): SeatPosition | null {
  const s = seatNo
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(/[－—–]/g, '-');
  let m = /^第?(\d{1,3})排第?(\d{1,3})[座号]?$/.exec(s);
  if (m) return position(Number(m[1]), Number(m[2]));
  m = /^([A-Za-z])排?[-_.]?(\d{1,3})[座号]?$/.exec(s);
  if (m) return position(letterRow(m[1]!), Number(m[2]));
  m = /^(\d{1,3})[-_.](\d{1,3})$/.exec(s);
  if (m) return position(Number(m[1]), Number(m[2]));
  return null;
}

export interface LayoutOutcome {
  delegates: Delegate[];
  hall: { rows: number; columns: number };
  /** Seat numbers that name no position; those delegates keep no row/column. */
  unparsed: string[];
  /** Two delegates on one position: the layout is refused. */
  clashes: string[];
}

function gridOf(delegates: readonly Delegate[]): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  for (const d of delegates) {
    if (d.row !== undefined && d.row > rows) rows = d.row;
    if (d.column !== undefined && d.column > columns) columns = d.column;
  }
  return { rows, columns };
}

function clashesOf(delegates: readonly Delegate[]): string[] {
  const taken = new Map<string, string>();
  const clashes: string[] = [];
  for (const d of delegates) {
    if (d.row === undefined || d.column === undefined) continue;
    const key = `${d.row}:${d.column}`;
    const other = taken.get(key);
    if (other !== undefined) clashes.push(`${other} / ${d.seatNo}: 第${d.row}排第${d.column}座`);
    else taken.set(key, d.seatNo);
  }
  return clashes;
}

/** Positions from the seat numbers. O(N). */
export function layoutFromSeatNumbers(delegates: readonly Delegate[]): LayoutOutcome {
  const unparsed: string[] = [];
  const placed = delegates.map((d) => {
    const { row: _row, column: _column, ...rest } = d;
    const pos = parseSeatNo(d.seatNo);
    if (!pos) {
      unparsed.push(d.seatNo);
      return rest;
    }
    return { ...rest, ...pos };
  });
  return { delegates: placed, hall: gridOf(placed), unparsed, clashes: clashesOf(placed) };
}

/**
 * Roster order over a grid of `rows` × `columns`, row by row from the front (row 1) and from
 * seat 1. Refused (null) when the grid has fewer seats than the roster or is out of range.
 */
export function layoutOnGrid(delegates: readonly Delegate[], rows: number, columns: number): LayoutOutcome | null {
  if (!position(rows, columns) || rows * columns < delegates.length) return null;
  const placed = delegates.map((d, i) => ({ ...d, row: Math.floor(i / columns) + 1, column: (i % columns) + 1 }));
  return { delegates: placed, hall: { rows, columns }, unparsed: [], clashes: [] };
}
