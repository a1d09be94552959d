import { describe, expect, it } from 'vitest';
import { beijingYear, chineseOrdinal, decisionYear, draftDecision, formatBudget, type DecisionMeta } from './slate-decision';
import { followUpDraft } from './follow-up';
import type { BallotBox } from './kinds';
import {
  countSlate,
  DEFAULT_SLATE_SETTINGS,
  slatePaperKey,
  tallySlateBox,
  type SlatePaper,
  type SlateResult,
  type SlateSpec,
} from './slate';

const spec: SlateSpec = {
  places: 2,
  projects: [
    { projectId: 'MS-2025-01', title: '老旧小区加装电梯', sponsorUnit: '区住建局', budgetFen: 12_000_000_00, summary: '' },
    { projectId: 'MS-2025-02', title: '农村饮用水提升', sponsorUnit: '区水利局', budgetFen: 3_500_050, summary: '' },
    { projectId: 'MS-2025-03', title: '社区养老服务站', sponsorUnit: '区民政局', budgetFen: null, summary: '' },
  ],
  settings: DEFAULT_SLATE_SETTINGS,
};

function resultOf(papers: Array<[SlatePaper, number]>, total = 40): SlateResult {
  const box: BallotBox = {};
  for (const [paper, n] of papers) box[slatePaperKey(paper)] = n;
  return countSlate(spec, tallySlateBox(spec, box), { total, present: total });
}

const filled = resultOf([
  [{ marks: { 'MS-2025-01': 'yes', 'MS-2025-02': 'yes' } }, 30],
  [{ marks: { 'MS-2025-03': 'yes', 'MS-2025-02': 'no' } }, 8],
]);

const congress: DecisionMeta = { bodyKind: 'congress', sessionTitle: '某区第十届人民代表大会第四次会议', year: 2025 };
const street: DecisionMeta = { bodyKind: 'street_congress', sessionTitle: '某街道第二届议政代表会第一次会议', year: 2025 };

