import { seatLayout } from '../../../../shared/domain/seat-layout';
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
  const q = query.trim().toLowerCase();
  return q.length > 0 && (seat.name.toLowerCase().includes(q) || seat.seatNo.toLowerCase().includes(q));
}

/** Every seat's cell: O(N), once per view push or delta, never per seat component. */
export function seatCells(
  seats: readonly ConsoleSeat[],
  layout: ReturnType<typeof seatLayout>,
  facts: SeatFacts,
  opts: { filter: SeatFilter; query: string; selected: string | null; labels: boolean },
): SeatCell[] {
  return seats.map((seat, i) => {
    const place = layout.seats[i] ?? { row: 1, column: i + 1 };
    const online = facts.online(seat.seatId);
    const voted = facts.voted(seat.seatId);
    let classes = `seat att-${seat.attendance}`;
    if (!online) classes += ' off';
    if (voted) classes += ' voted';
    if (!passes(opts.filter, seat, facts)) classes += ' dim';
    if (matches(opts.query, seat)) classes += ' match';
    if (seat.seatId === opts.selected) classes += ' sel';
    return {
      seatId: seat.seatId,
      row: place.row,
      column: place.column,
      classes,
      label: opts.labels ? seat.name : '',
      title: `${seat.seatNo} ${seat.name}`,
    };
  });
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
