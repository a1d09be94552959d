import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_SETTINGS } from './batch';
import { DEFAULT_ELECTION_SETTINGS } from './election';
import { batchBallot, electionBallot, listVoteBallot, ratingBallot, slateBallot } from './kind-fixtures';
import { checkChoice, type BallotSpec } from './kinds';
import { MOTION_OPTIONS } from './motion';
import { paperKeyBound } from './paper-bound';
import { RATING_OPTIONS } from './rating';
import { DEFAULT_SLATE_SETTINGS } from './slate';

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** A UTF-16 code unit of any kind: ASCII, quotes and backslashes, CJK, lone surrogates. */
const unit = fc.oneof(
  fc.constantFrom('a', 'Z', '0', '"', '\\', '/', '-', '·', '王', '𠀋'),
  fc.integer({ min: 0x20, max: 0xffff }).map((code) => String.fromCharCode(code)),
);
const anyId = fc.string({ unit, minLength: 1, maxLength: 64 }).filter((id) => id.length >= 1 && id.length <= 64);
const ids = (min: number, max: number) => fc.uniqueArray(anyId, { minLength: min, maxLength: max });
/** Written-in names: mostly Chinese, sometimes long, odd or surrogate-laden (checkChoice decides). */
const writeInName = fc.oneof(
  fc.string({ unit: fc.constantFrom('王', '五', '李', '·', ' ', 'Ａ', 'x'), minLength: 1, maxLength: 40 }),
  fc.string({ unit, minLength: 1, maxLength: 40 }),
);
const motionOption = fc.constantFrom(...MOTION_OPTIONS);

/** A mark for some of `keys`, each picked from `options`. */
function marksOf<O extends string>(keys: readonly string[], options: readonly O[]) {
  return fc
    .array(fc.option(fc.constantFrom(...options), { nil: undefined }), { minLength: keys.length, maxLength: keys.length })
    .map((picked) => Object.fromEntries(keys.flatMap((key, i) => (picked[i] === undefined ? [] : [[key, picked[i]]]))));
}

function shuffled<T>(values: readonly T[], order: readonly number[]): T[] {
  return values
    .map((value, i) => ({ value, rank: order[i] ?? 0 }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ value }) => value);
}

/** A random spec of every kind, with a random paper for it (valid or not: checkChoice judges). */
const specAndPaper: fc.Arbitrary<{ spec: BallotSpec; paper: unknown }> = fc.oneof(
  motionOption.map((option) => ({
    spec: { ...listVoteBallot('m'), kind: 'motion', settings: { threshold: 'majority_of_all', requireHalfParticipation: false } } as BallotSpec,
    paper: { option },
  })),
  motionOption.map((option) => ({ spec: listVoteBallot('l') as BallotSpec, paper: { option } })),
  fc
    .tuple(ids(1, 12), fc.boolean())
    .chain(([itemIds, combined]) => {
      const spec = batchBallot('b', 1, {
        batch: { items: itemIds.map((itemId) => ({ itemId, title: 't' })), settings: { ...DEFAULT_BATCH_SETTINGS, combined } },
      });
      const paper = combined
        ? fc.option(motionOption, { nil: null }).map((option) => ({ combined: option }))
        : marksOf(itemIds, MOTION_OPTIONS).map((marks) => ({ marks }));
      return paper.map((p) => ({ spec: spec as BallotSpec, paper: p as unknown }));
    }),
  fc
    .tuple(ids(1, 12), fc.integer({ min: 1, max: 12 }), fc.constantFrom('per_project', 'choose_up_to_k'), fc.boolean())
    .chain(([projectIds, places, form, capYesAtPlaces]) => {
      const base = slateBallot('s', 1, places);
      const spec = slateBallot('s', 1, places, {
        slate: {
          ...base.slate,
          projects: projectIds.map((projectId) => ({ ...base.slate.projects[0]!, projectId })),
          settings: { ...DEFAULT_SLATE_SETTINGS, form, capYesAtPlaces },
        },
      });
      const paper =
        form === 'choose_up_to_k'
          ? fc.subarray(projectIds).map((chosen) => ({ chosen }))
          : marksOf(projectIds, MOTION_OPTIONS).map((marks) => ({ marks }));
      return paper.map((p) => ({ spec: spec as BallotSpec, paper: p as unknown }));
    }),
  fc
    .tuple(ids(1, 10), fc.integer({ min: 1, max: 10 }), fc.boolean())
    .chain(([candidateIds, seats, allowWriteIns]) => {
      const base = electionBallot('e');
      const spec = electionBallot('e', seats, 1, {
        election: {
          ...base.election,
          seats,
          candidates: candidateIds.map((candidateId, i) => ({ candidateId, name: `候选人${i + 1}` })),
          settings: { ...DEFAULT_ELECTION_SETTINGS, allowWriteIns },
        },
      });
      // Write-ins go in slots marked 反对 (no), the only valid way; the rest mark at random.
      return fc
        .tuple(
          marksOf(candidateIds, ['yes', 'no', 'abstain'] as const),
          fc.array(fc.tuple(fc.constantFrom(...candidateIds), writeInName), { maxLength: seats }),
          fc.array(fc.nat(), { minLength: candidateIds.length, maxLength: candidateIds.length }),
        )
        .map(([marks, writeIns, order]) => {
          const slotted: Record<string, string> = Object.fromEntries(writeIns);
          const allMarks: Record<string, string> = { ...marks };
          for (const slot of Object.keys(slotted)) allMarks[slot] = 'no';
          const orderedMarks = Object.fromEntries(shuffled(Object.entries(allMarks), order));
          return { spec: spec as BallotSpec, paper: { marks: orderedMarks, writeIns: slotted } as unknown };
        });
    }),
  ids(1, 12).chain((subjectIds) => {
    const base = ratingBallot('r', 1);
    const spec = ratingBallot('r', 1, {
      rating: { ...base.rating, subjects: subjectIds.map((subjectId) => ({ ...base.rating.subjects[0]!, subjectId })) },
    });
    return marksOf(subjectIds, RATING_OPTIONS).map((marks) => ({ spec: spec as BallotSpec, paper: { marks } as unknown }));
  }),
);

