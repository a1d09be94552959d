import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBatchPaper, countBatch, tallyBatchPapers } from './ballots/batch';
import { checkElectionPaper, countElection, tallyElectionPapers } from './ballots/election';
import { batchBallot, electionBallot, listVoteBallot, ratingBallot, slateBallot } from './ballots/kind-fixtures';
import { countTally, type BallotKind, type BallotResult, type BallotSpec } from './ballots/kinds';
import { checkManualCounts, manualTally, type ManualCounts } from './ballots/manual';
import { countListVote } from './ballots/list-vote';
import { countMotion, MOTION_OPTIONS, type MotionCounts } from './ballots/motion';
import { checkRatingPaper, countRating, RATING_OPTIONS, tallyRatingPapers } from './ballots/rating';
import { checkSlatePaper, countSlate, tallySlatePapers } from './ballots/slate';
import type { AttendanceStatus } from './meeting';
import type { BodyKind } from './quorum';
import { castVote, createMeeting, motionSpec, replay, run, SECRETARIAT, seatIdOf, seatIds, signIn, T0 } from './test-fixtures';

const OPEN_AT = T0 + 10_000;

/** One spec per kind, small enough that random papers hit every rule (caps, write-ins, blanks). */
function specOf(kind: BallotKind, named: boolean): BallotSpec {
  const secrecy = named ? 'named' : 'anonymous';
  switch (kind) {
    case 'motion':
      return { ...motionSpec('b-1', { secrecy }), itemId: 'item-1' };
    case 'list_vote':
      return listVoteBallot('b-1', { secrecy });
    case 'batch':
      return batchBallot('b-1', 3, { secrecy });
    case 'slate':
      return slateBallot('b-1', 6, 3, { secrecy });
    case 'election':
      return electionBallot('b-1', 2, 3);
    case 'rating':
      return ratingBallot('b-1', 4);
  }
}

const marksOf = (ids: string[], options: readonly string[]) =>
  fc
    .array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...options)), { maxLength: ids.length + 1 })
    .map((pairs) => Object.fromEntries(pairs));

/** Random papers of a kind: mostly well-formed, some over a cap, some not papers of this ballot. */
function paperOf(kind: BallotKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'motion':
    case 'list_vote':
      return fc.constantFrom('yes', 'no', 'abstain', 'yes', 'maybe').map((option) => ({ option }));
    case 'batch':
      return marksOf(['a1', 'a2', 'a3', 'a3', 'zz'], MOTION_OPTIONS).map((marks) => ({ marks }));
    case 'slate':
      return fc.oneof(
        marksOf(['p01', 'p02', 'p03', 'p04', 'p05', 'p06'], ['yes', 'yes', 'no', 'abstain']).map((marks) => ({ marks })),
        fc.constant({ chosen: ['p01'] }),
      );
    case 'election':
      return fc
        .record({
          marks: marksOf(['c1', 'c2', 'c3'], MOTION_OPTIONS),
          writeIns: fc.option(fc.tuple(fc.constantFrom('c1', 'c2', 'c3'), fc.constantFrom('王五', '赵六', '候选人1')), { nil: undefined }),
        })
        .map(({ marks, writeIns }) => (writeIns ? { marks, writeIns: { [writeIns[0]]: writeIns[1] } } : { marks }));
    case 'rating':
      return marksOf(['s1', 's2', 's3', 's4', 'zz'], RATING_OPTIONS).map((marks) => ({ marks }));
  }
}

/** The module's own paper check, without the dispatcher: is this a valid, countable paper? */
function countable(spec: BallotSpec, paper: unknown): boolean {
  switch (spec.kind) {
    case 'motion':
    case 'list_vote':
      return (MOTION_OPTIONS as readonly unknown[]).includes((paper as { option: unknown }).option);
    case 'batch': {
      const c = checkBatchPaper(spec.batch, paper);
      return c.ok && c.voidReason === null;
    }
    case 'slate': {
      const c = checkSlatePaper(spec.slate, paper);
      return c.ok && c.voidReason === null;
    }
    case 'election': {
      const c = checkElectionPaper(spec.election, paper);
      return c.ok && c.voidReason === null;
    }
    case 'rating': {
      const c = checkRatingPaper(spec.rating, paper);
      return c.ok && c.voidReason === null;
    }
  }
}

