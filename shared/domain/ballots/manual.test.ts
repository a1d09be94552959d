// Manual entry through its one face (manual.ts), every kind's row of rules: worked numbers for the
// checks, 收回 and the tally each kind makes of what the presidium typed in.
import { describe, expect, it } from 'vitest';
import { motionSpec } from '../test-fixtures';
import { batchBallot, electionBallot, listVoteBallot, ratingBallot, slateBallot } from './kind-fixtures';
import { checkManualCounts, manualIssued, manualReturned, manualTally, type ManualCounts } from './manual';

describe('a show of hands (motion, list vote): 赞成 → 反对 → 弃权 (R2.10)', () => {
  const hands: ManualCounts = { kind: 'motion', yes: 40, no: 5, abstain: 3 };

  it('takes at most as many hands as 实到, and counts 收回 as the hands raised', () => {
    expect(checkManualCounts(motionSpec('m-1'), hands, 48)).toEqual([]);
    // 40 + 5 + 3 = 48 hands in a hall of 47.
    expect(checkManualCounts(motionSpec('m-1'), hands, 47)).toEqual(['举手表决：赞成+反对+弃权共 48，超过实到人数 47 (more than 47)']);
    expect(checkManualCounts(motionSpec('m-1'), { ...hands, no: -1 }, 48)).toEqual(['举手表决: no must be a whole number ≥ 0']);
    expect(manualReturned(hands)).toBe(48);
    expect(manualIssued(hands)).toBeUndefined();
    expect(manualTally(motionSpec('m-1'), hands)).toEqual({ kind: 'motion', counts: { yes: 40, no: 5, abstain: 3 } });
  });

  it('a list vote is counted as a motion on the list', () => {
    const listHands: ManualCounts = { kind: 'list_vote', yes: 30, no: 2, abstain: 1 };
    expect(checkManualCounts(listVoteBallot('l-1'), listHands, 33)).toEqual([]);
    expect(manualTally(listVoteBallot('l-1'), listHands)).toEqual({ kind: 'list_vote', counts: { yes: 30, no: 2, abstain: 1 } });
  });
});

describe('a batch: a show of hands per item', () => {
  const spec = batchBallot('b-1', 2);
  const counts: ManualCounts = {
    kind: 'batch',
    items: [
      { itemId: 'a1', yes: 30, no: 10, abstain: 5 },
      { itemId: 'a2', yes: 25, no: 15, abstain: 2 },
    ],
  };

  it('takes every item once; 收回 is the most hands raised on any item, and an item with fewer is blank by the rest', () => {
    expect(checkManualCounts(spec, counts, 45)).toEqual([]);
    expect(manualReturned(counts)).toBe(45);
    expect(manualTally(spec, counts)).toEqual({
      kind: 'batch',
      tally: {
        returned: 45,
        unreadable: 0,
        items: [
          { itemId: 'a1', yes: 30, no: 10, abstain: 5, blank: 0 },
          // 45 − (25 + 15 + 2) = 3 did not raise a hand on a2.
          { itemId: 'a2', yes: 25, no: 15, abstain: 2, blank: 3 },
        ],
      },
    });
  });

  it('names an item missing, entered twice or not on the ballot', () => {
    const a1 = { itemId: 'a1', yes: 1, no: 0, abstain: 0 };
    expect(checkManualCounts(spec, { kind: 'batch', items: [a1, a1, { ...a1, itemId: 'zz' }] }, 45)).toEqual([
      'item a1 is entered twice',
      'item zz is not on this ballot',
      'item a2 has no count',
    ]);
  });
});

