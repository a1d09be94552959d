import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settings } from '../test-fixtures';
import { checkChoice, countBallot, type MotionBallotSpec } from './kinds';
import { countMotion, DEFAULT_MOTION_SETTINGS, type MotionCounts } from './motion';

const majority = DEFAULT_MOTION_SETTINGS;
const twoThirds = settings({ threshold: 'two_thirds_of_all' });
const majorityWithParticipation = settings({ requireHalfParticipation: true });
const twoThirdsWithParticipation = settings({ threshold: 'two_thirds_of_all', requireHalfParticipation: true });

const counts = (yes: number, no: number, abstain: number): MotionCounts => ({ yes, no, abstain });

describe('R2.2 majority_of_all: 赞成 must be more than half of ALL seats (应到)', () => {
  it('R2.2: total 40, yes 21 passes; requiredYes 21', () => {
    const r = countMotion(counts(21, 19, 0), 40, 40, majority);
    expect(r.outcome).toBe('passed');
    expect(r.rule.requiredYes).toBe(21);
  });

  it('R0.1/R2.2: total 40, yes 20 fails even with no 0 (exactly half is not more than half)', () => {
    expect(countMotion(counts(20, 0, 0), 40, 40, majority).outcome).toBe('failed');
  });

  it('R0.2/R2.2: abstentions and non-voters do not lower the bar: total 40, present 30, yes 20 no 0 abstain 10 → failed', () => {
    const r = countMotion(counts(20, 0, 10), 40, 30, majority);
    expect(r.outcome).toBe('failed');
    expect(r).toMatchObject({ total: 40, present: 30, voted: 30, notVoted: 0 });
  });

  it('R0.2/R2.2: the base is 应到, not 实到: total 40, present 27, yes 20 of 27 voting → failed', () => {
    // 20 is a clear majority of those present and of those voting, but not of all 40 seats.
    expect(countMotion(counts(20, 7, 0), 40, 27, majority).outcome).toBe('failed');
  });

  it('R2.2: requiredYes for total 1, 2, 3 is 1, 2, 2', () => {
    expect([1, 2, 3].map((t) => countMotion(counts(0, 0, 0), t, t, majority).rule.requiredYes)).toEqual([1, 2, 2]);
  });
});

describe('R2.2 two_thirds_of_all: 赞成 must be two thirds 以上 of all seats', () => {
  it('R0.1/R2.2: total 30, yes 20 passes (20*3 = 60 ≥ 60, boundary included)', () => {
    expect(countMotion(counts(20, 10, 0), 30, 30, twoThirds).outcome).toBe('passed');
  });

  it('R2.2: total 30, yes 19 fails', () => {
    expect(countMotion(counts(19, 0, 0), 30, 30, twoThirds).outcome).toBe('failed');
  });

  it('R2.2: total 40 → requiredYes 27; 27 passes, 26 fails', () => {
    expect(countMotion(counts(27, 0, 0), 40, 40, twoThirds)).toMatchObject({
      outcome: 'passed',
      rule: { threshold: 'two_thirds_of_all', requiredYes: 27 },
    });
    expect(countMotion(counts(26, 0, 0), 40, 40, twoThirds).outcome).toBe('failed');
  });

  it('R2.2: requiredYes for total 1, 2, 3 is 1, 2, 2', () => {
    expect([1, 2, 3].map((t) => countMotion(counts(0, 0, 0), t, t, twoThirds).rule.requiredYes)).toEqual([1, 2, 2]);
  });
});

describe('R2.3 requireHalfParticipation (Guangdong): at least half of all seats must vote', () => {
  it('R2.3: total 40, voted 20 is valid (20*2 ≥ 40); requiredVoters 20', () => {
    const r = countMotion(counts(0, 0, 20), 40, 40, majorityWithParticipation);
    expect(r.outcome).toBe('failed');
    expect(r.rule).toMatchObject({ requireHalfParticipation: true, requiredVoters: 20 });
  });

  it('R2.3: total 40, 19 vote, all yes → invalid (not merely failed)', () => {
    expect(countMotion(counts(19, 0, 0), 40, 40, majorityWithParticipation).outcome).toBe('invalid');
    expect(countMotion(counts(19, 0, 0), 40, 40, majority).outcome).toBe('failed');
  });

  it('R2.3 off: requiredVoters is null and a 19-of-40 turnout is just failed', () => {
    const r = countMotion(counts(19, 0, 0), 40, 40, majority);
    expect(r.rule).toMatchObject({ requireHalfParticipation: false, requiredVoters: null });
  });

  // Finding: passing needs yes*2 > total (or yes*3 ≥ total*2), and voted ≥ yes, so every passing
  // vote already has voted*2 > total ≥ the participation bar. R2.3 therefore never changes
  // whether a motion passes; it only relabels some failed votes as invalid (which matters for
  // the record: an invalid vote was no decision at all, so the item may be voted again).
  it('R2.3 finding: the participation rule never turns a pass into a non-pass; it only turns failed into invalid', () => {
    const tally = fc
      .integer({ min: 1, max: 2_000 })
      .chain((total) =>
        fc
          .tuple(fc.nat(total), fc.nat(total), fc.nat(total))
          .filter(([y, n, a]) => y + n + a <= total)
          .map(([y, n, a]) => ({ total, c: counts(y, n, a) })),
      );
    fc.assert(
      fc.property(tally, fc.boolean(), ({ total, c }, twoThirdsRule) => {
        const off = countMotion(c, total, total, twoThirdsRule ? twoThirds : majority).outcome;
        const on = countMotion(c, total, total, twoThirdsRule ? twoThirdsWithParticipation : majorityWithParticipation)
          .outcome;
        if (off === 'passed') expect(on).toBe('passed');
        else expect(on === 'failed' || on === 'invalid').toBe(true);
        if (on === 'invalid') expect((c.yes + c.no + c.abstain) * 2 < total).toBe(true);
      }),
    );
  });
});

