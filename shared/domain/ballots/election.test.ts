import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkElectionPaper,
  checkElectionSpec,
  countElection,
  DEFAULT_ELECTION_SETTINGS,
  electionPaperKey,
  followUpElection,
  parseElectionPaperKey,
  tallyElectionBox,
  tallyElectionPapers,
  type ElectionPaper,
  type ElectionSettings,
  type ElectionSpec,
} from './election';
import type { ElectionPostType } from './election-margin';
import type { BallotBox } from './kinds';
import { countListVote } from './list-vote';
import type { CountContext } from './tally';

const NAMES: Record<string, string> = { a: '赵一', b: '钱二', c: '孙三', d: '李四' };

function election(
  seats: number,
  candidateIds: string[],
  settings: Partial<ElectionSettings> = {},
  postType: ElectionPostType = 'deputy',
): ElectionSpec {
  return {
    post: '县人民政府副县长',
    postType,
    seats,
    candidates: candidateIds.map((id) => ({ candidateId: id, name: NAMES[id] ?? id })),
    tellers: { chief: '周监', members: ['吴监', '郑监'] },
    settings: { ...DEFAULT_ELECTION_SETTINGS, ...settings },
  };
}

function paper(marks: ElectionPaper['marks'], writeIns: ElectionPaper['writeIns'] = {}): ElectionPaper {
  return { marks, writeIns };
}

function boxOf(entries: Array<[ElectionPaper, number]>): BallotBox {
  const box: BallotBox = {};
  for (const [p, n] of entries) {
    const key = electionPaperKey(p);
    box[key] = (box[key] ?? 0) + n;
  }
  return box;
}

function count(spec: ElectionSpec, entries: Array<[ElectionPaper, number]>, context: CountContext) {
  return countElection(spec, tallyElectionBox(spec, boxOf(entries)), context);
}

describe('R3.2 election paper keys', () => {
  it('R3.2: unmarked = 弃权, so explicit abstentions are dropped; write-in names are normalized', () => {
    expect(electionPaperKey(paper({ b: 'no', a: 'yes', c: 'abstain' }, { b: ' 王　五 ' }))).toBe(
      '{"marks":{"a":"yes","b":"no"},"writeIns":{"b":"王五"}}',
    );
    expect(electionPaperKey(paper({}))).toBe('{"marks":{},"writeIns":{}}');
  });

  it('R3.2: parse(key) round-trips and rejects other spellings', () => {
    const key = '{"marks":{"a":"yes","b":"no"},"writeIns":{"b":"王五"}}';
    expect(parseElectionPaperKey(key)).toEqual({ ok: true, value: paper({ a: 'yes', b: 'no' }, { b: '王五' }) });
    expect(parseElectionPaperKey('{"marks":{"a":"yes","c":"abstain"},"writeIns":{}}').ok).toBe(false);
    expect(parseElectionPaperKey('{"marks":{}}').ok).toBe(false);
    expect(parseElectionPaperKey('{"marks":{},"writeIns":{"b":"王 五"}}').ok).toBe(false);
  });
});