describe('paperKeyBound', () => {
  it('is never exceeded by the key of a valid paper, of any kind', () => {
    let valid = 0;
    fc.assert(
      fc.property(specAndPaper, ({ spec, paper }) => {
        const check = checkChoice(spec, paper);
        if (!check.ok) return;
        valid++;
        expect(bytes(check.key)).toBeLessThanOrEqual(paperKeyBound(spec));
      }),
      { numRuns: 3000 },
    );
    // The property must have been tried on many real papers, not vacuously.
    expect(valid).toBeGreaterThan(1000);
  });

  it('is reached exactly by the longest paper where every mark is free (worked examples)', () => {
    const motion = { ...listVoteBallot('m'), kind: 'motion', settings: { threshold: 'majority_of_all', requireHalfParticipation: false } } as BallotSpec;
    expect(paperKeyBound(motion)).toBe(bytes('abstain'));
    expect(paperKeyBound(listVoteBallot('l'))).toBe(7);

    const batch = batchBallot('b', 3);
    const longestBatch = checkChoice(batch, { marks: { a1: 'abstain', a2: 'abstain', a3: 'abstain' } });
    expect(longestBatch).toEqual({ ok: true, key: '{"marks":{"a1":"abstain","a2":"abstain","a3":"abstain"}}' });
    expect(paperKeyBound(batch)).toBe(bytes('{"marks":{"a1":"abstain","a2":"abstain","a3":"abstain"}}'));
    const combined = batchBallot('b', 3, { batch: { ...batch.batch, settings: { ...DEFAULT_BATCH_SETTINGS, combined: true } } });
    expect(paperKeyBound(combined)).toBe(bytes('{"combined":"abstain"}'));

    const rating = ratingBallot('r', 2);
    const longestRating = '{"marks":{"s1":"basically_satisfied","s2":"basically_satisfied"}}';
    expect(checkChoice(rating, { marks: { s2: 'basically_satisfied', s1: 'basically_satisfied' } })).toEqual({ ok: true, key: longestRating });
    expect(paperKeyBound(rating)).toBe(bytes(longestRating));

    const slate = slateBallot('s', 3, 2);
    expect(paperKeyBound(slate)).toBe(bytes('{"marks":{"p01":"abstain","p02":"abstain","p03":"abstain"}}'));
    const choose = slateBallot('s', 3, 2, { slate: { ...slate.slate, settings: { ...DEFAULT_SLATE_SETTINGS, form: 'choose_up_to_k' } } });
    // At most `places` (2) chosen: three would be void, refused at cast.
    expect(paperKeyBound(choose)).toBe(bytes('{"chosen":["p01","p02"]}'));
  });

  it('counts ids as JSON spells them, escapes and multi-byte characters included', () => {
    const spec = ratingBallot('r', 1, {
      rating: { subjects: [{ subjectId: '王"\\', name: 'x', kind: 'appointee' }], settings: ratingBallot('r').rating.settings },
    });
    const key = checkChoice(spec, { marks: { '王"\\': 'basically_satisfied' } });
    expect(key.ok).toBe(true);
    if (key.ok) expect(paperKeyBound(spec)).toBe(bytes(key.key));
  });

  it('leaves room for write-ins of the longest names in the longest slots (R3.3: at most `seats`)', () => {
    const spec = electionBallot('e', 2, 3);
    const longName = '王'.repeat(40);
    const paper = { marks: { c1: 'no', c2: 'no', c3: 'no' }, writeIns: { c1: longName, c2: `${'李'.repeat(39)}五` } };
    const check = checkChoice(spec, paper);
    expect(check.ok).toBe(true);
    if (check.ok) expect(bytes(check.key)).toBeLessThanOrEqual(paperKeyBound(spec));
    const noWriteIns = electionBallot('e', 2, 3, { election: { ...spec.election, settings: { ...DEFAULT_ELECTION_SETTINGS, allowWriteIns: false } } });
    // {"marks":{"c1":"yes","c2":"yes","c3":"yes"},"writeIns":{}}: every candidate at its longest mark.
    expect(paperKeyBound(noWriteIns)).toBe(bytes('{"marks":{"c1":"yes","c2":"yes","c3":"yes"},"writeIns":{}}'));
  });
});
