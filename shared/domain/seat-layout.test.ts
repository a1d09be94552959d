import { describe, expect, it } from 'vitest';
import { DEFAULT_GRID_COLUMNS, parseSeatNo, seatLayout } from './seat-layout';

describe('seat numbers read as hall positions', () => {
  it.each([
    ['3排12座', { row: 3, column: 12 }],
    ['第3排第12座', { row: 3, column: 12 }],
    [' 10排 1号 ', { row: 10, column: 1 }],
    ['A-012', { row: 1, column: 12 }],
    ['c7', { row: 3, column: 7 }],
    ['3-12', { row: 3, column: 12 }],
    ['03_012', { row: 3, column: 12 }],
  ])('%s → %o', (seatNo, position) => {
    expect(parseSeatNo(seatNo)).toEqual(position);
  });

  it.each(['主席台1', '', '0排3座', '3排0座', 'AA-1', '12', '1000-1'])('%s names no position', (seatNo) => {
    expect(parseSeatNo(seatNo)).toBeNull();
  });
});

describe('the hall layout', () => {
  it('trusts the roster row/column first, then the seat number', () => {
    const layout = seatLayout([
      { seatId: 'a', seatNo: '1排1座', row: 5, column: 2 },
      { seatId: 'b', seatNo: '1排1座' },
      { seatId: 'c', seatNo: 'B-3' },
    ]);
    expect(layout.seats).toEqual([
      { seatId: 'a', row: 5, column: 2, source: 'roster' },
      { seatId: 'b', row: 1, column: 1, source: 'seat_no' },
      { seatId: 'c', row: 2, column: 3, source: 'seat_no' },
    ]);
    expect(layout).toMatchObject({ rows: 5, columns: 3 });
  });

  it('places seats without a position (or on a taken place) in rows below the hall, one empty row between', () => {
    const layout = seatLayout([
      { seatId: 'a', seatNo: '2排4座' },
      { seatId: 'b', seatNo: '主席台' },
      { seatId: 'c', seatNo: '2排4座' },
      { seatId: 'd', seatNo: '' },
      { seatId: 'e', seatNo: '' },
      { seatId: 'f', seatNo: '' },
      { seatId: 'g', seatNo: '' },
    ]);
    // The hall is 2 rows × 4 columns; row 3 stays empty; 5 seats fill rows 4 and 5, four wide.
    expect(layout.seats.map((s) => [s.seatId, s.row, s.column])).toEqual([
      ['a', 2, 4],
      ['b', 4, 1],
      ['c', 4, 2],
      ['d', 4, 3],
      ['e', 4, 4],
      ['f', 5, 1],
      ['g', 5, 2],
    ]);
    expect(layout).toMatchObject({ rows: 5, columns: 4 });
  });

  it('a roster with no positions at all is a grid in roster order', () => {
    const delegates = Array.from({ length: 45 }, (_, i) => ({ seatId: `s${i}`, seatNo: `${i + 1}号` }));
    const layout = seatLayout(delegates);
    expect(layout.seats[0]).toEqual({ seatId: 's0', row: 1, column: 1, source: 'grid' });
    expect(layout.seats[44]).toEqual({ seatId: 's44', row: 3, column: 5, source: 'grid' });
    expect(layout).toEqual({ rows: 3, columns: DEFAULT_GRID_COLUMNS, seats: layout.seats });
  });

  it('no two seats share a place', () => {
    const delegates = Array.from({ length: 400 }, (_, i) => ({ seatId: `s${i}`, seatNo: i % 3 === 0 ? '1排1座' : `${Math.floor(i / 20) + 1}排${(i % 20) + 1}座` }));
    const places = new Set(seatLayout(delegates).seats.map((s) => `${s.row}:${s.column}`));
    expect(places.size).toBe(400);
  });
});