describe('R3.2/R3.3 checking one election paper', () => {
  const spec = election(2, ['a', 'b', 'c']);

  it('R3.3: picks = 赞成 + write-ins; S=2: two is valid, three is void (over_seats)', () => {
    expect(checkElectionPaper(spec, paper({ a: 'yes', b: 'yes', c: 'no' }))).toMatchObject({ voidReason: null });
    expect(checkElectionPaper(spec, paper({ a: 'yes', b: 'no' }, { b: '王五' }))).toMatchObject({ voidReason: null });
    expect(checkElectionPaper(spec, paper({ a: 'yes', b: 'yes', c: 'yes' }))).toMatchObject({
      ok: true,
      voidReason: 'over_seats',
    });
    expect(checkElectionPaper(spec, paper({ a: 'yes', b: 'yes', c: 'no' }, { c: '王五' }))).toMatchObject({
      voidReason: 'over_seats',
    });
  });

  it('R3.2: an abstention cannot be combined with a write-in (P-XJBF); nor can a 赞成 in the same slot', () => {
    expect(checkElectionPaper(spec, paper({ a: 'yes' }, { b: '王五' }))).toMatchObject({
      voidReason: 'write_in_with_abstain',
    });
    expect(checkElectionPaper(spec, paper({ b: 'abstain' }, { b: '王五' }))).toMatchObject({
      voidReason: 'write_in_with_abstain',
    });
    expect(checkElectionPaper(spec, paper({ b: 'yes' }, { b: '王五' }))).toMatchObject({
      voidReason: 'write_in_with_yes',
    });
  });

  it('R3.2: one person written in twice, or a printed candidate written in, voids the paper', () => {
    expect(checkElectionPaper(spec, paper({ a: 'no', b: 'no' }, { a: '王五', b: '王 五' }))).toMatchObject({
      voidReason: 'duplicate_write_in',
    });
    expect(checkElectionPaper(spec, paper({ a: 'no' }, { a: '孙三' }))).toMatchObject({
      voidReason: 'write_in_names_candidate',
    });
  });

  it('R3.2: unknown candidates, bad options, empty names and write-ins where none are allowed are rejected', () => {
    expect(checkElectionPaper(spec, paper({ z: 'yes' })).ok).toBe(false);
    expect(checkElectionPaper(spec, paper({ a: 'yes' }, { z: '王五' })).ok).toBe(false);
    expect(checkElectionPaper(spec, { marks: { a: '○' }, writeIns: {} }).ok).toBe(false);
    expect(checkElectionPaper(spec, paper({ a: 'no' }, { a: '   ' })).ok).toBe(false);
    expect(checkElectionPaper(spec, paper({ a: 'no' }, { a: '王\u0000五' })).ok).toBe(false);
    expect(checkElectionPaper(spec, paper({ a: 'no' }, { a: '王'.repeat(41) })).ok).toBe(false);
    expect(checkElectionPaper(spec, { marks: {}, extra: true }).ok).toBe(false);
    const closed = election(2, ['a', 'b', 'c'], { allowWriteIns: false });
    expect(checkElectionPaper(closed, paper({ a: 'no' }, { a: '王五' })).ok).toBe(false);
    expect(checkElectionPaper(closed, { marks: { a: 'yes' } })).toMatchObject({ ok: true, voidReason: null });
  });

  it('R3.11: checkElectionSpec refuses a candidate as teller, duplicate ids and names', () => {
    expect(checkElectionSpec(spec)).toEqual([]);
    expect(checkElectionSpec({ ...spec, tellers: { chief: '孙 三', members: [] } })).toEqual(['teller 孙 三 is a candidate']);
    expect(checkElectionSpec({ ...spec, candidates: [...spec.candidates, { candidateId: 'a', name: '新人' }] })).toEqual([
      'duplicate candidate id a',
    ]);
    expect(checkElectionSpec({ ...spec, seats: 0 })).toEqual(['seats must be a whole number ≥ 1']);
  });
});

describe('R3.5 elected iff 赞成 > half of ALL delegates', () => {
  it('R0.1/R3.5: total 40, 等额 head post: 21 赞成 elected; exactly 20 is not, the seat stays open', () => {
    const spec = election(1, ['a'], {}, 'head');
    const won = count(spec, [[paper({ a: 'yes' }), 21], [paper({ a: 'no' }), 19]], { total: 40, present: 40 });
    expect(won).toMatchObject({
      validity: 'valid',
      outcome: 'filled',
      contest: 'equal',
      warnings: [],
      rule: { basis: 'more_than_half_of_all', requiredVotes: 21 },
      elected: [{ candidateId: 'a', name: '赵一', votes: 21 }],
      openSeats: 0,
    });
    const lost = count(spec, [[paper({ a: 'yes' }), 20], [paper({}), 20]], { total: 40, present: 40 });
    expect(lost).toMatchObject({ outcome: 'seats_open', elected: [], openSeats: 1 });
    expect(lost.candidates[0]).toMatchObject({ yes: 20, no: 0, abstain: 20, qualified: false, elected: false });
  });

  it('R0.2/R3.5: the base is all delegates, not those voting: 20 of 30 present is not enough with 40 seats', () => {
    const spec = election(1, ['a'], {}, 'head');
    const result = count(spec, [[paper({ a: 'yes' }), 20], [paper({ a: 'no' }), 10]], { total: 40, present: 30 });
    expect(result.outcome).toBe('seats_open');
  });

  it('R3.12: every candidate is in the result with all three counts and rank, in ballot order, tellers attached', () => {
    const spec = election(2, ['a', 'b', 'c']);
    const result = count(spec, [[paper({ a: 'yes', b: 'no' }), 25], [paper({ c: 'yes', b: 'yes' }), 15]], {
      total: 40,
      present: 40,
    });
    expect(result.candidates.map((c) => [c.candidateId, c.yes, c.no, c.abstain, c.rank])).toEqual([
      ['a', 25, 0, 15, 1],
      ['b', 15, 25, 0, 2],
      ['c', 15, 0, 25, 2],
    ]);
    expect(result.tellers).toEqual({ chief: '周监', members: ['吴监', '郑监'] });
  });
});

