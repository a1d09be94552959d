import { describe, expect, it } from 'vitest';
import { buildResultSheet } from './result-sheet';
import type { ResultSheet } from './sheet-model';
import {
  appointments,
  dutyReports,
  motion,
  presidiumList,
  projectVote,
  record,
  viceGovernors,
} from './test-fixtures';

const figure = (sheet: ResultSheet, label: string) => sheet.figures.find((f) => f.label === label)?.value;
const headerValue = (sheet: ResultSheet, label: string) => sheet.header.find((f) => f.label === label)?.value;
const rows = (sheet: ResultSheet, table = 0) => sheet.tables[table]?.rows.map((r) => r.cells) ?? [];

describe('result sheet header', () => {
  it('names the body, session, agenda item, ballot, kind, method and secrecy, with Beijing times', () => {
    const sheet = buildResultSheet(record(motion({ yes: 21, no: 10, abstain: 5 }, 40, 38)));
    expect(sheet.heading).toBe('表决结果');
    expect(sheet.header).toEqual([
      { label: '会议机构', value: '某某县人民代表大会' },
      { label: '会议', value: '某某县第十八届人民代表大会第五次会议' },
      { label: '议程事项', value: '关于县人民政府工作报告的决议' },
      { label: '表决事项', value: '县人民政府工作报告' },
      { label: '表决类型', value: '议案表决' },
      { label: '表决方式', value: '电子表决器' },
      { label: '记名方式', value: '无记名' },
      { label: '表决编号', value: '第1次表决（b-1）' },
      { label: '开始时间', value: '2025-03-01 09:30:00' },
      { label: '结束时间', value: '2025-03-01 09:31:00' },
    ]);
  });

  it('R2.9: a hand count says who entered it; a re-run and a quorum override are on the sheet', () => {
    const sheet = buildResultSheet(
      record(motion({ yes: 21, no: 10, abstain: 5 }, 40, 38), {
        method: 'manual',
        enteredBy: '秘书长 王某',
        secrecy: 'named',
        rerunOf: 'b-0',
        presentAtOpen: 25,
        quorumMet: false,
        quorumOverride: { by: '主席团', reason: '部分代表因雪延误，主席团同意' },
      }),
    );
    expect(headerValue(sheet, '表决方式')).toBe('人工计票（举手或纸质选票），录入人：秘书长 王某');
    expect(headerValue(sheet, '记名方式')).toBe('记名');
    expect(headerValue(sheet, '重新表决')).toBe('本次是对已作废的表决 b-0 的重新表决');
    expect(sheet.notes[0]).toBe('开始表决时实到 25 人，未达到法定人数；主席团（主席团）同意继续表决，理由：部分代表因雪延误，主席团同意');
  });
});

