import { describe, expect, it } from 'vitest';
import { ChoiceSchema, ManualCountsSchema, OpenBallotSchema, OpenFollowUpSchema, OpenPreparedSchema } from './ballots';

describe('openBallot payload, discriminated by kind', () => {
  it('a payload without kind is a motion with its flat fields and defaults, as the first clients send it', () => {
    expect(OpenBallotSchema.parse({ itemId: 'item-1', title: '决议' })).toEqual({
      kind: 'motion',
      itemId: 'item-1',
      title: '决议',
      secrecy: 'anonymous',
      durationSec: null,
      method: 'electronic',
      threshold: 'majority_of_all',
      requireHalfParticipation: false,
      rerunOf: null,
      followUpOf: null,
      quorumOverrideReason: null,
    });
  });

  it('a slate fills its settings with the DOMAIN defaults; unknown fields are refused', () => {
    const parsed = OpenBallotSchema.parse({
      itemId: 'item-3',
      kind: 'slate',
      title: '票决',
      slate: { places: 1, projects: [{ projectId: 'p1', title: '项目' }] },
    });
    expect(parsed).toMatchObject({
      kind: 'slate',
      slate: { places: 1, projects: [{ projectId: 'p1', sponsorUnit: '', budgetFen: null, summary: '' }], settings: { form: 'per_project', rule: 'top_k_with_majority', capYesAtPlaces: true } },
    });
    expect(OpenBallotSchema.safeParse({ itemId: 'i', kind: 'slate', title: 't', slate: { places: 1, projects: [] } }).success).toBe(false);
    expect(OpenBallotSchema.safeParse({ itemId: 'i', kind: 'motion', title: 't', slate: {} }).success).toBe(false);
    expect(OpenBallotSchema.safeParse({ itemId: 'i', kind: 'poll', title: 't' }).success).toBe(false);
  });

  it('R4.7: a slate may name the year its projects are for, a whole number from 2000 to 2100', () => {
    const slate = (year: unknown) => ({ itemId: 'i', kind: 'slate', title: 't', slate: { places: 1, projects: [{ projectId: 'p1', title: '项目' }], year } });
    const parsed = OpenBallotSchema.parse(slate(2027));
    expect(parsed.kind === 'slate' && parsed.slate.year).toBe(2027);
    const absent = OpenBallotSchema.parse({ itemId: 'i', kind: 'slate', title: 't', slate: { places: 1, projects: [{ projectId: 'p1', title: '项目' }] } });
    expect(absent.kind === 'slate' && 'year' in absent.slate).toBe(false);
    expect(OpenBallotSchema.safeParse(slate(2000)).success).toBe(true);
    expect(OpenBallotSchema.safeParse(slate(2100)).success).toBe(true);
    for (const bad of [1999, 2101, 207, 2027.5, '2027', null]) expect(OpenBallotSchema.safeParse(slate(bad)).success).toBe(false);
  });

  it('an election, a rating, a batch and a list vote parse with their defaults', () => {
    expect(
      OpenBallotSchema.parse({
        itemId: 'i',
        kind: 'election',
        title: '选举',
        election: { post: '副镇长', postType: 'deputy', seats: 2, candidates: [{ candidateId: 'c1', name: '甲' }] },
      }),
    ).toMatchObject({ election: { tellers: { chief: null, members: [] }, settings: { ballotType: 'congress', round: 'first', allowWriteIns: true } } });
    expect(
      OpenBallotSchema.parse({ itemId: 'i', kind: 'rating', title: '测评', rating: { subjects: [{ subjectId: 's1', name: '乙', kind: 'appointee' }] } }),
    ).toMatchObject({ rating: { settings: { base: 'valid_ballots', boundary: 'strict' } } });
    expect(OpenBallotSchema.parse({ itemId: 'i', kind: 'batch', title: '任免', batch: { items: [{ itemId: 'a', title: '任命' }] } })).toMatchObject({
      batch: { settings: { combined: false, motion: { threshold: 'majority_of_all' } } },
    });
    expect(OpenBallotSchema.parse({ itemId: 'i', kind: 'list_vote', title: '名单', list: { members: ['甲'] } })).toMatchObject({ list: { members: ['甲'] } });
  });
});

describe('papers, manual counts and follow-ups', () => {
  it('ChoiceSchema takes every kind of paper and refuses other shapes', () => {
    for (const ok of [
      { option: 'yes' },
      { combined: null },
      { chosen: ['p1'] },
      { marks: { p1: 'yes' } },
      { marks: { c1: 'no' }, writeIns: { c1: '王五' } },
      { marks: { s1: 'basically_satisfied' } },
    ]) {
      expect(ChoiceSchema.safeParse(ok).success).toBe(true);
    }
    for (const bad of [{ option: 'maybe' }, { marks: { 'a b': 'yes' } }, { marks: { s1: 'great' } }, { marks: {}, extra: 1 }, 'yes', null]) {
      expect(ChoiceSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('ManualCountsSchema: whole counts ≥ 0 by kind; write-ins default to none', () => {
    expect(ManualCountsSchema.parse({ kind: 'election', returned: 3, void: 0, candidates: [] })).toMatchObject({ writeIns: [] });
    expect(ManualCountsSchema.safeParse({ kind: 'motion', yes: -1, no: 0, abstain: 0 }).success).toBe(false);
    expect(ManualCountsSchema.safeParse({ kind: 'motion', yes: 1.5, no: 0, abstain: 0 }).success).toBe(false);
    expect(ManualCountsSchema.safeParse({ kind: 'rating', returned: 1, void: 0, subjects: [{ subjectId: 's', satisfied: 1, basically_satisfied: 0, unsatisfied: 0 }] }).success).toBe(true);
  });

  it('openFollowUp and openPrepared', () => {
    expect(OpenFollowUpSchema.parse({ sourceBallotId: 'b', reason: 'tie_revote' })).toEqual({ sourceBallotId: 'b', reason: 'tie_revote', quorumOverrideReason: null });
    expect(OpenFollowUpSchema.safeParse({ sourceBallotId: 'b', reason: 'recount' }).success).toBe(false);
    expect(OpenPreparedSchema.parse({ itemId: 'i', method: 'manual' })).toEqual({ itemId: 'i', method: 'manual', rerunOf: null, quorumOverrideReason: null });
  });
});