describe('R3.6 more qualifiers than seats', () => {
  it('R3.6: S=2, A 31, B 25, C 22 all over half of 40 → the two highest win', () => {
    const spec = election(2, ['a', 'b', 'c']);
    const result = count(
      spec,
      [
        [paper({ a: 'yes', b: 'yes', c: 'no' }), 17],
        [paper({ a: 'yes', c: 'yes', b: 'no' }), 14],
        [paper({ b: 'yes', c: 'yes', a: 'no' }), 8],
      ],
      { total: 40, present: 40 },
    );
    expect(result.candidates.map((c) => [c.yes, c.qualified, c.elected])).toEqual([
      [31, true, true],
      [25, true, true],
      [22, true, false],
    ]);
    expect(result).toMatchObject({ outcome: 'filled', tieRevote: null, openSeats: 0 });
    expect(result.elected.map((p) => p.candidateId)).toEqual(['a', 'b']);
  });

  it('R3.6: a tie at the cut-off goes to a new vote among the tied only: A 30 elected; B 24 = C 24 revote for 1', () => {
    const spec = election(2, ['a', 'b', 'c']);
    const result = count(
      spec,
      [
        [paper({ a: 'yes', b: 'yes' }), 15],
        [paper({ a: 'yes', c: 'yes' }), 15],
        [paper({ b: 'yes', c: 'yes' }), 9],
      ],
      { total: 40, present: 40 },
    );
    expect(result).toMatchObject({
      outcome: 'tie_revote',
      elected: [{ candidateId: 'a', votes: 30 }],
      tieRevote: { candidateIds: ['b', 'c'], writeInNames: [], seats: 1 },
      openSeats: 0,
    });
    expect(result.candidates.map((c) => c.tied)).toEqual([false, true, true]);
  });

  it('R3.6: a tie among non-qualifiers is no tie: A 25 elected, B 10 = C 10 simply not elected', () => {
    const spec = election(1, ['a', 'b', 'c']);
    const result = count(spec, [[paper({ a: 'yes' }), 25], [paper({ b: 'yes' }), 10], [paper({ c: 'yes' }), 10]], {
      total: 45,
      present: 45,
    });
    expect(result).toMatchObject({ outcome: 'filled', tieRevote: null });
  });
});