describe('motion (R2.2, R2.3, R2.6, R2.8)', () => {
  it('R0.1/R2.2: 21 of 40 is more than half — passed, with every number read aloud', () => {
    const sheet = buildResultSheet(record(motion({ yes: 21, no: 10, abstain: 5 }, 40, 38)));
    expect(sheet.figures.map((f) => `${f.label} ${f.value}`)).toEqual([
      '应到 40 人',
      '实到 38 人',
      '参加表决 36 人',
      '赞成 21 票',
      '反对 10 票',
      '弃权 5 票',
      '未表决 2 人',
    ]);
    expect(sheet.outcome).toBe('通过');
    // R2.6: 参加表决 36 + 未表决 2 = 实到 38, read in one line before the counts.
    expect(sheet.announcement).toBe('应到 40 人，实到 38 人，参加表决 36 人，未表决 2 人。赞成 21 票，反对 10 票，弃权 5 票。通过。');
    expect(sheet.rule[0]).toBe('赞成票超过全体代表（应到 40 人）的半数，即不少于 21 票，为通过。');
  });

  it('R0.1: exactly half (20 of 40) is not more than half — 未通过', () => {
    const sheet = buildResultSheet(record(motion({ yes: 20, no: 10, abstain: 6 }, 40, 38)));
    expect(sheet.outcome).toBe('未通过');
    expect(sheet.announcement).toContain('赞成 20 票，反对 10 票，弃权 6 票。未通过。');
  });

  it('R2.2: two thirds of all needs 27 of 40; R2.3: fewer than half taking part makes it invalid', () => {
    const twoThirds = buildResultSheet(record(motion({ yes: 27, no: 0, abstain: 0 }, 40, 38, { threshold: 'two_thirds_of_all' })));
    expect(twoThirds.rule[0]).toBe('赞成票达到全体代表（应到 40 人）的三分之二以上，即不少于 27 票，为通过。');
    expect(twoThirds.outcome).toBe('通过');

    const few = buildResultSheet(record(motion({ yes: 19, no: 0, abstain: 0 }, 40, 38, { requireHalfParticipation: true })));
    expect(few.outcome).toBe('表决无效（参加表决 19 人，不足 20 人）');
    expect(few.rule[1]).toBe('参加表决的人数须达到全体代表的半数以上，即不少于 20 人，表决方为有效。');
  });

  it('nobody votes: all zeros are printed, and it fails', () => {
    const sheet = buildResultSheet(record(motion({ yes: 0, no: 0, abstain: 0 }, 40, 38)));
    expect(sheet.announcement).toBe('应到 40 人，实到 38 人，参加表决 0 人，未表决 38 人。赞成 0 票，反对 0 票，弃权 0 票。未通过。');
  });

  it('R1.2: a standing committee counts over 全体组成人员', () => {
    const sheet = buildResultSheet(record(motion({ yes: 16, no: 0, abstain: 0 }, 30, 29), { bodyKind: 'standing_committee' }));
    expect(sheet.rule[0]).toBe('赞成票超过全体组成人员（应到 30 人）的半数，即不少于 16 票，为通过。');
  });

  it('R6.1: a street deliberative congress recommends; its sheet never says 决定 or 决议', () => {
    const sheet = buildResultSheet(
      record(motion({ yes: 30, no: 2, abstain: 1 }, 45, 40), {
        bodyKind: 'street_congress',
        bodyName: '某某街道议政代表会',
        sessionTitle: '某某街道第二届议政代表会第一次会议',
        itemTitle: '街道年度工作计划',
        title: '街道年度工作计划',
      }),
    );
    expect(sheet.heading).toBe('表决结果（建议）');
    expect(sheet.outcome).toBe('通过（作为建议）');
    // R6: a street congress's members are 议政代表 (was 全体成员 in print, 全体代表 on screens).
    expect(sheet.rule[0]).toContain('全体议政代表（应到 45 人）');
    expect(JSON.stringify(sheet)).not.toMatch(/决定|决议/);
  });
});

describe('batch (R2.7)', () => {
  it('one row per item, each decided on its own over all 30 seats', () => {
    const sheet = buildResultSheet(record(appointments(), { title: '任免案', bodyKind: 'standing_committee' }));
    expect(sheet.figures.map((f) => `${f.label} ${f.value}`)).toEqual([
      '应到 30 人',
      '实到 28 人',
      '参加表决（收回） 27 张',
      '未表决 1 人',
      '有效票 27 张',
      '无效票 0 张',
    ]);
    expect(rows(sheet)).toEqual([
      ['1', '任命张三为县财政局局长', '20', '4', '3', '1', '通过'],
      ['2', '任命李四为县教育局局长', '15', '5', '7', '1', '未通过'],
    ]);
    expect(sheet.tables[0]?.rows.map((r) => r.mark)).toEqual(['passed', 'failed']);
    expect(sheet.outcome).toBe('共 2 项，通过 1 项，未通过 1 项');
    expect(sheet.announcement).toBe(
      '应到 30 人，实到 28 人，参加表决 27 人，未表决 1 人。收回表决票 27 张，有效票 27 张，无效票 0 张。' +
        '第一项，任命张三为县财政局局长：赞成 20 票，反对 4 票，弃权 3 票，通过。' +
        '第二项，任命李四为县教育局局长：赞成 15 票，反对 5 票，弃权 7 票，未通过。',
    );
  });
});

