/**
 * The county congress of tests/integration/county-congress-300.test.ts, written down before it
 * runs: a roster of 300 delegates (as an .xlsx file the way a clerk keeps it), the agenda with a
 * prepared ballot on every voting item, the three sittings' rolls and every tablet's paper.
 * Every expected figure of the test is derived from these lists, so a wrong count anywhere in
 * the server (a lost vote, a mark on the wrong roll, a figure that does not add up) fails it.
 */
import ExcelJS from 'exceljs';
import type { BallotResult } from '../../../shared/domain/ballots/kinds';

export const DELEGATES = 300;
export const GROUPS = ['城关镇代表团', '东湖镇代表团', '西山乡代表团', '南河镇代表团', '北坪乡代表团', '机关代表团', '驻县部队代表团', '教育卫生代表团', '企业代表团', '农业代表团'];

/*
 * Names: one surname from SURNAMES and a given name from GIVEN, 3 characters each, all different,
 * so no name is part of another one. Every other person in the test (candidates, tellers, the
 * presidium list, rated officials) has a surname outside SURNAMES, so a roster name found in
 * any text really is that delegate.
 */
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = ['建国', '秀英', '志强', '海燕', '国华', '丽娟', '文斌', '春梅', '德明', '玉兰', '晓东', '桂芳', '永红', '卫东', '淑珍'];

export interface RosterRow {
  name: string;
  seatNo: string;
  group: string;
  gender: '男' | '女';
  ethnicity: string;
}

/** Row i (0-based) of the roster: 15 rows of 20 seats, 30 delegates per 代表团. */
export function rosterRow(i: number): RosterRow {
  return {
    name: `${SURNAMES[i % 20]}${GIVEN[Math.floor(i / 20)]}`,
    seatNo: `${Math.floor(i / 20) + 1}排${(i % 20) + 1}座`,
    group: GROUPS[Math.floor(i / 30)]!,
    gender: i % 3 === 0 ? '女' : '男',
    ethnicity: i % 11 === 0 ? '土家族' : '汉族',
  };
}

export const ROSTER: RosterRow[] = Array.from({ length: DELEGATES }, (_, i) => rosterRow(i));

/** The clerk's file: a title row, then 姓名, 座位号, 代表团, 性别, 民族 and the rows; base64 for the import route. */
export async function rosterXlsx(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('代表名单');
  sheet.addRow(['某某县第十八届人民代表大会第三次会议代表名单']);
  sheet.addRow(['姓名', '座位号', '代表团', '性别', '民族']);
  for (const r of ROSTER) sheet.addRow([r.name, r.seatNo, r.group, r.gender, r.ethnicity]);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
}

/** Inclusive range of roster indexes. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** Names that are not delegates (surnames outside SURNAMES). */
export const PRESIDIUM = ['曹立新', '彭文华', '蒋明远', '谢春生', '韩志平'];
export const CANDIDATES = [
  { candidateId: 'c-1', name: '郑开元', post: '县发展和改革局局长', bio: '1975年生，大学学历' },
  { candidateId: 'c-2', name: '邓思齐', post: '县财政局局长', bio: '1978年生，研究生学历' },
  { candidateId: 'c-3', name: '冯若兰', post: '县教育局副局长', bio: '1980年生，大学学历' },
];
export const TELLERS = { chief: '唐远志', members: ['许清和', '沈嘉禾'] };
export const RATED = [
  { subjectId: 'r-1', name: '袁正平', kind: 'appointee' as const, post: '县公安局局长', unit: '某某县公安局' },
  { subjectId: 'r-2', name: '潘景行', kind: 'appointee' as const, post: '县住房和城乡建设局局长', unit: '某某县住房和城乡建设局' },
];

/** The agenda, one item of every kind; voting items carry their prepared ballot (PROTOCOL "Preparation"). */
export const AGENDA = [
  {
    itemId: 'item-presidium',
    title: '通过大会主席团和秘书长名单',
    kind: 'vote',
    ballot: { kind: 'list_vote', title: '大会主席团和秘书长名单（草案）', list: { members: PRESIDIUM } },
  },
  { itemId: 'item-report', title: '审议县人民政府工作报告', kind: 'report' },
  { itemId: 'item-inquiry', title: '就义务教育均衡发展询问县教育局', kind: 'inquiry' },
  {
    itemId: 'item-resolution',
    title: '关于县人民政府工作报告的决议',
    kind: 'vote',
    ballot: { kind: 'motion', title: '关于县人民政府工作报告的决议（草案）', secrecy: 'named' },
  },
  {
    itemId: 'item-election',
    title: '选举县人民政府副县长',
    kind: 'election',
    ballot: {
      kind: 'election',
      title: '某某县人民政府副县长选举',
      election: { post: '县人民政府副县长', postType: 'deputy', seats: 2, candidates: CANDIDATES, tellers: TELLERS },
    },
  },
  {
    itemId: 'item-budget',
    title: '关于2027年县级预算的决议',
    kind: 'vote',
    ballot: { kind: 'motion', title: '关于2027年县级预算的决议（草案）', secrecy: 'anonymous' },
  },
  {
    itemId: 'item-rating',
    title: '对县政府组成部门负责人履职满意度测评',
    kind: 'rating',
    ballot: { kind: 'rating', title: '部门负责人履职满意度测评', rating: { subjects: RATED } },
  },
  { itemId: 'item-oath', title: '新当选的副县长进行宪法宣誓', kind: 'other' },
] as const;

