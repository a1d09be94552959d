/** Worked-example ballots for the results tests, counted by the real domain rules. */
import { DEFAULT_BATCH_SETTINGS, countBatch, tallyBatchPapers, type BatchSpec } from '../../shared/domain/ballots/batch';
import {
  countElection,
  DEFAULT_ELECTION_SETTINGS,
  tallyElectionPapers,
  type ElectionPaper,
  type ElectionSpec,
} from '../../shared/domain/ballots/election';
import { countListVote } from '../../shared/domain/ballots/list-vote';
import { countMotion, DEFAULT_MOTION_SETTINGS, type MotionSettings } from '../../shared/domain/ballots/motion';
import { countRating, DEFAULT_RATING_SETTINGS, tallyRatingPapers, type RatingPaper, type RatingSpec } from '../../shared/domain/ballots/rating';
import { countSlate, DEFAULT_SLATE_SETTINGS, tallySlatePapers, type SlatePaper, type SlateSpec } from '../../shared/domain/ballots/slate';
import type { BodyKind } from '../../shared/domain/quorum';
import type { AnyResult, BallotRecord } from './sheet-model';

/** 2025-03-01 09:30:00 in Beijing. */
export const OPENED_AT = Date.UTC(2025, 2, 1, 1, 30, 0);

export function record(result: AnyResult | null, overrides: Partial<BallotRecord> = {}): BallotRecord {
  return {
    meetingId: 'county-2025-1',
    bodyName: '某某县人民代表大会',
    bodyKind: 'congress',
    sessionTitle: '某某县第十八届人民代表大会第五次会议',
    seq: 1,
    ballotId: 'b-1',
    itemTitle: '关于县人民政府工作报告的决议',
    title: '县人民政府工作报告',
    kind: result?.kind ?? 'motion',
    secrecy: 'anonymous',
    method: 'electronic',
    enteredBy: null,
    status: 'published',
    openedAt: OPENED_AT,
    closedAt: OPENED_AT + 60_000,
    presentAtOpen: 38,
    quorumMet: true,
    quorumOverride: null,
    rerunOf: null,
    rerunBy: null,
    followUpOf: null,
    followedBy: [],
    voidReason: null,
    papers: result ? 0 : 36,
    result,
    slateCapYes: result?.kind === 'slate' ? true : null,
    slateYear: null,
    ...overrides,
  };
}

export function motion(
  counts: { yes: number; no: number; abstain: number },
  total: number,
  present: number,
  settings: Partial<MotionSettings> = {},
) {
  return countMotion(counts, total, present, { ...DEFAULT_MOTION_SETTINGS, ...settings });
}

export const APPOINTMENTS: BatchSpec = {
  items: [
    { itemId: 'a1', title: '任命张三为县财政局局长' },
    { itemId: 'a2', title: '任命李四为县教育局局长' },
  ],
  settings: DEFAULT_BATCH_SETTINGS,
};

/** 30 seats, 28 present, 27 papers: a1 passes with 20, a2 fails with 15. */
export function appointments() {
  const papers = [
    ...Array.from({ length: 15 }, () => ({ marks: { a1: 'yes', a2: 'yes' } })),
    ...Array.from({ length: 5 }, () => ({ marks: { a1: 'yes', a2: 'no' } })),
    ...Array.from({ length: 4 }, () => ({ marks: { a1: 'no', a2: 'abstain' } })),
    ...Array.from({ length: 3 }, () => ({ marks: { a1: 'abstain' } })),
  ];
  return countBatch(APPOINTMENTS, tallyBatchPapers(APPOINTMENTS, papers), { total: 30, present: 28 });
}

export function projects(places: number): SlateSpec {
  return {
    places,
    projects: [
      { projectId: 'MS-2025-01', title: '老旧小区加装电梯', sponsorUnit: '县住建局', budgetFen: 12_000_000_00, summary: '' },
      { projectId: 'MS-2025-02', title: '农村饮用水提升', sponsorUnit: '县水利局', budgetFen: 3_500_050, summary: '' },
      { projectId: 'MS-2025-03', title: '社区养老服务站', sponsorUnit: '县民政局', budgetFen: null, summary: '' },
    ],
    settings: DEFAULT_SLATE_SETTINGS,
  };
}

/**
 * 40 seats all present: 30 papers 赞成 01+02, 8 papers 赞成 03 and 反对 02, and 2 papers 赞成 all
 * three (over the cap of 2, so void when the cap applies).
 */
