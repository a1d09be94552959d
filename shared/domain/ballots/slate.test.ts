import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotBox } from './kinds';
import type { MotionOption } from './motion';
import {
  checkSlatePaper,
  checkSlateSpec,
  countSlate,
  DEFAULT_SLATE_SETTINGS,
  parseSlatePaperKey,
  slatePaperKey,
  slateWarnings,
  tallySlateBox,
  tallySlatePapers,
  type SlatePaper,
  type SlateProject,
  type SlateSettings,
  type SlateSpec,
} from './slate';

function project(projectId: string, title: string): SlateProject {
  return { projectId, title, sponsorUnit: '镇人民政府', budgetFen: 100_000_000, summary: '' };
}

const PROJECTS = [
  project('2025-01', '老旧小区加装电梯'),
  project('2025-02', '农村饮用水提升'),
  project('2025-03', '中小学食堂改造'),
  project('2025-04', '社区养老服务站'),
  project('2025-05', '城区停车泊位'),
];

function slate(places: number, settings: Partial<SlateSettings> = {}, projects = PROJECTS): SlateSpec {
  return { places, projects, settings: { ...DEFAULT_SLATE_SETTINGS, ...settings } };
}

function boxOf(papers: SlatePaper[]): BallotBox {
  const box: BallotBox = {};
  for (const paper of papers) {
    const key = slatePaperKey(paper);
    box[key] = (box[key] ?? 0) + 1;
  }
  return box;
}

function repeat(paper: SlatePaper, times: number): SlatePaper[] {
  return Array.from({ length: times }, () => paper);
}

/** Papers giving each listed project exactly that many 赞成 (one 赞成 per paper, the rest blank). */
function yesVotes(counts: Record<string, number>): SlatePaper[] {
  return Object.entries(counts).flatMap(([id, n]) => repeat({ marks: { [id]: 'yes' } }, n));
}

describe('R4.3 project paper keys', () => {
  it('R4.3: per-project marks sorted by id; chosen ids sorted', () => {
    expect(slatePaperKey({ marks: { '2025-03': 'no', '2025-01': 'yes' } })).toBe(
      '{"marks":{"2025-01":"yes","2025-03":"no"}}',
    );
    expect(slatePaperKey({ chosen: ['2025-04', '2025-01'] })).toBe('{"chosen":["2025-01","2025-04"]}');
  });

  it('R4.3: parse(key) round-trips and rejects non-canonical spellings', () => {
    expect(parseSlatePaperKey('{"chosen":["2025-01","2025-04"]}')).toEqual({
      ok: true,
      value: { chosen: ['2025-01', '2025-04'] },
    });
    expect(parseSlatePaperKey('{"chosen":["2025-04","2025-01"]}').ok).toBe(false);
    expect(parseSlatePaperKey('{"chosen":["2025-01","2025-01"]}').ok).toBe(false);
  });
});