describe('R3.2 write-ins (另选他人)', () => {
  it('R3.2/R3.5: a written-in person with 赞成 > half of all is elected; write-ins are tallied by normalized name', () => {
    const spec = election(1, ['a'], {}, 'head');
    const result = count(
      spec,
      [
        [paper({ a: 'yes' }), 15],
        [paper({ a: 'no' }, { a: '王五' }), 12],
        [paper({ a: 'no' }, { a: '王　五' }), 10],
        [paper({}), 3],
      ],
      { total: 40, present: 40 },
    );
    expect(result.writeIns).toEqual([{ name: '王五', votes: 22, rank: 1, qualified: true, elected: true, tied: false }]);
    expect(result.candidates[0]).toMatchObject({ yes: 15, no: 22, abstain: 3, rank: 2, elected: false });
    expect(result.elected).toEqual([{ candidateId: null, name: '王五', votes: 22 }]);
  });

  it('R3.6: a written-in person tied with a candidate at the cut-off joins the revote: S=2, A 30; B 21 = 王五 21', () => {
    const spec = election(2, ['a', 'b', 'c']);
    const result = count(
      spec,
      [
        [paper({ a: 'yes', b: 'yes' }), 18],
        [paper({ a: 'yes', b: 'no' }, { b: '王五' }), 12],
        [paper({ b: 'yes', c: 'no' }, { c: '王五' }), 3],
        [paper({ c: 'no' }, { c: '王五' }), 6],
      ],
      { total: 40, present: 40 },
    );
    expect(result).toMatchObject({
      outcome: 'tie_revote',
      elected: [{ candidateId: 'a', votes: 30 }],
      tieRevote: { candidateIds: ['b'], writeInNames: ['王五'], seats: 1 },
    });
    expect(result.writeIns).toEqual([{ name: '王五', votes: 21, rank: 2, qualified: true, elected: false, tied: true }]);
  });

  it('R3.5: with one seat no two people can both pass half of all, so there is no tie: 21 = 21 of 42 elects nobody', () => {
    const spec = election(1, ['a', 'b'], {}, 'head');
    const result = count(
      spec,
      [
        [paper({ a: 'yes', b: 'no' }), 21],
        [paper({ a: 'no', b: 'no' }, { b: '王五' }), 21],
      ],
      { total: 42, present: 42 },
    );
    expect(result).toMatchObject({ outcome: 'seats_open', tieRevote: null, openSeats: 1 });
  });

  it('R3.3: void papers count as returned but give nobody a vote', () => {
    const spec = election(1, ['a', 'b'], {}, 'head');
    const result = count(
      spec,
      [
        [paper({ a: 'yes' }), 21],
        [paper({ a: 'yes', b: 'yes' }), 3],
        [paper({ a: 'no' }, { b: '王五' }), 2],
      ],
      { total: 40, present: 40 },
    );
    expect(result).toMatchObject({
      returned: 26,
      valid: 21,
      void: 5,
      voidReasons: { over_seats: 3, write_in_with_abstain: 2, unreadable: 0 },
    });
    expect(result.candidates[0]).toMatchObject({ yes: 21, no: 0, abstain: 0 });
    expect(result.writeIns).toEqual([]);
  });
});

describe('R3.4 returned > issued voids the whole election', () => {
  it('R3.4: issued 40, returned 41 → invalid; nobody is counted or elected', () => {
    const spec = election(1, ['a'], {}, 'head');
    const result = count(spec, [[paper({ a: 'yes' }), 41]], { total: 45, present: 40 });
    expect(result).toMatchObject({
      validity: 'returned_exceeds_issued',
      outcome: 'invalid',
      issued: 40,
      returned: 41,
      candidates: [],
      writeIns: [],
      elected: [],
      openSeats: 0,
    });
  });

  it('R3.4: returned equal to issued is valid; an explicit issued count overrides present', () => {
    const spec = election(1, ['a'], {}, 'head');
    expect(count(spec, [[paper({ a: 'yes' }), 40]], { total: 45, present: 40 }).validity).toBe('valid');
    expect(count(spec, [[paper({ a: 'yes' }), 40]], { total: 45, present: 40, issued: 39 }).validity).toBe(
      'returned_exceeds_issued',
    );
  });
});