describe('R2.6 未表决 is present minus voted, never an option', () => {
  it('R2.6: total 40, present 35, yes 21 no 5 abstain 4 → voted 30, notVoted 5', () => {
    expect(countMotion(counts(21, 5, 4), 40, 35, majority)).toMatchObject({
      voted: 30,
      notVoted: 5,
      outcome: 'passed',
    });
  });

  it('R2.6: everyone present abstains → failed (abstain is not yes), notVoted 0', () => {
    expect(countMotion(counts(0, 0, 30), 40, 30, majority)).toMatchObject({ outcome: 'failed', voted: 30, notVoted: 0 });
  });

  it('R2.6: nobody votes → failed with voted 0 and notVoted = present (30)', () => {
    expect(countMotion(counts(0, 0, 0), 40, 30, majority)).toMatchObject({
      outcome: 'failed',
      voted: 0,
      notVoted: 30,
      yes: 0,
      no: 0,
      abstain: 0,
    });
  });

  it('R2.6: the result stores total, present and the rule with the counts (R0.2 "store it with every result")', () => {
    expect(countMotion(counts(21, 0, 0), 40, 30, majority)).toEqual({
      kind: 'motion',
      total: 40,
      present: 30,
      voted: 21,
      yes: 21,
      no: 0,
      abstain: 0,
      notVoted: 9,
      outcome: 'passed',
      rule: { threshold: 'majority_of_all', requiredYes: 21, requireHalfParticipation: false, requiredVoters: null },
    });
  });
});

describe('R2.2 outcome equals the definition for any tally', () => {
  const tally = fc
    .integer({ min: 1, max: 5_000 })
    .chain((total) =>
      fc
        .tuple(fc.nat(total), fc.nat(total), fc.nat(total))
        .filter(([y, n, a]) => y + n + a <= total)
        .map(([yes, no, abstain]) => ({ total, yes, no, abstain })),
    );

  it('R0.1/R2.2: majority_of_all passes iff yes*2 > total', () => {
    fc.assert(
      fc.property(tally, ({ total, yes, no, abstain }) => {
        const r = countMotion(counts(yes, no, abstain), total, total, majority);
        expect(r.outcome).toBe(yes * 2 > total ? 'passed' : 'failed');
        expect(yes >= r.rule.requiredYes).toBe(yes * 2 > total);
      }),
    );
  });

  it('R0.1/R2.2: two_thirds_of_all passes iff yes*3 ≥ total*2', () => {
    fc.assert(
      fc.property(tally, ({ total, yes, no, abstain }) => {
        const r = countMotion(counts(yes, no, abstain), total, total, twoThirds);
        expect(r.outcome).toBe(yes * 3 >= total * 2 ? 'passed' : 'failed');
        expect(yes >= r.rule.requiredYes).toBe(yes * 3 >= total * 2);
      }),
    );
  });
});

describe('R2.1 ballot papers: exactly yes / no / abstain', () => {
  const spec: MotionBallotSpec = {
    kind: 'motion',
    ballotId: 'b-1',
    itemId: 'item-1',
    title: '决议草案',
    secrecy: 'anonymous',
    settings: majority,
    durationSec: 60,
    rerunOf: null,
  };

  it('R2.1: yes, no and abstain are accepted under their own key', () => {
    for (const option of ['yes', 'no', 'abstain']) expect(checkChoice(spec, { option })).toEqual({ ok: true, key: option });
  });

  it('R2.1/R2.6: "not_voted", "YES", a number, null, a bare string and a missing option are refused', () => {
    for (const bad of [{ option: 'not_voted' }, { option: 'YES' }, { option: 1 }, null, 'yes', {}, undefined]) {
      expect(checkChoice(spec, bad).ok).toBe(false);
    }
  });

  it('R2.1: countBallot counts only the three option keys of the box, with total 40 and present 30', () => {
    const r = countBallot(spec, { yes: 21, no: 3, abstain: 2, bogus: 99 }, { total: 40, present: 30, bodyKind: 'congress' });
    expect(r).toMatchObject({ yes: 21, no: 3, abstain: 2, voted: 26, notVoted: 4, outcome: 'passed' });
  });

  it('R2.1: an empty box counts as nobody voting', () => {
    expect(countBallot(spec, {}, { total: 40, present: 30, bodyKind: 'congress' })).toMatchObject({ voted: 0, notVoted: 30, outcome: 'failed' });
  });
});
