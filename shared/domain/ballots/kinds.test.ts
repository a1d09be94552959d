import { describe, expect, it } from 'vitest';
import { batchBallot, electionBallot, listVoteBallot, ratingBallot, slateBallot } from './kind-fixtures';
import { checkBallotSpec, checkChoice, countBallot, type BallotBox, type BallotSpec, type MotionBallotSpec } from './kinds';
import { DEFAULT_MOTION_SETTINGS } from './motion';

const motion: MotionBallotSpec = {
  kind: 'motion',
  ballotId: 'b-1',
  itemId: 'item-1',
  title: '决议草案',
  secrecy: 'anonymous',
  settings: DEFAULT_MOTION_SETTINGS,
  durationSec: 60,
  rerunOf: null,
};
const ctx = { total: 60, present: 50, bodyKind: 'congress' as const };

function boxOf(spec: BallotSpec, papers: Array<[unknown, number]>): BallotBox {
  const box: BallotBox = {};
  for (const [paper, n] of papers) {
    const check = checkChoice(spec, paper);
    if (!check.ok) throw new Error(check.message);
    box[check.key] = (box[check.key] ?? 0) + n;
  }
  return box;
}

describe('checkBallotSpec: what stops a ballot from opening', () => {
  it('accepts one well-formed ballot of every kind', () => {
    for (const spec of [motion, batchBallot('b'), slateBallot('b'), electionBallot('b'), listVoteBallot('b'), ratingBallot('b')]) {
      expect(checkBallotSpec(spec)).toEqual([]);
    }
  });

  it('R3.1/R5.2: an election or a rating can never be named', () => {
    expect(checkBallotSpec(electionBallot('b', 2, 3, { secrecy: 'named' })).join()).toContain('R3.1');
    expect(checkBallotSpec(ratingBallot('b', 8, { secrecy: 'named' })).join()).toContain('R5.2');
  });

  it('pressRule last_counts: only on a named, electronic ballot', () => {
    expect(checkBallotSpec({ ...motion, pressRule: 'last_counts' }).join()).toContain('needs a named ballot');
    expect(checkBallotSpec({ ...motion, secrecy: 'named', pressRule: 'last_counts', method: 'manual' }).join()).toContain('electronic');
    expect(checkBallotSpec({ ...motion, secrecy: 'named', pressRule: 'last_counts' })).toEqual([]);
    expect(checkBallotSpec({ ...batchBallot('b'), secrecy: 'named', pressRule: 'last_counts' })).toEqual([]);
    expect(checkBallotSpec({ ...motion, pressRule: 'first_final' })).toEqual([]);
  });

  it("passes on each kind's own problems: no places, duplicate ids, an empty list, a teller who is a candidate", () => {
    const slate = slateBallot('b');
    expect(checkBallotSpec({ ...slate, slate: { ...slate.slate, places: 0 } })).toContain('places must be a whole number ≥ 1');
    const batch = batchBallot('b');
    expect(checkBallotSpec({ ...batch, batch: { ...batch.batch, items: [...batch.batch.items, batch.batch.items[0]!] } })).toContain(
      'duplicate item id a1',
    );
    expect(checkBallotSpec(listVoteBallot('b', { list: { members: [] } })).join()).toContain('at least one name');
    expect(checkBallotSpec(listVoteBallot('b', { list: { members: ['甲', ' 甲 '] } })).join()).toContain('twice');
    const e = electionBallot('b');
    expect(checkBallotSpec({ ...e, election: { ...e.election, tellers: { chief: '候选人1', members: [] } } })).toContain(
      'teller 候选人1 is a candidate',
    );
    expect(checkBallotSpec({ ...motion, title: '  ' }).join()).toContain('title');
  });
});