describe('R3.7 fewer qualifiers than seats → 另行选举', () => {
  const spec = election(3, ['a', 'b', 'c', 'd']);
  const result = count(
    spec,
    [
      [paper({ a: 'yes', b: 'yes', c: 'yes' }), 20],
      [paper({ a: 'yes', b: 'no', d: 'yes' }), 5],
      [paper({ b: 'yes', d: 'yes' }), 1],
      [paper({ d: 'yes' }), 4],
    ],
    { total: 40, present: 40 },
  );

  it('R3.7: S=3, A 25, B 21 elected; C 20, D 10 are not; one seat open', () => {
    expect(result.candidates.map((c) => c.yes)).toEqual([25, 21, 20, 10]);
    expect(result).toMatchObject({ outcome: 'seats_open', openSeats: 1 });
    expect(result.elected.map((p) => p.candidateId)).toEqual(['a', 'b']);
  });

  it('R3.7/R3.9: the follow-up list takes the vote order and stays 差额 (deputy: open seats + 1)', () => {
    expect(followUpElection(spec, result)).toEqual({
      seats: 1,
      candidates: [
        { candidateId: 'c', name: '孙三', votes: 20 },
        { candidateId: 'd', name: '李四', votes: 10 },
      ],
      tiedAtCut: false,
    });
    expect(followUpElection(spec, result, 1).candidates.map((c) => c.candidateId)).toEqual(['c']);
  });

  it('R3.7: a tie at the follow-up cut keeps every tied candidate on the list', () => {
    const five = election(2, ['a', 'b', 'c', 'd']);
    const tied = count(five, [[paper({ a: 'yes' }), 21], [paper({ b: 'yes', c: 'yes' }), 5], [paper({ d: 'yes' }), 5]], {
      total: 40,
      present: 40,
    });
    expect(tied.openSeats).toBe(1);
    const followUp = followUpElection(five, tied);
    expect(followUp).toMatchObject({ seats: 1, tiedAtCut: true });
    expect(followUp.candidates.map((c) => c.candidateId)).toEqual(['b', 'c', 'd']);
  });

  it('R3.7: no follow-up when every seat is filled or the election is void', () => {
    const full = election(1, ['a'], {}, 'head');
    const filled = count(full, [[paper({ a: 'yes' }), 21]], { total: 40, present: 40 });
    expect(followUpElection(full, filled)).toEqual({ seats: 0, candidates: [], tiedAtCut: false });
  });

  it('R3.7: the threshold stays > half of all delegates in a congress further round', () => {
    const further = election(1, ['c', 'd'], { round: 'further' });
    const r = count(further, [[paper({ c: 'yes' }), 20], [paper({ d: 'yes' }), 15]], { total: 40, present: 40 });
    expect(r).toMatchObject({ outcome: 'seats_open', rule: { basis: 'more_than_half_of_all', requiredVotes: 21 } });
  });

  it('R3.5: all abstain, or nobody votes → every seat open', () => {
    const spec3 = election(3, ['a', 'b', 'c', 'd']);
    const abstain = count(spec3, [[paper({}), 40]], { total: 40, present: 40 });
    expect(abstain).toMatchObject({ outcome: 'seats_open', openSeats: 3, valid: 40 });
    expect(abstain.candidates.every((c) => c.abstain === 40 && c.rank === 1)).toBe(true);
    const nobody = count(spec3, [], { total: 40, present: 40 });
    expect(nobody).toMatchObject({ outcome: 'seats_open', openSeats: 3, returned: 0, elected: [] });
  });
});

describe('R3.8 the one-third rule exists only for direct elections (off by default)', () => {
  it('R3.8: a congress election never elects on one third: 14 of 40 with 40 papers stays open', () => {
    const spec = election(1, ['a', 'b'], { round: 'further' });
    const r = count(spec, [[paper({ a: 'yes' }), 14], [paper({ b: 'yes' }), 13], [paper({}), 13]], {
      total: 40,
      present: 40,
    });
    expect(r.outcome).toBe('seats_open');
  });

  it('R3.8: direct election, further round: most votes wins with at least one third of the ballots (60 → 20)', () => {
    const spec = election(1, ['a', 'b', 'c'], { ballotType: 'direct_election', round: 'further' });
    const won = count(spec, [[paper({ a: 'yes' }), 25], [paper({ b: 'yes' }), 20], [paper({ c: 'yes' }), 15]], {
      total: 100,
      present: 100,
    });
    expect(won).toMatchObject({
      outcome: 'filled',
      rule: { basis: 'most_votes_with_one_third', requiredVotes: 20 },
      elected: [{ candidateId: 'a', votes: 25 }],
    });
    const atThird = count(spec, [[paper({ a: 'yes' }), 20], [paper({ b: 'yes' }), 19], [paper({ c: 'yes' }), 21]], {
      total: 100,
      present: 100,
    });
    expect(atThird.elected.map((p) => p.candidateId)).toEqual(['c']);
    const short = count(spec, [[paper({ a: 'yes' }), 19], [paper({ b: 'yes' }), 19], [paper({}), 22]], {
      total: 100,
      present: 100,
    });
    expect(short).toMatchObject({ outcome: 'seats_open', openSeats: 1 });
  });

  it('R3.8: direct election, first round: more than half of the voters who voted (60 → 31)', () => {
    const spec = election(1, ['a', 'b'], { ballotType: 'direct_election' });
    const r = count(spec, [[paper({ a: 'yes' }), 30], [paper({ b: 'yes' }), 30]], { total: 100, present: 100 });
    expect(r).toMatchObject({ outcome: 'seats_open', rule: { basis: 'more_than_half_of_voters', requiredVotes: 31 } });
    const won = count(spec, [[paper({ a: 'yes' }), 31], [paper({ b: 'yes' }), 29]], { total: 100, present: 100 });
    expect(won.elected.map((p) => p.candidateId)).toEqual(['a']);
  });

  it('R3.8: a direct election needs more than half of all voters to take part: 50 of 100 invalid, 51 valid', () => {
    const spec = election(1, ['a'], { ballotType: 'direct_election' });
    expect(count(spec, [[paper({ a: 'yes' }), 50]], { total: 100, present: 100 })).toMatchObject({
      validity: 'turnout_not_more_than_half',
      outcome: 'invalid',
    });
    expect(count(spec, [[paper({ a: 'yes' }), 51]], { total: 100, present: 100 })).toMatchObject({
      validity: 'valid',
      outcome: 'filled',
    });
  });
});

