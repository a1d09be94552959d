import { seatLayout, type SeatLayout } from '../../../../shared/domain/seat-layout';
import type { ConsoleView } from '../../../../shared/domain/views';

export type ConsoleSeat = ConsoleView['seats'][number];
export type SeatFilter = 'all' | 'notSignedIn' | 'offline' | 'notVoted';

export interface SeatCell {
  seatId: string;
  row: number;
  column: number;
  /** Space-separated classes: attendance, offline, voted, dimmed by the filter, search match, selected. */
  classes: string;
  label: string;
  title: string;
}

export interface SeatFacts {
  online(seatId: string): boolean;
  voted(seatId: string): boolean;
}

/** Whether a seat passes the filter. */
export function passes(filter: SeatFilter, seat: ConsoleSeat, facts: SeatFacts): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'notSignedIn':
      return seat.attendance !== 'present';
    case 'offline':
      return !facts.online(seat.seatId);
    case 'notVoted':
      return seat.attendance === 'present' && !facts.voted(seat.seatId);
  }
}

/** A search matches a name or a seat number, case-insensitively; an empty one matches nothing. */
export function matches(query: string, seat: ConsoleSeat): boolean {
  return matchesFolded(query.trim().toLowerCase(), seat);
}

/** `matches` with the query already trimmed and lower-cased (once per render, not per seat). */
function matchesFolded(q: string, seat: ConsoleSeat): boolean {
  return q.length > 0 && (seat.name.toLowerCase().includes(q) || seat.seatNo.toLowerCase().includes(q));
}

/**
 * The hall's layout of `seats`, worked out again only when a seat's place changed: a console
 * push changes attendance and cards, not seat numbers, and a 3,000-seat hall signing in is ten
 * pushes a second (parsing every seat number each time was the seat map's largest cost).
 */
export class SeatLayouts {
  private seats: readonly ConsoleSeat[] = [];
  private layout: SeatLayout | null = null;

  of(seats: readonly ConsoleSeat[]): SeatLayout {
    if (this.layout === null || !samePlaces(this.seats, seats)) this.layout = seatLayout(seats);
    this.seats = seats;
    return this.layout;
  }
}

function samePlaces(before: readonly ConsoleSeat[], now: readonly ConsoleSeat[]): boolean {
  if (before.length !== now.length) return false;
  for (let i = 0; i < now.length; i++) {
    const a = before[i] as ConsoleSeat;
    const b = now[i] as ConsoleSeat;
    if (a === b) continue;
    if (a.seatId !== b.seatId || a.seatNo !== b.seatNo || a.row !== b.row || a.column !== b.column) return false;
  }
  return true;
}

/** What a seat's cell is made from, besides its row: one bit each. */
const ONLINE = 1;
const VOTED = 2;
const DIMMED = 4;
const MATCHED = 8;
const SELECTED = 16;
const LABELLED = 32;

interface KeptCell {
  seat: ConsoleSeat;
  flags: number;
  cell: SeatCell;
}

/**
 * Every seat's cell: O(N), once per view push or live change, never per seat component. A seat
 * whose row, place and marks are as last time keeps the same cell object, so the seat map's
 * keyed list re-renders only the seats that changed (a push during a sign-in changes a few dozen
 * of 3,000; rendering every cell each time took a console ~40 % of a core while the hall signed in).
 */
export class SeatCells {
  private kept = new Map<string, KeptCell>();

  of(seats: readonly ConsoleSeat[], layout: SeatLayout, facts: SeatFacts, opts: { filter: SeatFilter; query: string; selected: string | null; labels: boolean }): SeatCell[] {
    const q = opts.query.trim().toLowerCase();
    const next = new Map<string, KeptCell>();
    const cells = seats.map((seat, i) => {
      const place = layout.seats[i] ?? { row: 1, column: i + 1 };
      let flags = 0;
      if (facts.online(seat.seatId)) flags |= ONLINE;
      if (facts.voted(seat.seatId)) flags |= VOTED;
      if (!passes(opts.filter, seat, facts)) flags |= DIMMED;
      if (matchesFolded(q, seat)) flags |= MATCHED;
      if (seat.seatId === opts.selected) flags |= SELECTED;
      if (opts.labels) flags |= LABELLED;
      const old = this.kept.get(seat.seatId);
      const same = old !== undefined && old.seat === seat && old.flags === flags && old.cell.row === place.row && old.cell.column === place.column;
      const kept = same ? old : { seat, flags, cell: cellOf(seat, place, flags) };
      next.set(seat.seatId, kept);
      return kept.cell;
    });
    this.kept = next;
    return cells;
  }
}

function cellOf(seat: ConsoleSeat, place: { row: number; column: number }, flags: number): SeatCell {
  let classes = `seat att-${seat.attendance}`;
  if (!(flags & ONLINE)) classes += ' off';
  if (flags & VOTED) classes += ' voted';
  if (flags & DIMMED) classes += ' dim';
  if (flags & MATCHED) classes += ' match';
  if (flags & SELECTED) classes += ' sel';
  return {
    seatId: seat.seatId,
    row: place.row,
    column: place.column,
    classes,
    label: flags & LABELLED ? seat.name : '',
    title: `${seat.seatNo} ${seat.name}`,
  };
}

export interface GroupTotal {
  group: string;
  total: number;
  present: number;
  voted: number;
}

/** 代表团 subtotals for attendance and turnout, in the order groups first appear in the roster. */
export function groupTotals(seats: readonly ConsoleSeat[], facts: SeatFacts): GroupTotal[] {
  const groups = new Map<string, GroupTotal>();
  for (const seat of seats) {
    let g = groups.get(seat.group);
    if (!g) groups.set(seat.group, (g = { group: seat.group, total: 0, present: 0, voted: 0 }));
    g.total++;
    if (seat.attendance === 'present') g.present++;
    if (facts.voted(seat.seatId)) g.voted++;
  }
  return [...groups.values()];
}