export type Option = 'yes' | 'no' | 'abstain';

/** One sitting's roll, by roster index. Order in each list is the order of the marks. */
export interface SittingPlan {
  sittingId: string;
  title: string;
  /** 请假 with reason, marked by the secretariat before the sign-in opens. */
  leave: { i: number; reason: string }[];
  /** Sign in on their tablets while the window is open, before 宣布开会. */
  onTime: number[];
  /** A staff sign-in with its reason (平板故障), before 宣布开会. */
  manual: { i: number; reason: string };
  /** Sign in on their tablets after the window closed: marked late. */
  late: number[];
  /** Marked 缺席 by the secretariat after the window closed. */
  absent: number[];
  /** Votes on the sitting's ballot, then leaves while it is open (marked 缺席 with a chair's approval, R2.6). */
  leftAfterVoting?: number;
}

const leaveReasons = ['因病请假', '公务出差', '家中有事', '外出学习'];
const withReasons = (is: number[]) => is.map((i, k) => ({ i, reason: leaveReasons[k % leaveReasons.length]! }));

export const SITTINGS: SittingPlan[] = [
  {
    sittingId: 'prep',
    title: '预备会议',
    leave: withReasons(range(295, 299)),
    onTime: range(0, 279),
    manual: { i: 294, reason: '平板故障，已核验代表证' },
    late: range(280, 289),
    absent: range(290, 293),
  },
  {
    sittingId: 'plenary-1',
    title: '第一次全体会议',
    leave: withReasons(range(290, 297)),
    onTime: range(0, 269),
    manual: { i: 298, reason: '未带平板，已核验代表证' },
    late: range(270, 279),
    absent: range(280, 289),
    leftAfterVoting: 0,
    // 299: never signs in, stays 未签到
  },
  {
    sittingId: 'plenary-2',
    title: '第二次全体会议',
    leave: withReasons(range(0, 11)),
    onTime: range(12, 279),
    manual: { i: 280, reason: '平板电量耗尽，已核验代表证' },
    late: range(281, 289),
    absent: range(295, 299),
    // 290–294: never sign in, stay 未签到
  },
];

/** Who is present on a sitting's roll once it is complete. */
export function presentOf(plan: SittingPlan): number[] {
  return [...plan.onTime, plan.manual.i, ...plan.late].sort((a, b) => a - b);
}

/** The staff marks of a sitting's roll, in order: leave, the manual sign-in, absences, a departure. */
export function staffMarksOf(plan: SittingPlan): { i: number; status: 'on_leave' | 'present' | 'absent'; reason: string | null }[] {
  return [
    ...plan.leave.map(({ i, reason }) => ({ i, status: 'on_leave' as const, reason })),
    { i: plan.manual.i, status: 'present' as const, reason: plan.manual.reason },
    ...plan.absent.map((i) => ({ i, status: 'absent' as const, reason: null })),
    ...(plan.leftAfterVoting === undefined ? [] : [{ i: plan.leftAfterVoting, status: 'absent' as const, reason: null }]),
  ];
}

/** The roll's figures when the sitting closes (after any departure). */
export function figuresAtClose(plan: SittingPlan) {
  const left = plan.leftAfterVoting === undefined ? 0 : 1;
  return { total: DELEGATES, present: presentOf(plan).length - left, onLeave: plan.leave.length, absent: plan.absent.length + left };
}

/** Papers by roster index; a present delegate missing here does not vote. */
export type Papers<P> = Map<number, P>;

/** 预备会议, the presidium list (anonymous): 260 赞成, 20 反对, 10 弃权; the manual sign-in does not vote. */
export const LIST_PAPERS: Papers<Option> = new Map([
  ...range(0, 249).map((i) => [i, 'yes'] as const),
  ...range(250, 269).map((i) => [i, 'no'] as const),
  ...range(270, 279).map((i) => [i, 'abstain'] as const),
  ...range(280, 289).map((i) => [i, 'yes'] as const),
]);

