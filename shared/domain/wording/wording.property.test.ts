/**
 * Property (issue 10, R2.6, R3.4, R4.3, R4.6): every figure read aloud reconciles, for every kind,
 * over random boxes folded through the real log — including voters who leave before the close.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchBallot, electionBallot, listVoteBallot, ratingBallot, slateBallot } from '../ballots/kind-fixtures';
import type { BallotKind, BallotSpec } from '../ballots/kinds';
import { MOTION_OPTIONS } from '../ballots/motion';
import { RATING_OPTIONS } from '../ballots/rating';
import type { BodyKind } from '../quorum';
import { castVote, changeAttendance, createMeeting, motionSpec, run, SECRETARIAT, seatIdOf, seatIds, signIn, T0 } from '../test-fixtures';
import { resultAnnouncement } from './announce';
import { resultFigures } from './figures';
import { readout, validOf } from './readout';

const OPEN_AT = T0 + 10_000;

function specOf(kind: BallotKind, chooseForm: boolean): BallotSpec {
  switch (kind) {
    case 'motion':
      return { ...motionSpec('b-1'), itemId: 'item-1' };
    case 'list_vote':
      return listVoteBallot('b-1');
    case 'batch':
      return batchBallot('b-1', 3);
    case 'slate': {
      const spec = slateBallot('b-1', 6, 3);
      return chooseForm && spec.kind === 'slate'
        ? { ...spec, slate: { ...spec.slate, settings: { ...spec.slate.settings, form: 'choose_up_to_k' } } }
        : spec;
    }
    case 'election':
      return electionBallot('b-1', 2, 3);
    case 'rating':
      return ratingBallot('b-1', 4);
  }
}

const marksOf = (ids: string[], options: readonly string[]) =>
  fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...options)), { maxLength: ids.length }).map((pairs) => Object.fromEntries(pairs));

function paperOf(kind: BallotKind, chooseForm: boolean): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'motion':
    case 'list_vote':
      return fc.constantFrom(...MOTION_OPTIONS).map((option) => ({ option }));
    case 'batch':
      return marksOf(['a1', 'a2', 'a3'], MOTION_OPTIONS).map((marks) => ({ marks }));
    case 'slate':
      return chooseForm
        ? fc.subarray(['p01', 'p02', 'p03', 'p04', 'p05', 'p06'], { maxLength: 3 }).map((chosen) => ({ chosen: [...chosen].sort() }))
        : marksOf(['p01', 'p02', 'p03', 'p04', 'p05', 'p06'], ['yes', 'no', 'abstain']).map((marks) => ({ marks }));
    case 'election':
      return marksOf(['c1', 'c2', 'c3'], MOTION_OPTIONS).map((marks) => ({ marks }));
    case 'rating':
      return marksOf(['s1', 's2', 's3', 's4'], RATING_OPTIONS).map((marks) => ({ marks }));
  }
}

const KINDS: BallotKind[] = ['motion', 'batch', 'slate', 'election', 'list_vote', 'rating'];

const scenario = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    body: fc.constantFrom<BodyKind>('congress', 'standing_committee', 'street_congress'),
    total: fc.integer({ min: 3, max: 30 }),
    chooseForm: fc.boolean(),
  })
  .chain((base) =>
    fc
      .record({
        present: fc.array(fc.boolean(), { minLength: base.total, maxLength: base.total }),
        casts: fc.array(fc.tuple(fc.integer({ min: 1, max: base.total }), paperOf(base.kind, base.chooseForm)), { maxLength: base.total }),
        leavers: fc.array(fc.integer({ min: 1, max: base.total }), { maxLength: 4 }),
      })
      .map((rest) => ({ ...base, ...rest })),
  );

describe('every figure read aloud reconciles (R2.6, R3.4, R4.3, R4.6)', () => {
  it('for every kind: each row 赞成+反对+弃权 = 有效票, 参加表决 + 未表决 = 实到, 收回 ≤ 发出, as printed', () => {
    fc.assert(
      fc.property(scenario, ({ kind, body, total, chooseForm, present, casts, leavers }) => {
        let m = run(signIn(createMeeting(body, total), seatIds(total), T0), { type: 'OpenSession' }, T0 + 1);
        present.forEach((here, i) => {
          if (!here) m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(i + 1), status: 'absent' }, T0 + 2, SECRETARIAT);
        });
        m = run(m, { type: 'StartItem', itemId: 'item-1' }, T0 + 3);
        m = run(m, { type: 'OpenBallot', spec: specOf(kind, chooseForm), quorumOverrideReason: '属性测试' }, OPEN_AT);
        casts.forEach(([seat, paper], i) => {
          m = castVote(m, 'b-1', seatIdOf(seat), paper, OPEN_AT + 1 + i).meeting;
        });
        // Some delegates (voters or not) leave before the close: 实到 keeps the voters (R2.6).
        leavers.forEach((seat, i) => {
          m = changeAttendance(m, seatIdOf(seat), 'absent', OPEN_AT + 5_000 + i);
        });
        m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 100_000);
        m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 100_001);
        const result = m.state.ballots.get('b-1')!.result!;

        const r = readout(result);
        expect(r.attendance.voted + r.attendance.notVoted).toBe(r.attendance.present);
        expect(r.attendance.present).toBeLessThanOrEqual(r.attendance.total);
        for (const row of r.rows) expect(row.yes + row.no + row.abstain).toBe(validOf(r));
        if (r.papers) {
          expect(r.papers.valid + r.papers.void).toBe(r.papers.returned);
          if (r.papers.issued !== null) expect(r.papers.returned).toBeLessThanOrEqual(r.papers.issued);
          expect(r.papers.returnedExceedsIssued).toBe(false);
        }
        if (result.kind === 'slate' && result.form === 'choose_up_to_k') {
          for (const p of result.projects) expect(p.yes + p.blank).toBe(result.valid);
        }
        if (result.kind === 'rating') {
          for (const s of result.subjects) expect(s.satisfied + s.basically_satisfied + s.unsatisfied + s.blank).toBe(result.valid);
        }

        // The printed figures and the announcement carry exactly these numbers.
        const figures = Object.fromEntries(resultFigures(result).map((f) => [f.key, f.n]));
        expect(figures['present']).toBe(r.attendance.present);
        expect(figures['voted']).toBe(r.attendance.voted);
        expect(figures['notVoted']).toBe(r.attendance.notVoted);
        const text = resultAnnouncement(result, body);
        expect(text).not.toContain('未按');
        if (result.kind !== 'rating') {
          expect(text).toContain(`实到 ${r.attendance.present} 人，参加表决 ${r.attendance.voted} 人，未表决 ${r.attendance.notVoted} 人`);
        }
        for (const row of r.rows) expect(text).toContain(`赞成 ${row.yes} 票，反对 ${row.no} 票，弃权 ${row.abstain} 票`);
      }),
      { numRuns: 300 },
    );
  });
});