describe('R4.7 draft decision on the year\'s projects', () => {
  it('R4.7/R4.8: a congress decides (决定) and lists adopted projects in rank order with their stable ids', () => {
    const draft = draftDecision(filled, congress);
    expect(draft.ok).toBe(true);
    if (!draft.ok) return;
    expect(draft.title).toBe('某区第十届人民代表大会第四次会议关于2025年民生实事项目的决定（草案）');
    expect(draft.text).toContain('应到40人，实到40人；发出表决票40张，收回38张，其中有效票38张，无效票0张。');
    expect(draft.text).toContain('会议决定以下2个项目为2025年民生实事项目：');
    expect(draft.text).toContain('一、老旧小区加装电梯（项目编号：MS-2025-01；实施单位：区住建局；预算1200万元；赞成30票）');
    expect(draft.text).toContain('二、农村饮用水提升（项目编号：MS-2025-02；实施单位：区水利局；预算35000.50元；赞成30票）');
    expect(draft.text).not.toContain('MS-2025-03');
  });

  it('R6.1: a street deliberative congress recommends (推荐/建议) and never says 决定 or 决议', () => {
    const draft = draftDecision(filled, street);
    expect(draft.ok).toBe(true);
    if (!draft.ok) return;
    expect(draft.title).toBe('某街道第二届议政代表会第一次会议关于推荐2025年民生实事项目的建议（草案）');
    expect(draft.text).toContain('会议推荐以下2个项目作为2025年民生实事项目：');
    expect(draft.text).toContain('MS-2025-01');
    expect(draft.text).not.toMatch(/决定|决议/);
  });

  it('R6.1: the street wording holds for ties and open places too', () => {
    const tied = resultOf(
      [
        [{ marks: { 'MS-2025-01': 'yes', 'MS-2025-02': 'yes' } }, 6],
        [{ marks: { 'MS-2025-01': 'yes', 'MS-2025-03': 'yes' } }, 6],
        [{ marks: { 'MS-2025-02': 'yes', 'MS-2025-03': 'yes' } }, 6],
      ],
      20,
    );
    expect(tied.outcome).toBe('tie_revote');
    const draft = draftDecision(tied, street);
    expect(draft.ok && draft.text).toContain(
      '本次未产生2025年民生实事项目。\n另有2个名额，老旧小区加装电梯、农村饮用水提升、社区养老服务站赞成票数相等，须就上述项目再次投票确定。',
    );
    expect(draft.ok && draft.text).not.toMatch(/决定|决议/);
  });

  it('R4.5: places left over are reported with the reason', () => {
    const open = resultOf([[{ marks: { 'MS-2025-01': 'yes' } }, 21], [{ marks: { 'MS-2025-02': 'yes' } }, 19]]);
    expect(open.outcome).toBe('places_open');
    const draft = draftDecision(open, { ...congress, bodyKind: 'standing_committee' });
    expect(draft.ok && draft.text).toContain('另有1个名额，因其余候选项目的赞成票未超过全体组成人员的半数，本次空缺。');
  });

  it('R4.6: an invalid vote has no draft', () => {
    const invalid = countSlate(spec, tallySlateBox(spec, { '{"marks":{}}': 41 }), { total: 40, present: 40 });
    expect(draftDecision(invalid, congress)).toMatchObject({ ok: false });
  });

  it('R4.7/R0.1: list numbers in Chinese and budgets in integer math', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99].map(chineseOrdinal)).toEqual(
      ['一', '九', '十', '十一', '十九', '二十', '二十一', '九十九'],
    );
    expect(formatBudget(0)).toBe('0元');
    expect(formatBudget(5)).toBe('0.05元');
    expect(formatBudget(3_500_000)).toBe('35000元');
    expect(formatBudget(1_000_000)).toBe('1万元');
    expect(formatBudget(12_345_600_00)).toBe('12345600元');
  });

  it('R4.7: the year is the slate\'s own when set, else the vote date\'s year in Beijing (UTC+8)', () => {
    // A December session votes next year's projects: 2026-12-15 10:00 in Beijing, year 2027 set.
    const december = Date.UTC(2026, 11, 15, 2, 0, 0);
    expect(decisionYear(2027, december)).toBe(2027);
    expect(decisionYear(undefined, december)).toBe(2026);
    expect(decisionYear(null, december)).toBe(2026);
    // 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Beijing; one minute before 16:00 UTC it is still 2026.
    expect(beijingYear(Date.UTC(2026, 11, 31, 16, 30))).toBe(2027);
    expect(beijingYear(Date.UTC(2026, 11, 31, 15, 59))).toBe(2026);
    expect(beijingYear(Date.UTC(2027, 0, 1, 0, 0))).toBe(2027);
    const draft = draftDecision(filled, { ...congress, year: decisionYear(2027, december) });
    expect(draft.ok && draft.title).toBe('某区第十届人民代表大会第四次会议关于2027年民生实事项目的决定（草案）');
    expect(draft.ok && draft.text).toContain('会议决定以下2个项目为2027年民生实事项目：');
    expect(draft.ok && draft.text).not.toContain('2026');
  });

  it('R4.5/R4.7: the re-vote among the tied decides places of the same year', () => {
    // 应到 40, 21 needed: 22, 21, 21 赞成, so places 2 ties between the last two.
    const tied = resultOf([
      [{ marks: { 'MS-2025-01': 'yes', 'MS-2025-02': 'yes' } }, 11],
      [{ marks: { 'MS-2025-01': 'yes', 'MS-2025-03': 'yes' } }, 11],
      [{ marks: { 'MS-2025-02': 'yes', 'MS-2025-03': 'yes' } }, 10],
    ]);
    expect(tied.tieRevote).toEqual({ places: 1, projectIds: ['MS-2025-02', 'MS-2025-03'] });
    const source = { kind: 'slate', ballotId: 'b1', itemId: 'i1', title: '票决', secrecy: 'anonymous', durationSec: null, rerunOf: null } as const;
    const withYear = followUpDraft({ ...source, slate: { ...spec, year: 2027 } }, tied, 'tie_revote');
    expect(withYear.ok && withYear.draft.kind === 'slate' && withYear.draft.slate.year).toBe(2027);
    const without = followUpDraft({ ...source, slate: spec }, tied, 'tie_revote');
    expect(without.ok && without.draft.kind === 'slate' && 'year' in without.draft.slate).toBe(false);
  });
});