/** 第一次全体会议, the resolution, NAMED (记名): 7 of 10 赞成, 2 反对, 1 弃权; late 275–279 and 298 do not vote. */
export const NAMED_PAPERS: Papers<Option> = new Map([
  ...range(0, 269).map((i) => [i, i % 10 < 7 ? 'yes' : i % 10 < 9 ? 'no' : 'abstain'] as const),
  ...range(270, 274).map((i) => [i, 'yes'] as const),
]);

/** 第二次全体会议, the budget (anonymous), the first round: 30 papers, then voided. */
export const VOIDED_PAPERS: Papers<Option> = new Map(range(12, 41).map((i) => [i, 'yes'] as const));
export const VOID_REASON = '表决器主机故障，部分代表表决未能送达，重新表决';

/** The re-run (anonymous): i % 6 = 0 反对, 1 弃权, else 赞成; 280 (manual sign-in) does not vote. */
export const ANONYMOUS_PAPERS: Papers<Option> = new Map(
  [...range(12, 279), ...range(281, 289)].map((i) => [i, i % 6 === 0 ? 'no' : i % 6 === 1 ? 'abstain' : 'yes'] as const),
);

/** The election (2 seats, 3 candidates): four kinds of paper; an unmarked candidate is 弃权 (R3.2). */
const ELECTION_FORMS: Record<string, Option>[] = [
  { 'c-1': 'yes', 'c-2': 'yes', 'c-3': 'no' },
  { 'c-1': 'yes', 'c-2': 'no', 'c-3': 'yes' },
  { 'c-2': 'yes', 'c-3': 'yes' },
  { 'c-1': 'yes', 'c-2': 'yes' },
];
export const ELECTION_PAPERS: Papers<Record<string, Option>> = new Map(range(12, 279).map((i) => [i, ELECTION_FORMS[i % 4]!]));

type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
const RATING_FORMS: Record<string, Rating>[] = [
  { 'r-1': 'satisfied', 'r-2': 'satisfied' },
  { 'r-1': 'basically_satisfied', 'r-2': 'unsatisfied' },
  { 'r-1': 'satisfied' },
];
export const RATING_PAPERS: Papers<Record<string, Rating>> = new Map(range(12, 279).map((i) => [i, RATING_FORMS[i % 3]!]));

export function countOptions(papers: Papers<Option>): Record<Option, number> {
  const counts = { yes: 0, no: 0, abstain: 0 };
  for (const option of papers.values()) counts[option]++;
  return counts;
}

/** Per candidate 赞成/反对/弃权 over the papers (unmarked = 弃权, R3.2). */
export function countCandidates(papers: Papers<Record<string, Option>>) {
  return CANDIDATES.map(({ candidateId }) => {
    const c = { candidateId, yes: 0, no: 0, abstain: 0 };
    for (const marks of papers.values()) c[marks[candidateId] ?? 'abstain']++;
    return c;
  });
}

export function countRatings(papers: Papers<Record<string, Rating>>) {
  return RATED.map(({ subjectId }) => {
    const c = { subjectId, satisfied: 0, basically_satisfied: 0, unsatisfied: 0, blank: 0 };
    for (const marks of papers.values()) {
      const mark = marks[subjectId];
      if (mark) c[mark]++;
      else c.blank++;
    }
    return c;
  });
}

/**
 * Every figure as read aloud adds up (R2.6, R4.3): 赞成+反对+弃权 = 有效 (per line), and
 * 参加表决 + 未表决 = 实到. Returns the broken sums, so an empty list means it reconciles.
 */
export function brokenSums(result: BallotResult): string[] {
  const broken: string[] = [];
  const check = (what: string, left: number, right: number) => {
    if (left !== right) broken.push(`${what}: ${left} ≠ ${right}`);
  };
  if (result.kind === 'motion' || result.kind === 'list_vote') {
    const m = result.kind === 'motion' ? result : result.motion;
    check('赞成+反对+弃权 = 参加表决', m.yes + m.no + m.abstain, m.voted);
    check('参加表决+未表决 = 实到', m.voted + m.notVoted, m.present);
  } else if (result.kind === 'election') {
    check('有效+无效 = 收回', result.valid + result.void, result.returned);
    for (const c of result.candidates) check(`${c.name} 赞成+反对+弃权 = 有效`, c.yes + c.no + c.abstain, result.valid);
  } else if (result.kind === 'rating') {
    check('有效+无效 = 收回', result.valid + result.void, result.returned);
    for (const s of result.subjects) check(`${s.name} 满意+基本满意+不满意+未评 = 有效`, s.satisfied + s.basically_satisfied + s.unsatisfied + s.blank, result.valid);
  }
  return broken;
}