describe('R3.10 list vote on a whole list', () => {
  const presidium = ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七'];

  it('R3.10: total 40: 21 赞成 elects the whole list; 20 elects nobody', () => {
    const passed = countListVote(presidium, { yes: 21, no: 10, abstain: 9 }, 40, 40);
    expect(passed).toMatchObject({ kind: 'list_vote', elected: presidium, motion: { outcome: 'passed' } });
    expect(passed.motion.rule.requiredYes).toBe(21);
    const failed = countListVote(presidium, { yes: 20, no: 0, abstain: 20 }, 40, 40);
    expect(failed).toMatchObject({ elected: [], motion: { outcome: 'failed', notVoted: 0 } });
  });
});

const candidateIds = ['a', 'b', 'c', 'd'];
const markOrBlank = fc.option(fc.constantFrom<'yes' | 'no' | 'abstain'>('yes', 'no', 'abstain'), { nil: undefined });
const writeInName = fc.constantFrom('王五', '王 五', '陈六', '孙三', '');
const slot = fc.record({ mark: markOrBlank, writeIn: fc.option(writeInName, { nil: undefined }) });
const anyPaper = fc.array(slot, { minLength: 4, maxLength: 4 }).map((slots): ElectionPaper => {
  const marks: ElectionPaper['marks'] = {};
  const writeIns: ElectionPaper['writeIns'] = {};
  slots.forEach(({ mark, writeIn }, i) => {
    const id = candidateIds[i]!;
    if (mark) marks[id] = mark;
    if (writeIn) writeIns[id] = writeIn;
  });
  return { marks, writeIns };
});

describe('R3 properties', () => {
  const setup = fc.record({
    seats: fc.integer({ min: 1, max: 4 }),
    total: fc.integer({ min: 1, max: 60 }),
    ballotType: fc.constantFrom<ElectionSettings['ballotType']>('congress', 'direct_election'),
    round: fc.constantFrom<ElectionSettings['round']>('first', 'further'),
  });

  it('R3.3: tally from the box equals the tally paper by paper', () => {
    fc.assert(
      fc.property(setup, fc.array(anyPaper, { maxLength: 50 }), ({ seats }, papers) => {
        const spec = election(seats, candidateIds);
        const box: BallotBox = {};
        for (const p of papers) {
          const check = checkElectionPaper(spec, p);
          const key = check.ok ? check.key : electionPaperKey(p);
          box[key] = (box[key] ?? 0) + 1;
        }
        expect(tallyElectionBox(spec, box)).toEqual(tallyElectionPapers(spec, papers));
      }),
    );
  });

  it('R3.6: elected ≤ S; elected + tie seats + open seats = S; yes + no + abstain = valid papers', () => {
    fc.assert(
      fc.property(setup, fc.array(anyPaper, { maxLength: 50 }), ({ seats, total, ballotType, round }, papers) => {
        const spec = election(seats, candidateIds, { ballotType, round });
        const result = countElection(spec, tallyElectionPapers(spec, papers), { total, present: 50 });
        expect(result.valid + result.void).toBe(papers.length);
        if (result.outcome === 'invalid') return;
        expect(result.elected.length).toBeLessThanOrEqual(seats);
        expect(result.elected.length + (result.tieRevote?.seats ?? 0) + result.openSeats).toBe(seats);
        for (const c of result.candidates) expect(c.yes + c.no + c.abstain).toBe(result.valid);
        for (const p of result.elected) expect(p.votes).toBeGreaterThanOrEqual(result.rule.requiredVotes);
        if (ballotType === 'congress') for (const p of result.elected) expect(p.votes * 2).toBeGreaterThan(total);
      }),
    );
  });
});
