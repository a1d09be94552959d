import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotBox } from './kinds';
import {
  checkRatingPaper,
  checkRatingSpec,
  countRating,
  DEFAULT_RATING_SETTINGS,
  parseRatingPaperKey,
  ratingPaperKey,
  ratingTier,
  RATING_OPTIONS,
  tallyRatingBox,
  tallyRatingPapers,
  type RatingOption,
  type RatingPaper,
  type RatingSettings,
  type RatingSpec,
} from './rating';

const SUBJECTS: RatingSpec['subjects'] = [
  { subjectId: 'chief-transport', name: '县交通运输局局长 王五', kind: 'appointee' },
  { subjectId: 'dept-housing', name: '县住建局 老旧小区改造工作', kind: 'department' },
  { subjectId: 'ms-2025-01', name: '老旧小区加装电梯', kind: 'project', projectId: 'MS-2025-01' },
];

function rating(settings: Partial<RatingSettings> = {}): RatingSpec {
  return { subjects: SUBJECTS, settings: { ...DEFAULT_RATING_SETTINGS, ...settings } };
}

function boxOf(entries: Array<[RatingPaper, number]>): BallotBox {
  const box: BallotBox = {};
  for (const [paper, n] of entries) {
    const key = ratingPaperKey(paper);
    box[key] = (box[key] ?? 0) + n;
  }
  return box;
}

const only = (option: RatingOption): RatingPaper => ({ marks: { 'chief-transport': option } });

describe('R5.2 rating papers', () => {
  it('R5.2: key sorted by subject id; a subject left out is blank; parse round-trips', () => {
    const key = ratingPaperKey({ marks: { 'ms-2025-01': 'unsatisfied', 'chief-transport': 'satisfied' } });
    expect(key).toBe('{"marks":{"chief-transport":"satisfied","ms-2025-01":"unsatisfied"}}');
    expect(parseRatingPaperKey(key)).toEqual({
      ok: true,
      value: { marks: { 'chief-transport': 'satisfied', 'ms-2025-01': 'unsatisfied' } },
    });
    expect(parseRatingPaperKey('{"marks":{"ms-2025-01":"unsatisfied","chief-transport":"satisfied"}}').ok).toBe(false);
  });

  it('R5.2: only 满意/基本满意/不满意; 称职/不称职 or unknown subjects are rejected', () => {
    const spec = rating();
    expect(checkRatingPaper(spec, { marks: { 'dept-housing': 'basically_satisfied' } })).toMatchObject({ ok: true });
    expect(checkRatingPaper(spec, { marks: { 'dept-housing': 'competent' } }).ok).toBe(false);
    expect(checkRatingPaper(spec, { marks: { nobody: 'satisfied' } }).ok).toBe(false);
    expect(checkRatingPaper(spec, { marks: {}, comment: '...' }).ok).toBe(false);
  });

  it('R4.8: checkRatingSpec: distinct subject ids; a project link only on a project subject', () => {
    expect(checkRatingSpec(rating())).toEqual([]);
    expect(
      checkRatingSpec({ ...rating(), subjects: [{ subjectId: 'x', name: 'x', kind: 'appointee', projectId: 'MS-1' }] }),
    ).toEqual(['subject x links a project but is not a project']);
  });
});