/** An independent count: the papers as a list, tallied one by one, counted by the kind's module. */
function independentCount(spec: BallotSpec, papers: unknown[], total: number, present: number, bodyKind: BodyKind): BallotResult {
  const context = { total, present, issued: present };
  const motionCounts = (): MotionCounts => {
    const counts: MotionCounts = { yes: 0, no: 0, abstain: 0 };
    for (const p of papers) counts[(p as { option: keyof MotionCounts }).option] += 1;
    return counts;
  };
  switch (spec.kind) {
    case 'motion':
      return countMotion(motionCounts(), total, present, spec.settings);
    case 'list_vote':
      return countListVote(spec.list.members, motionCounts(), total, present);
    case 'batch':
      return countBatch(spec.batch, tallyBatchPapers(spec.batch, papers), context);
    case 'slate':
      return countSlate(spec.slate, tallySlatePapers(spec.slate, papers), context);
    case 'election':
      return countElection(spec.election, tallyElectionPapers(spec.election, papers), context);
    case 'rating':
      return countRating(spec.rating, tallyRatingPapers(spec.rating, papers), { ...context, bodyKind });
  }
}

/** What must add up, for the kinds that define it. */
function checkSums(result: BallotResult, present: number): void {
  switch (result.kind) {
    case 'motion':
      expect(result.yes + result.no + result.abstain + result.notVoted).toBe(present);
      break;
    case 'list_vote':
      expect(result.motion.yes + result.motion.no + result.motion.abstain + result.motion.notVoted).toBe(present);
      break;
    case 'batch':
      for (const item of result.items) {
        expect(item.motion.yes + item.motion.no + item.motion.abstain + item.blank).toBe(result.valid);
        expect(item.motion.yes + item.motion.no + item.motion.abstain + item.motion.notVoted).toBe(present);
      }
      break;
    case 'slate':
      expect(result.valid + result.void).toBe(result.returned);
      for (const p of result.projects) expect(p.yes + p.no + p.abstain + p.blank).toBe(result.valid);
      expect(result.returned).toBeLessThanOrEqual(present);
      break;
    case 'election':
      expect(result.valid + result.void).toBe(result.returned);
      for (const c of result.candidates) expect(c.yes + c.no + c.abstain).toBe(result.valid);
      break;
    case 'rating':
      expect(result.valid + result.void).toBe(result.returned);
      for (const s of result.subjects) expect(s.satisfied + s.basically_satisfied + s.unsatisfied + s.blank).toBe(result.valid);
      break;
  }
}

/** Whether a cast counts: its seat is on the roster and present, has no paper counted yet, and the paper is countable. */
function isCounted(spec: BallotSpec, total: number, attendance: readonly AttendanceStatus[], first: ReadonlyMap<number, unknown>, seat: number, paper: unknown): boolean {
  return seat <= total && attendance[seat - 1] === 'present' && !first.has(seat) && countable(spec, paper);
}

const KINDS: BallotKind[] = ['motion', 'batch', 'slate', 'election', 'list_vote', 'rating'];

const scenario = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    body: fc.constantFrom<BodyKind>('congress', 'standing_committee', 'street_congress'),
    total: fc.integer({ min: 1, max: 40 }),
    named: fc.boolean(),
  })
  .chain((base) =>
    fc
      .record({
        attendance: fc.array(fc.constantFrom<AttendanceStatus>('present', 'present', 'present', 'absent', 'on_leave'), {
          minLength: base.total,
          maxLength: base.total,
        }),
        // Seats past the roster are unknown; repeats are retries or second thoughts (first paper counts).
        casts: fc.array(fc.tuple(fc.integer({ min: 1, max: base.total + 2 }), paperOf(base.kind)), { maxLength: 2 * base.total }),
      })
      .map((rest) => ({ ...base, ...rest })),
  );