describe('R4.3 checking one project paper', () => {
  const spec = slate(2);

  it('R4.3: at most K 赞成: K=2, two 赞成 is valid, three is void (over_cap)', () => {
    expect(checkSlatePaper(spec, { marks: { '2025-01': 'yes', '2025-02': 'yes', '2025-03': 'no' } })).toMatchObject({
      ok: true,
      voidReason: null,
    });
    expect(checkSlatePaper(spec, { marks: { '2025-01': 'yes', '2025-02': 'yes', '2025-03': 'yes' } })).toMatchObject({
      ok: true,
      voidReason: 'over_cap',
    });
  });

  it('R4.3: with the cap switched off, any number of 赞成 is valid', () => {
    const uncapped = slate(2, { capYesAtPlaces: false });
    const all: Record<string, MotionOption> = Object.fromEntries(PROJECTS.map((p) => [p.projectId, 'yes']));
    expect(checkSlatePaper(uncapped, { marks: all })).toMatchObject({ ok: true, voidReason: null });
  });

  it('R4.3 choose_up_to_k: K=2, choosing 2 is valid, 3 is void, 0 is a valid blank paper', () => {
    const choose = slate(2, { form: 'choose_up_to_k' });
    expect(checkSlatePaper(choose, { chosen: ['2025-02', '2025-01'] })).toMatchObject({
      ok: true,
      key: '{"chosen":["2025-01","2025-02"]}',
      voidReason: null,
    });
    expect(checkSlatePaper(choose, { chosen: ['2025-01', '2025-02', '2025-03'] })).toMatchObject({
      ok: true,
      voidReason: 'over_cap',
    });
    expect(checkSlatePaper(choose, { chosen: [] })).toMatchObject({ ok: true, voidReason: null });
  });

  it('R4.3: unknown projects, duplicates, bad options and the wrong form are rejected', () => {
    expect(checkSlatePaper(spec, { marks: { '2026-01': 'yes' } }).ok).toBe(false);
    expect(checkSlatePaper(spec, { marks: { '2025-01': '赞成' } }).ok).toBe(false);
    expect(checkSlatePaper(spec, { chosen: ['2025-01'] }).ok).toBe(false);
    const choose = slate(2, { form: 'choose_up_to_k' });
    expect(checkSlatePaper(choose, { marks: {} }).ok).toBe(false);
    expect(checkSlatePaper(choose, { chosen: ['2025-01', '2025-01'] }).ok).toBe(false);
    expect(checkSlatePaper(choose, { chosen: 'all' }).ok).toBe(false);
  });

  it('R4.2/R4.8: checkSlateSpec wants K ≥ 1, distinct stable ids and whole-fen budgets', () => {
    expect(checkSlateSpec(spec)).toEqual([]);
    expect(checkSlateSpec(slate(0))).toEqual(['places must be a whole number ≥ 1']);
    expect(checkSlateSpec(slate(1, {}, [PROJECTS[0]!, PROJECTS[0]!]))).toEqual(['duplicate project id 2025-01']);
    expect(checkSlateSpec(slate(1, {}, [{ ...PROJECTS[0]!, budgetFen: 12.5 }]))).toHaveLength(1);
  });

  it('R4.7: an optional year, checked to be a whole number from 2000 to 2100', () => {
    expect(checkSlateSpec({ ...spec, year: 2027 })).toEqual([]);
    expect(checkSlateSpec({ ...spec, year: 2000 })).toEqual([]);
    expect(checkSlateSpec({ ...spec, year: 2100 })).toEqual([]);
    for (const year of [1999, 2101, 207, 20277, 2027.5, Number.NaN]) {
      expect(checkSlateSpec({ ...spec, year })).toEqual(['year must be a whole number from 2000 to 2100']);
    }
  });
});