describe('a paper count (slate, election, rating): 发出 / 收回 / 废票 and each option', () => {
  it('slate: each project over the valid papers, and no more 赞成 than the places allow', () => {
    const spec = slateBallot('s-1', 2, 1);
    const projects = [
      { projectId: 'p01', yes: 30, no: 10, abstain: 5 },
      { projectId: 'p02', yes: 12, no: 20, abstain: 10 },
    ];
    // 50 returned, 2 void: 48 valid papers.
    const counts: ManualCounts = { kind: 'slate', issued: 52, returned: 50, void: 2, projects };
    expect(checkManualCounts(spec, counts, 52)).toEqual([]);
    expect(manualReturned(counts)).toBe(50);
    expect(manualIssued(counts)).toBe(52);
    const tally = manualTally(spec, counts);
    expect(tally.kind === 'slate' && tally.tally.projects).toEqual([
      { projectId: 'p01', yes: 30, no: 10, abstain: 5, blank: 3 },
      { projectId: 'p02', yes: 12, no: 20, abstain: 10, blank: 6 },
    ]);
    expect(tally.kind === 'slate' && tally.tally.void.paper_count).toBe(2);
    expect(checkManualCounts(spec, { ...counts, void: 51 }, 52)).toEqual(['废票数不能多于收回票数 (void cannot exceed returned)']);
    // Choose up to 1 of 2: 30 + 19 赞成 on 48 valid papers is more than one each.
    const capped = slateBallot('s-2', 2, 1, { slate: { ...spec.slate, settings: { ...spec.slate.settings, form: 'choose_up_to_k' } } });
    expect(checkManualCounts(capped, { ...counts, projects: [projects[0]!, { ...projects[1]!, yes: 19, abstain: 3 }] }, 52)).toEqual([
      '赞成票共 49，超过每张有效票最多 1 个赞成所允许的总数 (more than 1 per valid paper allows)',
    ]);
  });

  it('election: every candidate is marked on every valid paper (R3.2), write-ins only where allowed', () => {
    const spec = electionBallot('e-1', 1, 2);
    const counts: ManualCounts = {
      kind: 'election',
      returned: 40,
      void: 1,
      candidates: [
        { candidateId: 'c1', yes: 25, no: 10, abstain: 4 },
        { candidateId: 'c2', yes: 10, no: 20, abstain: 9 },
      ],
      writeIns: [],
    };
    expect(checkManualCounts(spec, counts, 40)).toEqual([]);
    const c2Short = { ...counts, candidates: [counts.candidates[0]!, { candidateId: 'c2', yes: 10, no: 20, abstain: 8 }] };
    expect(checkManualCounts(spec, c2Short, 40)).toEqual(['候选人 c2：赞成+反对+弃权应等于有效票数 39 (must equal the valid papers)']);
    const tally = manualTally(spec, counts);
    expect(tally.kind === 'election' && tally.tally.candidates).toEqual([
      { candidateId: 'c1', yes: 25, no: 10, abstain: 4 },
      { candidateId: 'c2', yes: 10, no: 20, abstain: 9 },
    ]);
    expect(tally.kind === 'election' && [...tally.tally.writeIns]).toEqual([]);
    const noWriteIns = electionBallot('e-2', 1, 2, { election: { ...spec.election, settings: { ...spec.election.settings, allowWriteIns: false } } });
    expect(checkManualCounts(noWriteIns, { ...counts, writeIns: [{ name: '王五', votes: 1 }] }, 40)).toEqual(['this election allows no write-ins']);
    const withWriteIns = electionBallot('e-3', 1, 2, { election: { ...spec.election, settings: { ...spec.election.settings, allowWriteIns: true } } });
    // 25 + 10 赞成 and 4 for 王五: 39 picks on 39 valid papers for one seat.
    const writeIn = { ...counts, writeIns: [{ name: '王五', votes: 4 }] };
    expect(checkManualCounts(withWriteIns, writeIn, 40)).toEqual([]);
    const withTally = manualTally(withWriteIns, writeIn);
    expect(withTally.kind === 'election' && [...withTally.tally.writeIns]).toEqual([['王五', 4]]);
    expect(checkManualCounts(withWriteIns, { ...writeIn, writeIns: [{ name: '王五', votes: 5 }] }, 40)).toEqual([
      '赞成票与另选他人票共 40，超过每张有效票最多选 1 人所允许的总数 (R3.3)',
    ]);
  });

  it('rating: the three answers of a subject are at most the valid papers; the rest are blank', () => {
    const spec = ratingBallot('r-1', 1);
    const counts: ManualCounts = { kind: 'rating', returned: 30, void: 0, subjects: [{ subjectId: 's1', satisfied: 20, basically_satisfied: 6, unsatisfied: 2 }] };
    expect(checkManualCounts(spec, counts, 30)).toEqual([]);
    const tally = manualTally(spec, counts);
    expect(tally.kind === 'rating' && tally.tally).toEqual({
      returned: 30,
      unreadable: 0,
      subjects: [{ subjectId: 's1', satisfied: 20, basically_satisfied: 6, unsatisfied: 2, blank: 2 }],
    });
    const tooMany = { ...counts, subjects: [{ subjectId: 's1', satisfied: 25, basically_satisfied: 6, unsatisfied: 2 }] };
    expect(checkManualCounts(spec, tooMany, 30)).toEqual(['subject s1: the three counts are more than the 30 valid papers']);
  });
});

describe('counts of another kind', () => {
  it('of no kind at all (an imported archive\'s event is checked only for its type): none returned, not a throw', () => {
    for (const kind of ['constructor', '__proto__', 'toString']) {
      expect(manualReturned({ kind, returned: 5 } as unknown as ManualCounts)).toBe(0);
    }
  });

  it('are refused by the check, and make the ballot kind’s empty tally', () => {
    const hands: ManualCounts = { kind: 'motion', yes: 3, no: 0, abstain: 0 };
    expect(checkManualCounts(batchBallot('b-1', 1), hands, 10)).toEqual(['these are motion counts but the ballot is a batch']);
    expect(manualTally(batchBallot('b-1', 1), hands)).toEqual({
      kind: 'batch',
      tally: { returned: 0, unreadable: 0, items: [{ itemId: 'a1', yes: 0, no: 0, abstain: 0, blank: 0 }] },
    });
  });
});