describe('checkChoice: each kind checks its own paper; a paper that would be void is refused with the reason', () => {
  it('motion and list_vote take {option}', () => {
    expect(checkChoice(listVoteBallot('b'), { option: 'yes' })).toEqual({ ok: true, key: 'yes' });
    expect(checkChoice(listVoteBallot('b'), { marks: {} }).ok).toBe(false);
  });

  it('R4.3: a slate paper with 11 赞成 of 10 places is refused and says why; 10 is accepted', () => {
    const spec = slateBallot('b');
    const marks = (n: number) => Object.fromEntries(spec.slate.projects.slice(0, n).map((p) => [p.projectId, 'yes']));
    expect(checkChoice(spec, { marks: marks(10) }).ok).toBe(true);
    const over = checkChoice(spec, { marks: marks(11) });
    expect(over).toMatchObject({ ok: false });
    expect(!over.ok && over.message).toContain('超过10个');
    expect(checkChoice(spec, { chosen: ['p01'] })).toMatchObject({ ok: false, message: 'this ballot marks each project: send {marks}' });
  });

  it('R3.3: an election paper naming 3 people for 2 seats is refused; a write-in in an abstained slot too', () => {
    const spec = electionBallot('b');
    expect(checkChoice(spec, { marks: { c1: 'yes', c2: 'yes' } })).toEqual({ ok: true, key: '{"marks":{"c1":"yes","c2":"yes"},"writeIns":{}}' });
    const over = checkChoice(spec, { marks: { c1: 'yes', c2: 'yes', c3: 'yes' } });
    expect(!over.ok && over.message).toContain('R3.3');
    const abstainWriteIn = checkChoice(spec, { marks: {}, writeIns: { c3: '王五' } });
    expect(!abstainWriteIn.ok && abstainWriteIn.message).toContain('反对');
    expect(checkChoice(spec, { marks: { c3: 'no' }, writeIns: { c3: '王五' } }).ok).toBe(true);
  });

  it('batch and rating: unknown ids are refused; blanks are fine', () => {
    expect(checkChoice(batchBallot('b'), { marks: { a1: 'yes' } }).ok).toBe(true);
    expect(checkChoice(batchBallot('b'), { marks: { zz: 'yes' } }).ok).toBe(false);
    expect(checkChoice(ratingBallot('b'), { marks: { s1: 'satisfied', s8: 'unsatisfied' } }).ok).toBe(true);
    expect(checkChoice(ratingBallot('b'), { marks: { s1: 'yes' } }).ok).toBe(false);
  });

  it('R2.4: a manual ballot takes no tablet papers at all', () => {
    const manual = checkChoice({ ...motion, method: 'manual' }, { option: 'yes' });
    expect(manual.ok).toBe(false);
  });
});

describe('countBallot dispatches to each kind with 应到 60, 实到 50', () => {
  it('R4.5: a slate of 3 projects for 2 places: 31 赞成 passes (> 30), 30 does not', () => {
    const spec = slateBallot('b', 3, 2);
    const box = boxOf(spec, [
      [{ marks: { p01: 'yes', p02: 'yes' } }, 30],
      [{ marks: { p01: 'yes', p03: 'no' } }, 1],
      [{ marks: {} }, 4],
    ]);
    const r = countBallot(spec, box, ctx);
    expect(r).toMatchObject({ kind: 'slate', returned: 35, valid: 35, adopted: ['p01'], openPlaces: 1, outcome: 'places_open' });
  });

  it('R3.10: a list vote carries with 31 赞成 of 60 and elects the whole list', () => {
    const r = countBallot(listVoteBallot('b'), { yes: 31, no: 5, abstain: 2 }, ctx);
    expect(r).toMatchObject({ kind: 'list_vote', elected: ['甲', '乙', '丙', '丁', '戊', '己', '庚'], motion: { notVoted: 12 } });
  });

  it('R2.6/R2.7: a batch item left unmarked on 5 papers counts them as 弃权; 未表决 = non-voters (R4.3 by analogy)', () => {
    const spec = batchBallot('b', 2);
    const box = boxOf(spec, [
      [{ marks: { a1: 'yes', a2: 'yes' } }, 40],
      [{ marks: { a1: 'no' } }, 5],
    ]);
    const r = countBallot(spec, box, { ...ctx, notVoted: 5 });
    if (r.kind !== 'batch') throw new Error('batch');
    expect(r.items.map((i) => [i.motion.yes, i.motion.no, i.blank, i.motion.notVoted, i.motion.outcome])).toEqual([
      [40, 5, 0, 5, 'passed'],
      [40, 0, 0, 5, 'passed'],
    ]);
  });

  it('R5.3: a rating records the quorum of the body with the result', () => {
    const spec = ratingBallot('b', 2);
    const r = countBallot(spec, boxOf(spec, [[{ marks: { s1: 'satisfied' } }, 30]]), { ...ctx, bodyKind: 'standing_committee' });
    expect(r).toMatchObject({ kind: 'rating', quorum: { met: true, rule: 'more_than_half_of_all' } });
  });

  it('R3.5: an election counts 31 of 60 as elected and reports the open seat', () => {
    const spec = electionBallot('b');
    const r = countBallot(spec, boxOf(spec, [[{ marks: { c1: 'yes', c2: 'no' } }, 31], [{ marks: { c2: 'yes' } }, 19]]), ctx);
    expect(r).toMatchObject({ kind: 'election', outcome: 'seats_open', openSeats: 1, elected: [{ candidateId: 'c1', votes: 31 }] });
  });
});