describe('R4.5 top_k_with_majority (DEFAULT): top K among projects with 赞成 > half of ALL delegates', () => {
  it('R0.1/R4.5: total 40: 21 赞成 is adopted, exactly 20 is not, and the place left over stays open', () => {
    const spec = slate(2);
    const papers = yesVotes({ '2025-01': 21, '2025-02': 20 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 41 });
    expect(result).toMatchObject({
      validity: 'valid',
      outcome: 'places_open',
      requiredYes: 21,
      adopted: ['2025-01'],
      decidedPlaces: 1,
      openPlaces: 1,
      tieRevote: null,
    });
    expect(result.projects[1]).toMatchObject({ projectId: '2025-02', yes: 20, qualified: false, adopted: false });
  });

  it('R4.5/R3.6: a tie at place K is not broken: A 26, B 21, C 21, D 10, total 40, K=2 → A adopted, B/C revote for 1', () => {
    const spec = slate(2);
    const papers = [
      ...repeat({ marks: { '2025-01': 'yes', '2025-02': 'yes' } }, 13),
      ...repeat({ marks: { '2025-01': 'yes', '2025-03': 'yes' } }, 13),
      ...repeat({ marks: { '2025-02': 'yes', '2025-04': 'yes' } }, 5),
      ...repeat({ marks: { '2025-03': 'yes', '2025-04': 'yes', '2025-05': 'no' } }, 5),
      ...repeat({ marks: { '2025-02': 'yes', '2025-03': 'yes' } }, 3),
    ];
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 40 });
    expect(result.projects.map((p) => [p.yes, p.rank])).toEqual([
      [26, 1],
      [21, 2],
      [21, 2],
      [10, 4],
      [0, 5],
    ]);
    expect(result.projects.map((p) => p.qualified)).toEqual([true, true, true, false, false]);
    expect(result).toMatchObject({
      outcome: 'tie_revote',
      adopted: ['2025-01'],
      decidedPlaces: 1,
      tieRevote: { projectIds: ['2025-02', '2025-03'], places: 1 },
      openPlaces: 0,
    });
    expect(result.projects.filter((p) => p.tied).map((p) => p.projectId)).toEqual(['2025-02', '2025-03']);
  });

  it('R4.5: a tie that fits inside K is no tie: 30, 25, 25 with K=3 → all three adopted', () => {
    const spec = slate(3);
    const papers = yesVotes({ '2025-01': 30, '2025-02': 25, '2025-03': 25 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 80 });
    expect(result).toMatchObject({ outcome: 'filled', adopted: ['2025-01', '2025-02', '2025-03'], tieRevote: null });
  });

  it('R4.5: three projects tied for both places: nothing decided, all three go to a revote for 2 places', () => {
    const spec = slate(2);
    const papers = yesVotes({ '2025-01': 25, '2025-02': 25, '2025-03': 25 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 75 });
    expect(result).toMatchObject({
      outcome: 'tie_revote',
      adopted: [],
      decidedPlaces: 0,
      tieRevote: { projectIds: ['2025-01', '2025-02', '2025-03'], places: 2 },
    });
  });

  it('R4.5: ties among projects below the bar do not matter: 30, 25 qualify for K=2; two at 10 are just out', () => {
    const spec = slate(2);
    const papers = yesVotes({ '2025-01': 30, '2025-02': 25, '2025-03': 10, '2025-04': 10 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 75 });
    expect(result).toMatchObject({ outcome: 'filled', adopted: ['2025-01', '2025-02'] });
    expect(result.projects[2]).toMatchObject({ rank: 3, qualified: false, tied: false });
  });

  it('R4.3: an over-cap paper is void, counts as returned, and adds nothing to any project', () => {
    const spec = slate(2);
    const papers: SlatePaper[] = [
      ...repeat({ marks: { '2025-01': 'yes', '2025-02': 'yes' } }, 21),
      { marks: { '2025-01': 'yes', '2025-02': 'yes', '2025-03': 'yes' } },
    ];
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 40 });
    expect(result).toMatchObject({ returned: 22, valid: 21, void: 1, voidReasons: { over_cap: 1, unreadable: 0 } });
    expect(result.projects.map((p) => p.yes)).toEqual([21, 21, 0, 0, 0]);
    // R4.3: unmarked on a cast paper is 弃权 (was: blank 21, which did not add up to 有效票 21).
    expect(result.projects[2]).toMatchObject({ abstain: 21, blank: 0 });
  });

  it('R4.5: all abstain → nothing qualifies; every place stays open', () => {
    const spec = slate(3);
    const all: Record<string, MotionOption> = Object.fromEntries(PROJECTS.map((p) => [p.projectId, 'abstain']));
    const result = countSlate(spec, tallySlateBox(spec, boxOf(repeat({ marks: all }, 40))), { total: 40, present: 40 });
    expect(result).toMatchObject({ outcome: 'places_open', adopted: [], openPlaces: 3 });
    expect(result.projects.every((p) => p.abstain === 40 && p.rank === 1)).toBe(true);
  });

  it('R4.5: nobody votes → no papers, every place open, every project ranked 1 with 0', () => {
    const spec = slate(3);
    const result = countSlate(spec, tallySlateBox(spec, {}), { total: 40, present: 30 });
    expect(result).toMatchObject({ returned: 0, valid: 0, outcome: 'places_open', openPlaces: 3, issued: 30 });
  });
});

describe('R4.5 top_k_only', () => {
  it('R4.5: top K by 赞成 with no majority bar: total 40, K=2, 5 and 3 赞成 are adopted', () => {
    const spec = slate(2, { rule: 'top_k_only' });
    const papers = yesVotes({ '2025-01': 5, '2025-02': 3, '2025-03': 1 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 40 });
    expect(result).toMatchObject({ outcome: 'filled', requiredYes: 1, adopted: ['2025-01', '2025-02'] });
  });

  it('R4.5: a project nobody chose is never adopted, even under top_k_only', () => {
    const spec = slate(3, { rule: 'top_k_only' });
    const papers = yesVotes({ '2025-01': 5 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 40 });
    expect(result).toMatchObject({ outcome: 'places_open', adopted: ['2025-01'], openPlaces: 2 });
  });

  it('R4.5: top_k_only still leaves a tie at place K to a revote', () => {
    const spec = slate(1, { rule: 'top_k_only' });
    const papers = yesVotes({ '2025-01': 7, '2025-02': 7 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 40 });
    expect(result.tieRevote).toEqual({ projectIds: ['2025-01', '2025-02'], places: 1 });
  });
});

