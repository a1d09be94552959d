/** Worked examples of the one wording source (issue 10). */
import { describe, expect, it } from 'vitest';
import { countListVote } from '../ballots/list-vote';
import { countMotion, DEFAULT_MOTION_SETTINGS } from '../ballots/motion';
import { countSlate, tallySlatePapers, type SlateSpec } from '../ballots/slate';
import { checkQuorum } from '../quorum';
import {
  allMembers,
  attendanceLine,
  countsLine,
  kindLabel,
  listVoteOutcome,
  motionOutcome,
  motionRule,
  notVotedLine,
  participationLine,
  resultAnnouncement,
  resultFigures,
  validityLine,
} from './index';

describe('attendance line (R1.5)', () => {
  it('应到 40，实到 38，请假 2: quorum of ⅔ (27) met', () => {
    const q = checkQuorum('congress', 38, 40);
    expect(attendanceLine({ total: 40, present: 38, onLeave: 2, quorumMet: q.met })).toBe('应到 40 人，实到 38 人，请假 2 人，已达到法定人数');
  });
  it('应到 40，实到 26: below ⅔ → 未达到法定人数', () => {
    expect(attendanceLine({ total: 40, present: 26, onLeave: 0, quorumMet: checkQuorum('congress', 26, 40).met })).toBe(
      '应到 40 人，实到 26 人，请假 0 人，未达到法定人数',
    );
  });
});

describe('body words (R0.2, R6)', () => {
  it('全体代表 / 全体组成人员 / 全体议政代表', () => {
    expect(allMembers('congress')).toBe('全体代表');
    expect(allMembers('standing_committee')).toBe('全体组成人员');
    expect(allMembers('street_congress')).toBe('全体议政代表');
  });
  it('R6.1: a street congress motion is 通过（作为建议） everywhere, its rule names 全体议政代表', () => {
    const m = countMotion({ yes: 26, no: 10, abstain: 4 }, 45, 42, DEFAULT_MOTION_SETTINGS);
    expect(motionOutcome(m, 'street_congress')).toBe('通过（作为建议）');
    expect(motionOutcome(m, 'congress')).toBe('通过');
    expect(motionOutcome(m, 'street_congress', 'en')).toBe('Passed (as a recommendation)');
    expect(motionRule(m, 'street_congress')[0]).toBe('赞成票超过全体议政代表（应到 45 人）的半数，即不少于 23 票，为通过（作为建议）。');
    expect(kindLabel('slate', 'street_congress')).toBe('民生实事项目票选推荐');
  });
});