describe('property, every kind: the result folded from the log equals an independent count of the same papers', () => {
  it('for random kinds, seats, attendance and papers (valid, void, foreign, repeated)', () => {
    fc.assert(
      fc.property(scenario, ({ kind, body, total, named, attendance, casts }) => {
        let m = run(signIn(createMeeting(body, total), seatIds(total), T0), { type: 'OpenSession' }, T0 + 1);
        attendance.forEach((status, i) => {
          m = run(m, { type: 'RecordAttendance', seatId: seatIdOf(i + 1), status }, T0 + 2, SECRETARIAT);
        });
        m = run(m, { type: 'StartItem', itemId: 'item-1' }, T0 + 3);
        const spec = specOf(kind, named);
        m = run(m, { type: 'OpenBallot', spec, quorumOverrideReason: '属性测试' }, OPEN_AT);

        const first = new Map<number, unknown>();
        casts.forEach(([seat, paper], i) => {
          const { meeting, attempt } = castVote(m, 'b-1', seatIdOf(seat), paper, OPEN_AT + 1 + i);
          m = meeting;
          const accept = isCounted(spec, total, attendance, first, seat, paper);
          expect(attempt.recorded).toBe(accept);
          if (accept) first.set(seat, paper);
        });

        m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, OPEN_AT + 100_000);
        m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, OPEN_AT + 100_001);
        const result = m.state.ballots.get('b-1')!.result!;
        const present = attendance.filter((s) => s === 'present').length;

        expect(result).toEqual(independentCount(spec, [...first.values()], total, present, body));
        // The log alone rebuilds the same result (invariant 3).
        expect(replay(m.events).ballots.get('b-1')?.result).toEqual(result);
        checkSums(result, present);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * What the tellers would enter for these papers (R3.4, R3.11; a show of hands for a motion or a
 * list vote, R2.10). Not for a batch: a show of hands per item cannot tell how many papers there
 * were, only the most hands raised on any item.
 */
function enteredByHand(spec: BallotSpec, papers: unknown[]): ManualCounts | null {
  const hands = <T extends { yes: number; no: number; abstain: number }>({ yes, no, abstain }: T) => ({ yes, no, abstain });
  switch (spec.kind) {
    case 'motion':
    case 'list_vote': {
      const counts = { yes: 0, no: 0, abstain: 0 };
      for (const p of papers) counts[(p as { option: keyof MotionCounts }).option] += 1;
      return { kind: spec.kind, ...counts };
    }
    case 'batch':
      return null;
    case 'slate': {
      const tally = tallySlatePapers(spec.slate, papers);
      const voids = Object.values(tally.void).reduce((a, b) => a + b, 0);
      return { kind: 'slate', returned: tally.returned, void: voids, projects: tally.projects.map((p) => ({ projectId: p.projectId, ...hands(p) })) };
    }
    case 'election': {
      const tally = tallyElectionPapers(spec.election, papers);
      const voids = Object.values(tally.void).reduce((a, b) => a + b, 0);
      return {
        kind: 'election',
        returned: tally.returned,
        void: voids,
        candidates: tally.candidates.map((c) => ({ candidateId: c.candidateId, ...hands(c) })),
        writeIns: [...tally.writeIns].map(([name, votes]) => ({ name, votes })),
      };
    }
    case 'rating': {
      const tally = tallyRatingPapers(spec.rating, papers);
      return {
        kind: 'rating',
        returned: tally.returned,
        void: tally.unreadable,
        subjects: tally.subjects.map(({ subjectId, satisfied, basically_satisfied, unsatisfied }) => ({ subjectId, satisfied, basically_satisfied, unsatisfied })),
      };
    }
  }
}

/**
 * manual.ts's promise: a hand count and an electronic count of the same papers give the same
 * result. Papers a tablet can cast are never void, so this compares counts without 废票; the void
 * and blank figures of an entered count are held by manual.test.ts's worked numbers.
 */
describe('property, every kind but the batch: the same papers counted by hand give the same result', () => {
  it('the counts the tellers would enter pass the manual check and count as the box does', () => {
    let compared = 0;
    fc.assert(
      fc.property(scenario, ({ kind, body, total, named, attendance, casts }) => {
        const spec = specOf(kind, named);
        const present = attendance.filter((s) => s === 'present').length;
        // The first countable paper of each seat present, as the property above accepts them.
        const first = new Map<number, unknown>();
        for (const [seat, paper] of casts) {
          if (isCounted(spec, total, attendance, first, seat, paper)) first.set(seat, paper);
        }
        const papers = [...first.values()];
        const counts = enteredByHand(spec, papers);
        if (counts === null) return;
        compared++;
        expect(checkManualCounts(spec, counts, present)).toEqual([]);
        const byHand = countTally(spec, manualTally(spec, counts), { total, present, issued: present, bodyKind: body });
        expect(byHand).toEqual(independentCount(spec, papers, total, present, body));
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(150);
  });
});
