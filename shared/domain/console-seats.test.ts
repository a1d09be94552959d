import { describe, expect, it } from 'vitest';
import { changedSeatRows, consoleSeatRows } from './console-seats';
import { FIRST_ITEM, T0, createMeeting, motionSpec, run, seatIdOf, signIn } from './test-fixtures';

describe('consoleSeatRows: the console seat list, rendered again only where a seat changed', () => {
  it('lists every seat in roster order with its attendance, card and roll mark', () => {
    const meeting = signIn(createMeeting('congress', 3), [seatIdOf(2)], T0 + 1_000);
    const rows = consoleSeatRows(meeting.state);
    expect(rows.map((r) => r.seatId)).toEqual([seatIdOf(1), seatIdOf(2), seatIdOf(3)]);
    expect(rows.map((r) => r.attendance === 'present')).toEqual([false, true, false]);
    expect(rows.map((r) => r.card)).toEqual(['none', 'none', 'none']);
    expect(rows[0]?.roll).toBeNull();
    expect(rows[1]?.roll).toMatchObject({ late: false });
  });

  it('gives the same list for a change that touches no seat, and new rows only for the seats that changed', () => {
    let meeting = signIn(createMeeting('congress', 3), [seatIdOf(1), seatIdOf(2)], T0 + 1_000);
    meeting = run(meeting, { type: 'OpenSession' }, T0 + 2_000);
    meeting = run(meeting, { type: 'StartItem', itemId: FIRST_ITEM }, T0 + 3_000);
    const before = consoleSeatRows(meeting.state);
    const opened = run(meeting, { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 4_000);
    expect(consoleSeatRows(opened.state)).toBe(before);

    const late = signIn(meeting, [seatIdOf(3)], T0 + 5_000);
    const after = consoleSeatRows(late.state);
    expect(after).not.toBe(before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    expect(after[2]?.attendance).toBe('present');
  });
});

describe('changedSeatRows: what a console push sends of a changed seat list', () => {
  it('gives the rows of the seats that changed, in roster order, and nothing for an unchanged list', () => {
    const meeting = signIn(createMeeting('congress', 5), [seatIdOf(2)], T0 + 1_000);
    const before = consoleSeatRows(meeting.state);
    const after = consoleSeatRows(signIn(meeting, [seatIdOf(4), seatIdOf(1)], T0 + 2_000).state);
    const changed = changedSeatRows(before, after);
    expect(changed?.map((r) => r.seatId)).toEqual([seatIdOf(1), seatIdOf(4)]);
    expect(changed?.every((r) => r.attendance === 'present')).toBe(true);
    expect(changedSeatRows(after, after)).toEqual([]);
  });

  it('gives null when the lists do not hold the same seats in the same order', () => {
    const rows = consoleSeatRows(createMeeting('congress', 3).state);
    expect(changedSeatRows(rows, rows.slice(0, 2))).toBeNull();
    expect(changedSeatRows(rows, [rows[1]!, rows[0]!, rows[2]!])).toBeNull();
  });
});