describe('result lines (R2.6, R2.8)', () => {
  it('应到 40，实到 38，36 voted: 赞成 21 + 反对 10 + 弃权 5 = 36; 36 + 未表决 2 = 38', () => {
    const m = countMotion({ yes: 21, no: 10, abstain: 5 }, 40, 38, DEFAULT_MOTION_SETTINGS);
    expect(countsLine(m)).toBe('赞成 21 票，反对 10 票，弃权 5 票');
    expect(participationLine({ total: 40, present: 38, voted: 36, notVoted: 2 })).toBe('应到 40 人，实到 38 人，参加表决 36 人，未表决 2 人');
    expect(resultAnnouncement(m, 'congress')).toBe('应到 40 人，实到 38 人，参加表决 36 人，未表决 2 人。赞成 21 票，反对 10 票，弃权 5 票。通过。');
    expect(resultFigures(m).map((f) => `${f.label}${f.text}`)).toEqual(['应到40 人', '实到38 人', '参加表决36 人', '未表决2 人']);
  });
  it('R2.6: a hand count says 未表决, never 未按表决器', () => {
    expect(notVotedLine(3)).toBe('未表决 3 人');
  });
  it('R3.10: a list vote is 通过, not 当选', () => {
    const r = countListVote(['甲', '乙'], { yes: 35, no: 2, abstain: 1 }, 40, 39);
    expect(listVoteOutcome(r, 'congress')).toBe('名单通过');
    expect(resultAnnouncement(r, 'congress')).not.toContain('当选');
  });
  it('R3.4: 发出 48，收回 48 → 有效; 收回 49 → 无效', () => {
    expect(validityLine({ issued: 48, returned: 48, valid: 46, void: 2, returnedExceedsIssued: false }, '选票', '选举')).toBe(
      '发出选票 48 张，收回 48 张，收回票数等于或少于发出票数，选举有效',
    );
    expect(validityLine({ issued: 48, returned: 49, valid: 49, void: 0, returnedExceedsIssued: true }, '选票', '选举')).toContain('选举无效');
  });
  it('R4.3: a slate paper that leaves a project unmarked gives it 弃权, so each project adds up to 有效票', () => {
    const spec: SlateSpec = {
      places: 1,
      projects: ['p1', 'p2'].map((projectId) => ({ projectId, title: `项目${projectId}`, sponsorUnit: '', budgetFen: null, summary: '' })),
      settings: { form: 'per_project', rule: 'top_k_with_majority', capYesAtPlaces: true },
    };
    const papers = [...Array(20).fill({ marks: { p1: 'yes' } }), ...Array(5).fill({ marks: { p1: 'no', p2: 'yes' } })];
    const result = countSlate(spec, tallySlatePapers(spec, papers), { total: 30, present: 27, issued: 27 });
    expect(result.projects.map((p) => [p.yes, p.no, p.abstain])).toEqual([
      [20, 5, 0],
      [5, 0, 20],
    ]);
    const text = resultAnnouncement(result, 'congress');
    expect(text).toContain('应到 30 人，实到 27 人，参加表决 25 人，未表决 2 人。');
    expect(text).toContain('发出表决票 27 张，收回 25 张，收回票数等于或少于发出票数，表决有效。有效票 25 张，无效票 0 张。');
    expect(text).toContain('项目p2，赞成 5 票，反对 0 票，弃权 20 票。');
    expect(text).not.toContain('未表决 20');
  });
});

describe("chair's script (宣布稿): the text for the current step", () => {
  it('attendance → the ballot method and pass rule → validity and result, from the console view', async () => {
    const { castAll, createMeeting, motionSpec, run, seatIds, signIn, T0, votesOf } = await import('../test-fixtures');
    const { consoleView } = await import('../views');
    const { chairScript } = await import('./script');
    let m = signIn(createMeeting('congress', 10), seatIds(8), T0);
    expect(chairScript(consoleView(m.state))).toMatchObject({
      step: 'attendance',
      paragraphs: ['应到 10 人，实到 8 人，请假 0 人，已达到法定人数，可以开会。'],
    });
    m = run(m, { type: 'OpenSession' }, T0 + 1);
    m = run(m, { type: 'StartItem', itemId: 'item-1' }, T0 + 2);
    m = run(m, { type: 'OpenBallot', spec: { ...motionSpec('b-1'), itemId: 'item-1' }, quorumOverrideReason: null }, T0 + 3);
    const opening = chairScript(consoleView(m.state));
    expect(opening.step).toBe('voting');
    expect(opening.paragraphs.join('')).toContain('赞成票超过全体代表（应到 10 人）的半数，即不少于 6 票，为通过');
    m = castAll(m, 'b-1', votesOf(6, 1, 0), T0 + 4);
    m = run(m, { type: 'CloseBallot', ballotId: 'b-1', reason: 'presidium' }, T0 + 100);
    const pending = chairScript(consoleView(m.state));
    expect(pending.heading).toBe('宣布表决结果（待宣布）');
    m = run(m, { type: 'PublishResult', ballotId: 'b-1' }, T0 + 101);
    const result = chairScript(consoleView(m.state));
    expect(result.step).toBe('result');
    expect(result.paragraphs[0]).toBe(
      `现在宣布${motionSpec('b-1').title}的表决结果：应到 10 人，实到 8 人，参加表决 7 人，未表决 1 人。赞成 6 票，反对 1 票，弃权 0 票。通过。`,
    );
  });
});