describe('R5.4 rates over valid papers', () => {
  it('R5.4: 满意 25, 基本满意 5, 不满意 0 of 30 valid → 满意率 25/30 = 83.3%, 满意+基本满意率 30/30 = 100.0%', () => {
    const spec = rating();
    const result = countRating(
      spec,
      tallyRatingBox(spec, boxOf([[only('satisfied'), 25], [only('basically_satisfied'), 5]])),
      { total: 35, present: 30, bodyKind: 'standing_committee' },
    );
    const [subject] = result.subjects;
    expect(subject).toMatchObject({
      satisfied: 25,
      basically_satisfied: 5,
      unsatisfied: 0,
      blank: 0,
      validPapers: 30,
      satisfiedRate: { numerator: 25, denominator: 30, percent: '83.3%' },
      satisfiedOrBasicRate: { numerator: 30, denominator: 30, percent: '100.0%' },
      tier: 'satisfied',
      followUp: false,
    });
    // The other subjects were left blank on every paper: not rated, so no tier and no flag.
    expect(result.subjects[1]).toMatchObject({ blank: 30, tier: null, followUp: false });
  });

  it('R5.3: the quorum is recorded with the result ("实到29人，符合测评的法定人数")', () => {
    const spec = rating();
    const met = countRating(spec, tallyRatingBox(spec, {}), { total: 35, present: 29, bodyKind: 'standing_committee' });
    expect(met).toMatchObject({ total: 35, present: 29, quorum: { met: true, required: 18 } });
    const notMet = countRating(spec, tallyRatingBox(spec, {}), { total: 35, present: 17, bodyKind: 'standing_committee' });
    expect(notMet.quorum).toMatchObject({ met: false, required: 18 });
  });

  it('R5.4: nobody votes → no rates (denominator 0, percent null) and no tier', () => {
    const spec = rating();
    const result = countRating(spec, tallyRatingBox(spec, {}), { total: 35, present: 30, bodyKind: 'standing_committee' });
    expect(result.subjects[0]).toMatchObject({
      validPapers: 0,
      satisfiedRate: { numerator: 0, denominator: 0, percent: null },
      tier: null,
      followUp: false,
    });
  });
});

describe('R5.4 tiers: base and boundary are settings', () => {
  const strictValid = DEFAULT_RATING_SETTINGS;
  const inclusiveValid: RatingSettings = { base: 'valid_ballots', boundary: 'inclusive' };
  const strictAll: RatingSettings = { base: 'all_members', boundary: 'strict' };
  const inclusiveAll: RatingSettings = { base: 'all_members', boundary: 'inclusive' };

  it('R5.4: exactly half at the boundary: 满意 15 of 30 valid is 满意 only when inclusive (≥)', () => {
    const counts = { satisfied: 15, basically_satisfied: 10, unsatisfied: 5 };
    expect(ratingTier(counts, 30, 30, strictValid)).toBe('basically_satisfied');
    expect(ratingTier(counts, 30, 30, inclusiveValid)).toBe('satisfied');
    expect(ratingTier({ satisfied: 16, basically_satisfied: 0, unsatisfied: 14 }, 30, 30, strictValid)).toBe('satisfied');
  });

  it('R5.4: exactly half of 满意+基本满意: 10 + 5 of 30 is 基本满意 only when inclusive', () => {
    const counts = { satisfied: 10, basically_satisfied: 5, unsatisfied: 15 };
    expect(ratingTier(counts, 30, 30, strictValid)).toBe('unsatisfied');
    expect(ratingTier(counts, 30, 30, inclusiveValid)).toBe('basically_satisfied');
  });

  it('R5.4 镇海: 35 members, 28 valid papers, 满意 16: over valid papers 满意, over all members not', () => {
    const counts = { satisfied: 16, basically_satisfied: 4, unsatisfied: 8 };
    expect(ratingTier(counts, 28, 35, strictValid)).toBe('satisfied');
    expect(ratingTier(counts, 28, 35, strictAll)).toBe('basically_satisfied');
    expect(ratingTier({ satisfied: 16, basically_satisfied: 1, unsatisfied: 11 }, 28, 35, strictAll)).toBe('unsatisfied');
  });

  it('R5.4 镇海 at exactly half of all members (34): 满意 17 is 满意 only with ≥', () => {
    const counts = { satisfied: 17, basically_satisfied: 0, unsatisfied: 3 };
    expect(ratingTier(counts, 20, 34, strictAll)).toBe('unsatisfied');
    expect(ratingTier(counts, 20, 34, inclusiveAll)).toBe('satisfied');
  });

  it('R5.4/R5.5: countRating applies the settings and flags 不满意 for follow-up', () => {
    const papers = boxOf([[only('satisfied'), 10], [only('basically_satisfied'), 6], [only('unsatisfied'), 4]]);
    const context = { total: 35, present: 30, bodyKind: 'standing_committee' as const };
    // 满意+基本满意 = 16: more than half of 20 valid papers, not of 35 members.
    const overMembers = countRating(rating({ base: 'all_members' }), tallyRatingBox(rating(), papers), context);
    expect(overMembers.settings).toEqual({ base: 'all_members', boundary: 'strict' });
    expect(overMembers.subjects[0]).toMatchObject({
      tier: 'unsatisfied',
      followUp: true,
      satisfiedRate: { percent: '50.0%' },
    });
    const overValid = countRating(rating(), tallyRatingBox(rating(), papers), context);
    expect(overValid.subjects[0]).toMatchObject({ tier: 'basically_satisfied', followUp: false });
  });

  it('R5.4: all abstain (blank) on a subject: 0 of 12 → 0.0%, not rated, no follow-up flag', () => {
    const spec = rating();
    const result = countRating(spec, tallyRatingBox(spec, boxOf([[{ marks: {} }, 12]])), {
      total: 15,
      present: 12,
      bodyKind: 'standing_committee',
    });
    expect(result.subjects[0]).toMatchObject({
      blank: 12,
      validPapers: 12,
      tier: null,
      followUp: false,
      satisfiedRate: { numerator: 0, denominator: 12, percent: '0.0%' },
    });
  });

  it('R5.4/R5.5: one 不满意 among blanks is a rating: 不满意, flagged for follow-up', () => {
    const spec = rating();
    const tally = tallyRatingBox(spec, boxOf([[{ marks: {} }, 11], [only('unsatisfied'), 1]]));
    const context = { total: 15, present: 12, bodyKind: 'standing_committee' as const };
    expect(countRating(spec, tally, context).subjects[0]).toMatchObject({ tier: 'unsatisfied', followUp: true });
  });

  it('R5.4: an unreadable key is a void paper and not in any rate', () => {
    const spec = rating();
    const result = countRating(spec, tallyRatingBox(spec, { ...boxOf([[only('satisfied'), 3]]), junk: 1 }), {
      total: 5,
      present: 5,
      bodyKind: 'standing_committee',
    });
    expect(result).toMatchObject({ returned: 4, valid: 3, void: 1 });
    expect(result.subjects[0]?.satisfiedRate).toEqual({ numerator: 3, denominator: 3, percent: '100.0%' });
  });
});