export function projectVote(places = 2, capYesAtPlaces = true) {
  const base = projects(places);
  const spec: SlateSpec = { ...base, settings: { ...base.settings, capYesAtPlaces } };
  const papers: SlatePaper[] = [
    ...Array.from({ length: 30 }, (): SlatePaper => ({ marks: { 'MS-2025-01': 'yes', 'MS-2025-02': 'yes' } })),
    ...Array.from({ length: 8 }, (): SlatePaper => ({ marks: { 'MS-2025-03': 'yes', 'MS-2025-02': 'no' } })),
    ...Array.from({ length: 2 }, (): SlatePaper => ({ marks: { 'MS-2025-01': 'yes', 'MS-2025-02': 'yes', 'MS-2025-03': 'yes' } })),
  ];
  return countSlate(spec, tallySlatePapers(spec, papers), { total: 40, present: 40 });
}

export const VICE_GOVERNORS: ElectionSpec = {
  post: '县人民政府副县长',
  postType: 'deputy',
  seats: 2,
  candidates: [
    { candidateId: 'c1', name: '赵一' },
    { candidateId: 'c2', name: '钱二' },
    { candidateId: 'c3', name: '孙三' },
  ],
  tellers: { chief: '周监', members: ['吴监', '郑监'] },
  settings: DEFAULT_ELECTION_SETTINGS,
};

/**
 * 50 seats, 48 present, 48 papers: 30 elect 赵一 and 钱二 (钱二 gets `secondYes` of them);
 * 10 vote 孙三 and write in 王五 against 钱二; 5 pick all three (void, R3.3); 3 are blank.
 */
export function viceGovernors(secondYes = 30, issued?: number) {
  const papers: ElectionPaper[] = [
    ...Array.from({ length: secondYes }, (): ElectionPaper => ({ marks: { c1: 'yes', c2: 'yes' }, writeIns: {} })),
    ...Array.from({ length: 30 - secondYes }, (): ElectionPaper => ({ marks: { c1: 'yes', c2: 'no' }, writeIns: {} })),
    ...Array.from({ length: 10 }, (): ElectionPaper => ({ marks: { c1: 'no', c2: 'no', c3: 'yes' }, writeIns: { c2: '王五' } })),
    ...Array.from({ length: 5 }, (): ElectionPaper => ({ marks: { c1: 'yes', c2: 'yes', c3: 'yes' }, writeIns: {} })),
    ...Array.from({ length: 3 }, (): ElectionPaper => ({ marks: {}, writeIns: {} })),
  ];
  const context = issued === undefined ? { total: 50, present: 48 } : { total: 50, present: 48, issued };
  return countElection(VICE_GOVERNORS, tallyElectionPapers(VICE_GOVERNORS, papers), context);
}

export const PRESIDIUM = ['陈立新', '王建国', '李秀英', '张卫东', '刘红梅', '杨志强', '黄海燕'];

export function presidiumList(yes: number) {
  return countListVote(PRESIDIUM, { yes, no: 2, abstain: 1 }, 40, 39);
}

export const DUTY_REPORTS: RatingSpec = {
  subjects: [
    { subjectId: 's1', name: '县交通运输局局长 王五', kind: 'appointee' },
    { subjectId: 's2', name: '县住建局 老旧小区改造工作', kind: 'department' },
    { subjectId: 's3', name: '老旧小区加装电梯', kind: 'project', projectId: 'MS-2024-01' },
  ],
  settings: DEFAULT_RATING_SETTINGS,
};

/** A standing committee of 30, 29 present (R5.3, 镇海), 29 papers. */
export function dutyReports(bodyKind: BodyKind = 'standing_committee') {
  const marks = (s1: string, s2: string, s3: string): RatingPaper =>
    ({ marks: { s1, s2, s3 } }) as RatingPaper;
  const papers: RatingPaper[] = [
    ...Array.from({ length: 5 }, () => marks('satisfied', 'satisfied', 'satisfied')),
    ...Array.from({ length: 5 }, () => marks('satisfied', 'satisfied', 'basically_satisfied')),
    ...Array.from({ length: 10 }, () => marks('satisfied', 'basically_satisfied', 'unsatisfied')),
    ...Array.from({ length: 6 }, () => marks('basically_satisfied', 'unsatisfied', 'unsatisfied')),
    ...Array.from({ length: 3 }, () => marks('unsatisfied', 'unsatisfied', 'unsatisfied')),
  ];
  return countRating(DUTY_REPORTS, tallyRatingPapers(DUTY_REPORTS, papers), { total: 30, present: 29, bodyKind });
}
