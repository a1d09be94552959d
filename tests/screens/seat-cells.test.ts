import { describe, expect, it } from 'vitest';
import { SeatCells, SeatLayouts, type ConsoleSeat, type SeatFacts } from '../../client/src/console/seatmap/seat-cells';

const seat = (n: number, attendance: ConsoleSeat['attendance'] = 'not_signed_in'): ConsoleSeat => ({
  seatId: `s${n}`,
  seatNo: `1排${n}座`,
  name: `代表${n}`,
  group: '第一组',
  attendance,
  paired: false,
  card: 'none',
  roll: null,
});
const nobody: SeatFacts = { online: () => false, voted: () => false };
const plain = { filter: 'all' as const, query: '', selected: null, labels: true };

describe('the console seat map: a push re-renders only the seats that changed', () => {
  it('keeps the layout while no seat’s place changed, and works it out again when one did', () => {
    const layouts = new SeatLayouts();
    const seats = [seat(1), seat(2), seat(3)];
    const first = layouts.of(seats);
    expect(first.seats.map((s) => [s.row, s.column])).toEqual([[1, 1], [1, 2], [1, 3]]);
    // A sign-in: a new row for seat 2, same place.
    expect(layouts.of([seats[0]!, seat(2, 'present'), seats[2]!])).toBe(first);
    // A seat number changed (the secretariat's roster edit): a new layout.
    const moved = layouts.of([seats[0]!, { ...seat(2), seatNo: '2排1座' }, seats[2]!]);
    expect(moved).not.toBe(first);
    expect(moved.seats[1]).toMatchObject({ row: 2, column: 1 });
  });

  it('gives the same cell object for a seat whose row and marks did not change, a new one for one that did', () => {
    const layouts = new SeatLayouts();
    const cells = new SeatCells();
    const seats = [seat(1), seat(2), seat(3)];
    const before = cells.of(seats, layouts.of(seats), nobody, plain);
    const signedIn = [seats[0]!, seat(2, 'present'), seats[2]!];
    const after = cells.of(signedIn, layouts.of(signedIn), nobody, plain);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]?.classes).toBe('seat att-present off');

    // A live change (seat 3 online) and the chair's selection change only those seats' cells.
    const online: SeatFacts = { online: (id) => id === 's3', voted: () => false };
    const marked = cells.of(signedIn, layouts.of(signedIn), online, { ...plain, selected: 's1' });
    expect(marked[1]).toBe(after[1]);
    expect(marked[0]?.classes).toBe('seat att-not_signed_in off sel');
    expect(marked[2]?.classes).toBe('seat att-not_signed_in');
    // A search marks what it matches, and the filter dims what it leaves out.
    const searched = cells.of(signedIn, layouts.of(signedIn), online, { ...plain, query: ' 代表2 ', filter: 'notSignedIn' });
    expect(searched.map((c) => c.classes)).toEqual(['seat att-not_signed_in off', 'seat att-present off dim match', 'seat att-not_signed_in']);
  });
});