describe('project vote (R4.3–R4.7)', () => {
  it('every project with 赞成/反对/弃权 and rank; the adopted marked; over-cap papers void; the draft decision', () => {
    const sheet = buildResultSheet(record(projectVote(2), { title: '2025年民生实事项目票决' }));
    expect(sheet.heading).toBe('民生实事项目票决结果');
    expect(figure(sheet, '发出表决票')).toBe('40 张');
    expect(figure(sheet, '收回表决票')).toBe('40 张');
    expect(figure(sheet, '有效票')).toBe('38 张');
    expect(figure(sheet, '无效票')).toBe('2 张（赞成超过名额 2 张）');
    // R4.3: a project left unmarked on a cast paper is 弃权, so each row adds up to 有效票 38
    // (was: a separate 未表决 column holding the unmarked papers).
    expect(sheet.tables[0]?.columns).toEqual(['序号', '项目编号', '项目名称', '实施单位', '预算', '赞成', '反对', '弃权', '名次', '结果']);
    expect(rows(sheet)).toEqual([
      ['1', 'MS-2025-01', '老旧小区加装电梯', '县住建局', '1200万元', '30', '0', '8', '1', '入选'],
      ['2', 'MS-2025-02', '农村饮用水提升', '县水利局', '35000.50元', '30', '8', '0', '1', '入选'],
      ['3', 'MS-2025-03', '社区养老服务站', '县民政局', '—', '8', '0', '30', '3', '未入选（赞成票未过半数）'],
    ]);
    expect(sheet.tables[0]?.rows.map((r) => r.mark)).toEqual(['adopted', 'adopted', null]);
    expect(sheet.outcome).toBe('入选项目 2 个，2 个名额全部确定');
    expect(sheet.rule[0]).toBe('按赞成票多少排序，在赞成票超过全体代表（应到 40 人）半数，即不少于 21 票的项目中，取前 2 个入选。');
    expect(sheet.rule[1]).toBe('逐项表决：对每个项目可投赞成、反对或弃权，每张表决票赞成不得超过 2 个，超过的为无效票。');
    expect(sheet.rule[2]).toBe('表决票上未作标记的项目按弃权计。');
    expect(sheet.decision?.title).toBe('某某县第十八届人民代表大会第五次会议关于2025年民生实事项目的决定（草案）');
    expect(sheet.decision?.text).toContain('一、老旧小区加装电梯（项目编号：MS-2025-01；实施单位：县住建局；预算1200万元；赞成30票）');
  });

  it('R4.7: the draft decision takes the slate\'s year; without one, the vote date\'s year in Beijing', () => {
    // Voted 2025-12-20 10:00 in Beijing for next year's list.
    const december = { openedAt: Date.UTC(2025, 11, 20, 2, 0), closedAt: Date.UTC(2025, 11, 20, 2, 5) };
    const nextYear = buildResultSheet(record(projectVote(2), { ...december, slateYear: 2026 }));
    expect(nextYear.decision?.title).toBe('某某县第十八届人民代表大会第五次会议关于2026年民生实事项目的决定（草案）');
    expect(nextYear.decision?.text).toContain('决定以下2个项目为2026年民生实事项目');
    const unset = buildResultSheet(record(projectVote(2), december));
    expect(unset.decision?.title).toBe('某某县第十八届人民代表大会第五次会议关于2025年民生实事项目的决定（草案）');
    // Closed at 2025-12-31 16:10 UTC, i.e. 2026-01-01 00:10 in Beijing: the fallback is 2026.
    const newYearsEve = buildResultSheet(record(projectVote(2), { closedAt: Date.UTC(2025, 11, 31, 16, 10) }));
    expect(newYearsEve.decision?.title).toContain('关于2026年民生实事项目的决定');
  });

  it('R4.5: a tie at place K is never broken: the tied projects go to a new vote', () => {
    const sheet = buildResultSheet(record(projectVote(1, false), { slateCapYes: false }));
    expect(rows(sheet).map((r) => [r[5], r[8], r[9]])).toEqual([
      ['32', '1', '票数相等，待重新投票'],
      ['32', '1', '票数相等，待重新投票'],
      ['10', '3', '未入选（赞成票未过半数）'],
    ]);
    expect(sheet.outcome).toBe('入选项目 0 个；另有 1 个名额，老旧小区加装电梯、农村饮用水提升赞成票数相等，须就上述项目重新投票');
    expect(sheet.rule[1]).toBe('逐项表决：对每个项目可投赞成、反对或弃权。');
  });

  it('R4.5: places left over stay open and are reported', () => {
    const sheet = buildResultSheet(record(projectVote(3)));
    expect(sheet.outcome).toBe('入选项目 2 个，1 个名额空缺');
    expect(sheet.notes).toContain('1 个名额空缺，本次不再确定。');
    expect(sheet.decision?.text).toContain('另有1个名额，因其余候选项目的赞成票未超过全体代表的半数，本次空缺。');
  });

  it('R6.1: at a street congress the projects are 推荐, never 决定', () => {
    const sheet = buildResultSheet(
      record(projectVote(2), {
        bodyKind: 'street_congress',
        bodyName: '某某街道议政代表会',
        sessionTitle: '某某街道第二届议政代表会第一次会议',
        itemTitle: '票选民生实事项目',
        title: '票选民生实事项目',
      }),
    );
    expect(sheet.heading).toBe('民生实事项目票选推荐结果');
    expect(rows(sheet).map((r) => r[9])).toEqual(['推荐', '推荐', '未推荐（赞成票未过半数）']);
    expect(sheet.decision?.title).toBe('某某街道第二届议政代表会第一次会议关于推荐2025年民生实事项目的建议（草案）');
    expect(JSON.stringify(sheet)).not.toMatch(/决定|决议/);
  });
});

