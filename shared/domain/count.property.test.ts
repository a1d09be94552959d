import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MotionThreshold } from './ballots/motion';
import { presentCount } from './evolve';
import type { AttendanceStatus } from './meeting';
import type { BodyKind } from './quorum';
import { consoleView } from './views';
import { castVote, createMeeting, motionSpec, run, seatIdOf, SECRETARIAT, settings, signIn, seatIds, T0 } from './test-fixtures';

const OPEN_AT = T0 + 10_000;
const VALID = ['yes', 'no', 'abstain'] as const;

/** A random sitting: who is present, the ballot's rules, and casts in arrival order. */
const scenario = fc
  .record({
    kind: fc.constantFrom<BodyKind>('congress', 'standing_committee', 'street_congress'),
    total: fc.integer({ min: 1, max: 60 }),
    threshold: fc.constantFrom<MotionThreshold>('majority_of_all', 'two_thirds_of_all'),
    named: fc.boolean(),
  })
  .chain((base) =>
    fc
      .record({
        attendance: fc.array(fc.constantFrom<AttendanceStatus>('present', 'present', 'absent', 'on_leave'), {
          minLength: base.total,
          maxLength: base.total,
        }),
        // Seat numbers past the roster are unknown seats; 'maybe' is an invalid paper. Repeats are
        // retries or second thoughts by the same seat.
        casts: fc.array(
          fc.tuple(fc.integer({ min: 1, max: base.total + 2 }), fc.constantFrom('yes', 'no', 'abstain', 'yes', 'maybe')),
          { maxLength: 3 * base.total },
        ),
      })
      .map((rest) => ({ ...base, ...rest })),
  );

describe('R2.2/R2.6 property: the folded register and box count the same as the casts themselves', () => {
  it('for random seats, attendance, choices and duplicates: countBallot via PublishResult = an independent first-cast count', () => {
    fc.assert(
      fc.property(scenario, ({ kind, total, threshold, named, attendance, casts }) => {
        // Everyone signs in so the sitting can open; then the secretariat records the real attendance.
        let m = run(signIn(createMeeting(kind, total), seatIds(total), T0), { type: 'OpenSession' }, T0 + 1);
        attendance.forEach((status, i) => {
          m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(i + 1), status }, T0 + 2, SECRETARIAT);
        });
        m = run(m, { type: 'StartItem', itemId: 'item-1' }, T0 + 3);
        const spec = motionSpec('b-1', { secrecy: named ? 'named' : 'anonymous', settings: settings({ threshold }) });
        m = run(m, { type: 'OpenBallot', spec, quorumOverrideReason: '属性测试' }, OPEN_AT);

        casts.forEach(([seat, option], i) => {
          m = castVote(m, 'b-1', seatIdOf(seat), { option }, OPEN_AT + 1 + i).meeting;
        });

        // Independent count, straight from the list: a seat's first acceptable paper counts.
        const present = attendance.filter((s) => s === 'present').length;
        const first = new Map<number, string>();
        for (const [seat, option] of casts) {
          const entitled = seat <= total && attendance[seat - 1] === 'present';
          if (entitled && (VALID as readonly string[]).includes(option) && !first.has(seat)) first.set(seat, option);
        }
        const tally = (o: string) => [...first.values()].filter((v) => v === o).length;
        const yes = tally('yes');

        m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 100_000);
        const pending = consoleView(m.state).ballots[0]?.pendingResult;
        m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 100_001);
        const published = m.state.ballots.get('b-1')?.result;
        if (published?.kind !== 'motion') throw new Error('a motion ballot publishes a motion result');
        const result = published;

        expect(presentCount(m.state)).toBe(present);
        expect(result).toMatchObject({
          total,
          present,
          voted: first.size,
          yes,
          no: tally('no'),
          abstain: tally('abstain'),
          notVoted: present - first.size,
          outcome: (threshold === 'majority_of_all' ? yes * 2 > total : yes * 3 >= total * 2) ? 'passed' : 'failed',
        });
        expect(result.yes + result.no + result.abstain + result.notVoted).toBe(present);
        expect(pending).toEqual(result);

        // R2.5: the register holds the choice only for a named ballot, and then it is the first one.
        for (const [seat, option] of first) {
          expect(m.state.registers.get('b-1')?.get(seatIdOf(seat))?.choiceKey).toBe(named ? option : null);
        }
      }),
      { numRuns: 200 },
    );
  });
});