const optionOrBlank = fc.option(fc.constantFrom<RatingOption>(...RATING_OPTIONS), { nil: undefined });
const ratingPaper = fc.array(optionOrBlank, { minLength: 3, maxLength: 3 }).map((options): RatingPaper => {
  const marks: Record<string, RatingOption> = {};
  options.forEach((o, i) => {
    if (o) marks[SUBJECTS[i]!.subjectId] = o;
  });
  return { marks };
});

describe('R5 properties', () => {
  it('R5.4: tally from the box equals the tally paper by paper', () => {
    fc.assert(
      fc.property(fc.array(ratingPaper, { maxLength: 60 }), (papers) => {
        const spec = rating();
        const box: BallotBox = {};
        for (const p of papers) box[ratingPaperKey(p)] = (box[ratingPaperKey(p)] ?? 0) + 1;
        expect(tallyRatingBox(spec, box)).toEqual(tallyRatingPapers(spec, papers));
      }),
    );
  });

  it('R5.4: the three options + blank = valid papers; inclusive never grades lower than strict', () => {
    fc.assert(
      fc.property(fc.array(ratingPaper, { maxLength: 60 }), fc.integer({ min: 60, max: 80 }), (papers, total) => {
        const order = { unsatisfied: 0, basically_satisfied: 1, satisfied: 2 } as const;
        for (const base of ['valid_ballots', 'all_members'] as const) {
          const strict = countRating(rating({ base }), tallyRatingPapers(rating(), papers), {
            total,
            present: 60,
            bodyKind: 'congress',
          });
          const inclusive = countRating(rating({ base, boundary: 'inclusive' }), tallyRatingPapers(rating(), papers), {
            total,
            present: 60,
            bodyKind: 'congress',
          });
          strict.subjects.forEach((s, i) => {
            expect(s.satisfied + s.basically_satisfied + s.unsatisfied + s.blank).toBe(strict.valid);
            const other = inclusive.subjects[i]!;
            if (s.tier && other.tier) expect(order[other.tier]).toBeGreaterThanOrEqual(order[s.tier]);
          });
        }
      }),
    );
  });
});