describe('election (R3.3–R3.12)', () => {
  it('every candidate and write-in with counts; validity; the elected; tellers sign', () => {
    const sheet = buildResultSheet(record(viceGovernors(), { kind: 'election', title: '选举副县长' }));
    expect(sheet.heading).toBe('选举结果');
    expect(sheet.figures.map((f) => `${f.label} ${f.value}`)).toEqual([
      '职务 县人民政府副县长（副职）',
      '应选 2 名',
      '候选人 3 名，差额选举',
      '应到 50 人',
      '实到 48 人',
      '参加投票 48 人',
      '未投票 0 人',
      '发出选票 48 张',
      '收回选票 48 张',
      '有效票 43 张',
      '无效票 5 张（所选人数多于应选人数 5 张）',
    ]);
    expect(rows(sheet, 0)).toEqual([
      ['1', '赵一', '30', '10', '3', '1', '当选'],
      ['2', '钱二', '30', '10', '3', '1', '当选'],
      ['3', '孙三', '10', '0', '33', '3', '未当选（未达当选票数）'],
    ]);
    expect(rows(sheet, 1)).toEqual([['1', '王五', '10', '3', '未当选（未达当选票数）']]);
    expect(sheet.outcome).toBe('赵一、钱二当选，应选 2 名全部选出');
    expect(sheet.notes[0]).toBe('发出选票 48 张，收回 48 张，收回票数等于或少于发出票数，选举有效。');
    expect(sheet.rule[0]).toBe('获得的赞成票超过全体代表（应到 50 人）的半数，即不少于 26 票，始得当选。');
    expect(sheet.signatures).toEqual([
      { role: '总监票人', name: '周监' },
      { role: '监票人', name: '吴监' },
      { role: '监票人', name: '郑监' },
    ]);
    expect(sheet.announcement).toContain('赵一，赞成 30 票，反对 10 票，弃权 3 票。');
    expect(sheet.announcement).toContain('另选他人王五，10 票。');
  });

  it('R3.5/R3.7: 25 of 50 is not more than half; the open seat goes to a further election', () => {
    const sheet = buildResultSheet(record(viceGovernors(25)));
    expect(rows(sheet, 0)[1]).toEqual(['2', '钱二', '25', '15', '3', '2', '未当选（未达当选票数）']);
    expect(sheet.outcome).toBe('赵一当选；1 个名额空缺，须另行选举');
    expect(sheet.notes).toContain('1 个名额空缺，由主席团提请另行选举。');
  });

  it('R3.4: more papers returned (48) than issued (47) makes the election invalid; nothing is counted', () => {
    const sheet = buildResultSheet(record(viceGovernors(30, 47)));
    expect(sheet.outcome).toBe('收回的选票多于发出的选票，选举无效，须重新投票');
    expect(sheet.notes[0]).toBe('发出选票 47 张，收回 48 张，收回票数多于发出票数，选举无效。由主席团安排重新投票。');
    expect(sheet.tables).toEqual([]);
    expect(sheet.announcement).toBe(
      '应到 50 人，实到 48 人，参加表决 48 人，未表决 0 人。发出选票 47 张，收回 48 张，收回票数多于发出票数，选举无效。' +
        '收回的选票多于发出的选票，选举无效，须重新投票。',
    );
  });
});

