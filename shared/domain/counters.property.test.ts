import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPaper, applyRegisterEntry, boxOf, evolve, recountAttendance, turnout } from './evolve';
import type { AttendanceStatus, MeetingEvent, MeetingState, RegisterEntry } from './meeting';
import { consoleView, publicView } from './views';
import { createMeeting, motionSpec, SECRETARIAT, seatIdOf, T0 } from './test-fixtures';

/**
 * Invariant 5: present, on leave and turnout are counters kept by the fold, never recounted.
 * Whatever the order of events (including events about seats the roster lacks, repeats, and
 * changes back and forth), each counter equals a full recount of the state it belongs to, and
 * folding never changes a state already handed out (evolve is pure).
 */
const SEATS = 25;
const seatId = fc.oneof(
  fc.integer({ min: 1, max: SEATS }).map(seatIdOf),
  fc.constantFrom('constructor', '__proto__', 'toString', 'seat-999'),
);
const status = fc.constantFrom<AttendanceStatus>('absent', 'present', 'on_leave');

type Step =
  | { kind: 'attendance'; seatId: string; status: AttendanceStatus }
  | { kind: 'open'; ballotId: string }
  | { kind: 'close'; ballotId: string }
  | { kind: 'vote'; ballotId: string; seatId: string; receipt: number };

const ballotId = fc.constantFrom('b-1', 'b-2', 'b-3', 'constructor');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('attendance' as const), seatId, status }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('open' as const), ballotId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), ballotId }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('vote' as const), ballotId, seatId, receipt: fc.integer({ min: 1, max: 3 }) }) },
);

function apply(state: MeetingState, s: Step, at: number): MeetingState {
  const by = SECRETARIAT;
  switch (s.kind) {
    case 'attendance':
      return evolve(state, { type: 'AttendanceRecorded', at, by, seatId: s.seatId, status: s.status });
    case 'open': {
      const event: MeetingEvent = {
        type: 'BallotOpened',
        at,
        by,
        spec: motionSpec(s.ballotId),
        deadline: null,
        present: state.present,
        quorumMet: true,
        quorumOverride: null,
      };
      return evolve(state, event);
    }
    case 'close':
      return evolve(state, { type: 'BallotClosed', at, by, ballotId: s.ballotId, reason: 'presidium', present: state.present });
    case 'vote': {
      const p: RegisterEntry = {
        ballotId: s.ballotId,
        seatId: s.seatId,
        idempotencyKey: `k-${s.seatId}-${s.receipt}`,
        receiptId: `r-${s.seatId}-${s.receipt}`,
        at,
        choiceKey: null,
      };
      return applyRegisterEntry(state, p);
    }
  }
}

/** Turnout by a full recount of the register: seats on the roster with an entry. */
function recountTurnout(state: MeetingState, id: string): number {
  let n = 0;
  for (const seat of state.spec.delegates) if (state.registers.get(id)?.has(seat.seatId)) n++;
  return n;
}

describe('invariant 5: the fold keeps its aggregates as counters equal to a full recount', () => {
  it('present, on leave and per-ballot turnout after random event sequences', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const created = createMeeting('standing_committee', SEATS).state;
        let state: MeetingState = { ...created, phase: 'in_session', currentItemId: 'item-1' };
        let at = T0;
        for (const s of steps) {
          state = apply(state, s, ++at);
          expect(recountAttendance(state)).toEqual({ present: state.present, onLeave: state.onLeave });
        }
        for (const id of ['b-1', 'b-2', 'b-3', 'constructor', 'toString']) expect(turnout(state, id)).toBe(recountTurnout(state, id));
        const { attendance } = publicView(state);
        expect([attendance.present, attendance.onLeave]).toEqual([state.present, state.onLeave]);
        expect(consoleView(state).seats.filter((seat) => seat.attendance === 'present')).toHaveLength(state.present);
      }),
      { numRuns: 300 },
    );
  });

  it('folding leaves every earlier state as it was (evolve is pure)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        let state: MeetingState = { ...createMeeting('standing_committee', SEATS).state, phase: 'in_session', currentItemId: 'item-1' };
        const history: { state: MeetingState; view: string }[] = [];
        let at = T0;
        for (const s of steps) {
          history.push({ state, view: JSON.stringify(consoleView(state)) });
          state = apply(state, s, ++at);
        }
        for (const earlier of history) expect(JSON.stringify(consoleView(earlier.state))).toBe(earlier.view);
      }),
      { numRuns: 100 },
    );
  });

  it('a box kept paper by paper (addPaper, O(log K)) equals a count of the papers, whatever their keys', () => {
    const key = fc.constantFrom('yes', 'no', 'abstain', '__proto__', 'constructor', '{"marks":{"c1":"yes"}}');
    fc.assert(
      fc.property(fc.array(key, { maxLength: 80 }), (papers) => {
        const opened = evolve(
          { ...createMeeting('standing_committee', SEATS).state, phase: 'in_session', currentItemId: 'item-1' },
          { type: 'BallotOpened', at: T0, by: SECRETARIAT, spec: motionSpec('b-1'), deadline: null, present: 0, quorumMet: true, quorumOverride: null },
        );
        const state = papers.reduce((s, paper) => addPaper(s, 'b-1', paper), opened);
        const expected = new Map<string, number>();
        for (const paper of papers) expected.set(paper, (expected.get(paper) ?? 0) + 1);
        const box = boxOf(state, 'b-1')!;
        expect(Object.getPrototypeOf(box)).toBe(Object.prototype);
        expect(new Map(Object.entries(box))).toEqual(expected);
        expect(boxOf(opened, 'b-1')).toEqual({});
      }),
      { numRuns: 200 },
    );
  });
});
