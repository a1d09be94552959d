/**
 * Issue 9: a ballot kind is one row of rules (BALLOT_KIND_RULES in kinds.ts), looked up by kind.
 * These pin what the rows say and that the lookup cannot be fooled by a hostile kind string.
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE_IDS } from '../test-fixtures';
import { batchBallot, electionBallot, listVoteBallot, ratingBallot, slateBallot } from './kind-fixtures';
import {
  BALLOT_KINDS,
  checkBallotSpec,
  checkChoice,
  countTally,
  isBallotKind,
  pressRuleOf,
  rulesOf,
  tallyBox,
  type BallotDraft,
  type MotionBallotSpec,
} from './kinds';
import { checkListVoteSpec } from './list-vote';
import { checkMotionPaper, DEFAULT_MOTION_SETTINGS, tallyMotionBox } from './motion';

const motion: MotionBallotSpec = {
  kind: 'motion',
  ballotId: 'b-1',
  itemId: 'item-1',
  title: '决议草案',
  secrecy: 'named',
  settings: DEFAULT_MOTION_SETTINGS,
  durationSec: 60,
  rerunOf: null,
  pressRule: 'last_counts',
};

describe('issue 9: one row of rules per ballot kind', () => {
  it('every kind has its row, and only those six are kinds', () => {
    for (const kind of BALLOT_KINDS) expect(rulesOf(kind)).toBeDefined();
    expect(BALLOT_KINDS.filter(isBallotKind)).toEqual(['motion', 'batch', 'slate', 'election', 'list_vote', 'rating']);
  });

  it('a hostile kind string is no kind: no row, a problem instead of a crash, first_final', () => {
    for (const kind of HOSTILE_IDS) {
      expect(isBallotKind(kind)).toBe(false);
      expect(() => rulesOf(kind as 'motion')).toThrow(/unknown ballot kind/);
      const draft = { ...listVoteBallot('b'), kind } as unknown as BallotDraft;
      expect(checkBallotSpec(draft)).toEqual([`unknown ballot kind ${JSON.stringify(kind)}`]);
      expect(pressRuleOf(draft)).toBe('first_final');
    }
  });

  it('R3.1/R5.2: only election and rating rows demand a secret ballot', () => {
    const secretOnly = BALLOT_KINDS.filter((kind) => rulesOf(kind).mustBeSecret !== null);
    expect(secretOnly).toEqual(['election', 'rating']);
    expect(checkBallotSpec(slateBallot('b', 15, 10, { secrecy: 'named' }))).toEqual([]);
  });

  it('a press rule is read only where the kind has one (motion, batch)', () => {
    expect(pressRuleOf(motion)).toBe('last_counts');
    expect(pressRuleOf(batchBallot('b', 2, { secrecy: 'named', pressRule: 'last_counts' }))).toBe('last_counts');
    // A stray pressRule on another kind's spec is not its rule.
    const slate = { ...slateBallot('b'), pressRule: 'last_counts' } as unknown as BallotDraft;
    expect(pressRuleOf(slate)).toBe('first_final');
    expect(checkBallotSpec(slate)).toEqual([]);
  });

  it('R3.10: a list of 3 names with one twice and one empty: two problems; none when all differ', () => {
    expect(checkListVoteSpec({ members: ['甲', ' 甲 ', ''] })).toEqual([
      '名单中甲重复 (甲 is on the list twice)',
      '名单中有空名字 (a name on the list is empty)',
    ]);
    expect(checkListVoteSpec({ members: [] })).toEqual(['名单不能为空 (a list vote needs at least one name)']);
    expect(checkListVoteSpec({ members: ['甲', '乙', '丙'] })).toEqual([]);
  });

  it('R2.1: a motion paper is one of three options, keyed by the option; anything else is refused', () => {
    expect(checkMotionPaper({ option: 'no' })).toEqual({ ok: true, paper: { option: 'no' }, key: 'no', voidReason: null });
    for (const bad of [null, undefined, 'yes', { option: 'maybe' }, { option: 'constructor' }, { option: 1 }]) {
      expect(checkMotionPaper(bad)).toEqual({ ok: false, message: 'choice.option must be one of yes, no, abstain' });
    }
    expect(checkChoice(listVoteBallot('b'), { option: 'abstain' })).toEqual({ ok: true, key: 'abstain' });
  });

  it('R2.2: a motion box {yes 31, no 9, abstain 5, constructor 3} tallies 31/9/5 and passes over 应到 60', () => {
    const box = { yes: 31, no: 9, abstain: 5, constructor: 3 };
    expect(tallyMotionBox(box)).toEqual({ yes: 31, no: 9, abstain: 5 });
    const tally = tallyBox(motion, box);
    const result = countTally(motion, tally, { total: 60, present: 50, bodyKind: 'congress', notVoted: 5 });
    expect(result).toMatchObject({ kind: 'motion', yes: 31, voted: 45, notVoted: 5, outcome: 'passed' });
  });

  it('a tally of one kind cannot count a ballot of another', () => {
    const tally = tallyBox(listVoteBallot('b'), { yes: 1 });
    expect(() => countTally(motion, tally, { total: 3, present: 3, bodyKind: 'congress' })).toThrow(/list_vote tally/);
    expect(() => countTally(electionBallot('e'), tallyBox(ratingBallot('r'), {}), { total: 3, present: 3, bodyKind: 'congress' })).toThrow(
      /rating tally cannot count a election ballot/,
    );
  });
});