describe('list vote (R3.10)', () => {
  it('R3.10: the list is 通过 (not 当选) with 35 of 40', () => {
    const sheet = buildResultSheet(record(presidiumList(35), { title: '主席团名单' }));
    expect(sheet.heading).toBe('名单表决结果');
    expect(sheet.outcome).toBe('名单通过');
    expect(rows(sheet).map((r) => r[2])).toEqual(Array(7).fill('通过'));
    expect(sheet.announcement).toBe(
      '应到 40 人，实到 39 人，参加表决 38 人，未表决 1 人。对名单所列 7 人，赞成 35 票，反对 2 票，弃权 1 票。名单通过。',
    );
  });

  it('with 20 of 40 the list is not carried', () => {
    const sheet = buildResultSheet(record(presidiumList(20)));
    expect(sheet.outcome).toBe('名单未通过');
    expect(rows(sheet).map((r) => r[2])).toEqual(Array(7).fill('未通过'));
  });
});

describe('rating (R5.2–R5.5)', () => {
  it('per subject the three counts, both rates, the tier, the quorum statement; 不满意 flagged', () => {
    const sheet = buildResultSheet(record(dutyReports(), { bodyKind: 'standing_committee', title: '述职测评' }));
    expect(sheet.heading).toBe('满意度测评结果');
    expect(rows(sheet)).toEqual([
      ['1', '县交通运输局局长 王五', '—', '述职人员', '20', '6', '3', '0', '69.0%', '89.7%', '满意'],
      ['2', '县住建局 老旧小区改造工作', '—', '部门工作', '10', '10', '9', '0', '34.5%', '69.0%', '基本满意'],
      ['3', '老旧小区加装电梯', '—', '民生实事项目', '5', '5', '19', '0', '17.2%', '34.5%', '不满意'],
    ]);
    expect(sheet.tables[0]?.rows.map((r) => r.mark)).toEqual([null, null, 'flagged']);
    expect(sheet.notes[0]).toBe('应到 30 人，实到 29 人，符合测评的法定人数（全体组成人员的过半数，不少于 16 人）。');
    expect(sheet.notes).toContain('老旧小区加装电梯的测评等次为“不满意”，已标记待跟进。');
    expect(sheet.outcome).toBe('测评对象 3 个：满意 1 个，基本满意 1 个，不满意 1 个');
    expect(sheet.rule[1]).toBe(
      '测评等次以有效票数为基数：满意票超过半数的为“满意”；否则满意与基本满意票之和超过半数的为“基本满意”；否则为“不满意”。',
    );
  });
});

describe('voided ballots (R2.9)', () => {
  it('a ballot voided before publication prints 作废 with its reason and no counts', () => {
    const sheet = buildResultSheet(record(null, { status: 'void', voidReason: '表决器故障', papers: 36 }));
    expect(sheet.heading).toBe('表决结果（作废）');
    expect(sheet.voided).toEqual({ reason: '表决器故障' });
    expect(sheet.outcome).toBe('作废（表决器故障）');
    expect(sheet.figures).toEqual([]);
    expect(sheet.announcement).toBe('');
    expect(sheet.notes[0]).toBe('本次表决在公布结果前作废，不公布计票结果；已投票 36 人。');
  });

  it('a published result that was voided keeps its counts, marked void', () => {
    const sheet = buildResultSheet(
      record(motion({ yes: 21, no: 10, abstain: 5 }, 40, 38), { status: 'void', voidReason: '计票有误' }),
    );
    expect(sheet.outcome).toBe('作废（计票有误）');
    expect(figure(sheet, '赞成')).toBe('21 票');
    expect(sheet.notes[0]).toBe('作废前已公布的结果：通过。该结果不再有效。');
  });
});
