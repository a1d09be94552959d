import { describe, expect, it } from 'vitest';
import { changedSeatRows, consoleSeatRows } from './console-seats';
import { seededRandom } from '../../tests/support/seeded-random';
import { seatsChangedSince } from './seat-lineage';
import type { MeetingState } from './meeting';
import { FIRST_ITEM, SECRETARIAT, T0, createMeeting, motionSpec, run, seatIdOf, signIn, type Meeting } from './test-fixtures';

/** What every row must say, read off the seats map directly (no cache, no lineage). */
function expectedRows(state: MeetingState) {
  return state.spec.delegates.map((d) => {
    const seat = state.seats.get(d.seatId)!;
    return { seatId: d.seatId, attendance: seat.attendance, paired: seat.deviceId !== null, late: seat.roll?.late ?? null };
  });
}
const shown = (state: MeetingState) =>
  consoleSeatRows(state).map((r) => ({ seatId: r.seatId, attendance: r.attendance, paired: r.paired, late: r.roll?.late ?? null }));


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

describe('consoleSeatRows after single-seat changes: the last list with the changed rows replaced (seat-lineage.ts)', () => {
  it('renders only from the last list while seats change one by one, and says the same as a whole walk', () => {
    let meeting = createMeeting('congress', 40);
    consoleSeatRows(meeting.state);
    meeting = signIn(meeting, [seatIdOf(3), seatIdOf(7)], T0 + 1_000);
    const since = seatsChangedSince(meeting.state.seats);
    expect(since?.seatIds).toEqual(new Set([seatIdOf(3), seatIdOf(7)]));
    expect(shown(meeting.state)).toEqual(expectedRows(meeting.state));
    // Rendered, the map is a base of its own and keeps no note: no chain of earlier lists stays alive.
    expect(seatsChangedSince(meeting.state.seats)).toBeNull();
  });

  it('holds over random sign-ins, leaves, pairings and new sittings, with lists rendered at random points', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = seededRandom(seed);
      let meeting: Meeting = createMeeting('congress', 30);
      let at = T0;
      for (let step = 0; step < 120; step++) {
        const seatId = seatIdOf(1 + Math.floor(random() * 30));
        const pick = random();
        at += 1_000;
        if (pick < 0.45) meeting = signIn(meeting, [seatId], at);
        else if (pick < 0.6) meeting = run(meeting, { type: 'RecordAttendance', seatId, status: 'on_leave', reason: '出差' }, at, SECRETARIAT);
        else if (pick < 0.7) meeting = run(meeting, { type: 'RecordAttendance', seatId, status: 'absent' }, at, SECRETARIAT);
        else if (pick < 0.85) {
          meeting = run(meeting, { type: 'IssuePairingCode', seatId, codeHash: `h-${seed}-${step}` }, at, SECRETARIAT);
          if (random() < 0.7) meeting = run(meeting, { type: 'PairDevice', codeHash: `h-${seed}-${step}`, deviceId: `tablet-${step}` }, at);
        } else if (pick < 0.88) {
          meeting = run(meeting, { type: 'StartSitting', sittingId: `s-${seed}-${step}`, title: `第${step}次全体会议` }, at, SECRETARIAT);
        }
        if (random() < 0.3) expect(shown(meeting.state), `seed ${seed}, step ${step}`).toEqual(expectedRows(meeting.state));
      }
      expect(shown(meeting.state), `seed ${seed}, end`).toEqual(expectedRows(meeting.state));
    }
  });

  it('keeps no note past a quarter of the seats: the list is walked whole again', () => {
    let meeting = createMeeting('congress', 8);
    consoleSeatRows(meeting.state);
    meeting = signIn(meeting, [seatIdOf(1), seatIdOf(2)], T0 + 1_000);
    expect(seatsChangedSince(meeting.state.seats)?.seatIds.size).toBe(2);
    meeting = signIn(meeting, [seatIdOf(3)], T0 + 2_000);
    expect(seatsChangedSince(meeting.state.seats)).toBeNull();
    expect(shown(meeting.state)).toEqual(expectedRows(meeting.state));
  });
});

describe('the roll mark a console row shows', () => {
  it('is the seat’s own mark for a delegate’s sign-in, and a copy without the account for a staff member’s', () => {
    let meeting = signIn(createMeeting('congress', 3), [seatIdOf(1)], T0 + 1_000);
    const staff = { role: 'secretariat' as const, name: '秘书处 王芳', accountId: 'acct-7' };
    meeting = run(meeting, { type: 'RecordAttendance', seatId: seatIdOf(2), status: 'on_leave', reason: '出差' }, T0 + 2_000, staff);
    const rows = consoleSeatRows(meeting.state);
    expect(rows[0]?.roll).toBe(meeting.state.seats.get(seatIdOf(1))?.roll);
    expect(rows[1]?.roll).toEqual({ by: { name: '秘书处 王芳', role: 'secretariat' }, at: T0 + 2_000, late: false, reason: '出差' });
    expect(JSON.stringify(rows[1])).not.toContain('acct-7');
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