describe('R4.3 choose_up_to_k form', () => {
  it('R4.3/R4.5: a choice counts as 赞成; projects not chosen count as blank', () => {
    const spec = slate(2, { form: 'choose_up_to_k' });
    const papers: SlatePaper[] = [
      ...repeat({ chosen: ['2025-01', '2025-02'] }, 21),
      ...repeat({ chosen: ['2025-03'] }, 10),
      { chosen: ['2025-01', '2025-02', '2025-03'] },
    ];
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 40 });
    expect(result).toMatchObject({ valid: 31, void: 1, outcome: 'filled', adopted: ['2025-01', '2025-02'] });
    expect(result.projects[0]).toMatchObject({ yes: 21, no: 0, abstain: 0, blank: 10 });
  });
});

describe('R4.6 validity: more papers returned than issued voids the vote (as R3.4)', () => {
  it('R4.6: issued 38 (default = present), returned 39 → invalid, nothing counted', () => {
    const spec = slate(2);
    const papers = yesVotes({ '2025-01': 39 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 38 });
    expect(result).toMatchObject({
      validity: 'returned_exceeds_issued',
      outcome: 'invalid',
      issued: 38,
      returned: 39,
      projects: [],
      adopted: [],
    });
  });

  it('R4.6: returned equal to issued is valid (等于或者少于 有效)', () => {
    const spec = slate(2);
    const papers = yesVotes({ '2025-01': 39 });
    const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total: 40, present: 38, issued: 39 });
    expect(result).toMatchObject({ validity: 'valid', adopted: ['2025-01'] });
  });
});

describe('R4.2 candidates vs places', () => {
  it('R4.2: warns when candidates ≤ K (等额), as at 北坡 7 of 7; no warning for 5 → 4', () => {
    expect(slateWarnings(slate(5)).map((w) => w.code)).toEqual(['CANDIDATES_NOT_MORE_THAN_PLACES']);
    expect(slateWarnings(slate(6))).toHaveLength(1);
    expect(slateWarnings(slate(4))).toEqual([]);
  });
});

const projectIds = PROJECTS.map((p) => p.projectId);
const optionOrBlank = fc.option(fc.constantFrom<MotionOption>('yes', 'no', 'abstain'), { nil: undefined });
const perProjectPaper = fc.array(optionOrBlank, { minLength: 5, maxLength: 5 }).map((options): SlatePaper => {
  const marks: Record<string, MotionOption> = {};
  options.forEach((option, i) => {
    if (option) marks[projectIds[i]!] = option;
  });
  return { marks };
});
const choosePaper = fc.subarray(projectIds).map((chosen): SlatePaper => ({ chosen: [...chosen].sort() }));

describe('R4 properties', () => {
  const cases = fc.record({
    places: fc.integer({ min: 1, max: 5 }),
    rule: fc.constantFrom<SlateSettings['rule']>('top_k_with_majority', 'top_k_only'),
    total: fc.integer({ min: 1, max: 60 }),
  });

  it('R4.3: tally from the box equals the tally paper by paper (both forms)', () => {
    fc.assert(
      fc.property(cases, fc.array(perProjectPaper, { maxLength: 60 }), ({ places }, papers) => {
        const spec = slate(places);
        expect(tallySlateBox(spec, boxOf(papers))).toEqual(tallySlatePapers(spec, papers));
      }),
    );
    fc.assert(
      fc.property(cases, fc.array(choosePaper, { maxLength: 60 }), ({ places }, papers) => {
        const spec = slate(places, { form: 'choose_up_to_k' });
        expect(tallySlateBox(spec, boxOf(papers))).toEqual(tallySlatePapers(spec, papers));
      }),
    );
  });

  it('R4.5: adopted ≤ K; decided + tied places + open places = K; options + blank = valid papers', () => {
    fc.assert(
      fc.property(cases, fc.array(perProjectPaper, { maxLength: 60 }), ({ places, rule, total }, papers) => {
        const spec = slate(places, { rule });
        const result = countSlate(spec, tallySlateBox(spec, boxOf(papers)), { total, present: 60 });
        expect(result.adopted.length).toBeLessThanOrEqual(places);
        expect(result.projects.filter((p) => p.adopted)).toHaveLength(result.adopted.length);
        expect(result.decidedPlaces + (result.tieRevote?.places ?? 0) + result.openPlaces).toBe(places);
        expect(result.valid + result.void).toBe(papers.length);
        for (const p of result.projects) expect(p.yes + p.no + p.abstain + p.blank).toBe(result.valid);
        if (rule === 'top_k_with_majority') {
          for (const p of result.projects) if (p.adopted) expect(p.yes * 2).toBeGreaterThan(total);
        }
      }),
    );
  });
});
