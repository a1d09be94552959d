import type { BallotDraft } from '../shared/domain/ballots/kinds';
import { DEFAULT_MOTION_SETTINGS } from '../shared/domain/ballots/motion';
import type { Delegate, MeetingSpec } from '../shared/domain/meeting';
import type { AccountService } from './accounts/account-service';
import { generatePassword } from './accounts/password';
import type { StaffRole } from './accounts/types';
import { DEMO_STANDING_COMMITTEE_ID, demoStandingCommitteeSpec } from './demo-standing-committee';
import { demoYearAssignments } from './demo-year';

export { DEMO_STANDING_COMMITTEE_ID, demoStandingCommitteeSpec };

/**
 * A township congress to try the system with, created on first start of an empty store. It is
 * what a 人大 clerk would recognise: the congress ELECTS its 人大主席/副主席 and 镇长/副镇长
 * (地方组织法; it appoints nobody), carries the presidium list (通过, not 当选), votes the year's
 * livelihood projects, and rates officials shown with their posts.
 */
export const DEMO_MEETING_ID = 'demo-township';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['建国', '秀英', '志强', '丽华', '海燕', '国平', '春梅', '文军', '晓红', '永福', '淑珍', '明辉', '桂兰', '德胜', '玉兰', '振华', '金凤', '立新', '红梅', '伟东'];
const GROUPS = ['第一代表组', '第二代表组', '第三代表组', '第四代表组'];
const DELEGATES = 40;
const PER_ROW = 10;

function demoDelegates(): Delegate[] {
  return Array.from({ length: DELEGATES }, (_, i) => {
    const row = Math.floor(i / PER_ROW) + 1;
    const col = (i % PER_ROW) + 1;
    return {
      seatId: `s${String(i + 1).padStart(2, '0')}`,
      seatNo: `${row}排${String(col).padStart(2, '0')}座`,
      // A different given name for each pass over the surnames keeps all 40 names distinct.
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7 + Math.floor(i / SURNAMES.length) * 3) % GIVEN.length]}`,
      group: GROUPS[Math.floor(i / PER_ROW) % GROUPS.length] ?? '',
    };
  });
}

const PRESIDIUM = ['陈立新', '王建国', '李秀英', '张志强', '刘丽华', '杨海燕', '赵国平'];

const PROJECTS: Array<[string, string, number]> = [
  ['农村饮用水提质改造工程', '镇农业农村办', 3_200_000],
  ['镇区道路“白改黑”提升', '镇建设办', 5_800_000],
  ['居家养老服务中心建设', '镇社会事务办', 1_500_000],
  ['中小学校园安全设施改造', '镇教育办', 900_000],
  ['农贸市场改造升级', '镇市场监管所', 2_100_000],
  ['村级卫生室标准化建设', '镇卫生院', 1_200_000],
  ['河道综合整治', '镇水利站', 4_300_000],
  ['农村公厕改造', '镇农业农村办', 800_000],
  ['公共停车场建设', '镇建设办', 2_600_000],
  ['路灯亮化工程', '镇建设办', 700_000],
  ['文化礼堂提升', '镇文化站', 1_100_000],
  ['垃圾分类收运体系建设', '镇环卫所', 1_900_000],
  ['农产品冷链仓储中心', '镇经济发展办', 3_500_000],
  ['便民服务中心窗口改造', '镇便民服务中心', 600_000],
  ['全民健身广场建设', '镇文化站', 1_400_000],
];

/** 述职测评 subjects with the posts they hold, shown beside the name on every screen and sheet. */
const RATED: Array<[string, string]> = [
  ['周明辉', '镇人民政府副镇长'],
  ['孙德胜', '镇人民政府副镇长'],
  ['马玉兰', '镇财政所所长'],
  ['朱振华', '镇农业农村办公室主任'],
  ['胡金凤', '镇社会事务办公室主任'],
  ['郭立新', '镇建设办公室主任'],
  ['何红梅', '镇综合行政执法队队长'],
  ['吴春梅', '镇便民服务中心主任'],
];

/** A 等额 or 差额 election of one township post by the congress (ZZF 第二十七至二十九条). */
function election(title: string, post: string, postType: 'head' | 'deputy', seats: number, names: string[], prefix: string): BallotDraft {
  return {
    kind: 'election',
    title,
    secrecy: 'anonymous',
    durationSec: null,
    election: {
      post,
      postType,
      seats,
      candidates: names.map((name, i) => ({ candidateId: `${prefix}-${i + 1}`, name })),
      tellers: { chief: '罗桂兰', members: ['高伟东', '黄永福'] },
      settings: { ballotType: 'congress', round: 'first', byElection: false, allowWriteIns: true, marginOverride: null },
    },
  };
}

/** The ballots the secretariat prepared, one per voting item; the console opens each in one click. */
const BALLOTS: Record<string, BallotDraft> = {
  presidium: {
    kind: 'list_vote',
    title: '大会主席团名单（草案）',
    secrecy: 'anonymous',
    durationSec: null,
    list: { members: PRESIDIUM },
  },
  liaison: {
    kind: 'motion',
    title: '关于建立镇人大代表联络站工作制度的决定（草案）',
    secrecy: 'anonymous',
    durationSec: null,
    settings: DEFAULT_MOTION_SETTINGS,
  },
  projects: {
    kind: 'slate',
    title: '镇2026年民生实事项目票决',
    secrecy: 'anonymous',
    durationSec: null,
    slate: {
      places: 10,
      // The draft decision names this year even when the session sits in the December before.
      year: 2026,
      projects: PROJECTS.map(([title, sponsorUnit, yuan], i) => ({
        projectId: `ms2026-${String(i + 1).padStart(2, '0')}`,
        title,
        sponsorUnit,
        budgetFen: yuan * 100,
        summary: '',
      })),
      settings: { form: 'per_project', rule: 'top_k_with_majority', capYesAtPlaces: true },
    },
  },
  // A township congress elects its 镇长/副镇长 and 人大主席/副主席 (地方组织法 第十一条, 第二十七条);
  // it appoints nobody. What it votes on person by person (R2.7) is whether to accept a resignation
  // (地方组织法 第三十一条: 辞职由大会决定是否接受).
  resignations: {
    kind: 'batch',
    title: '关于接受辞职请求的决定（逐人表决）',
    secrecy: 'anonymous',
    durationSec: null,
    batch: {
      items: [
        { itemId: 'resign-1', title: '接受张永福辞去镇人民政府副镇长职务的请求' },
        { itemId: 'resign-2', title: '接受李文军辞去镇人民政府副镇长职务的请求' },
        { itemId: 'resign-3', title: '接受王海燕辞去镇人民代表大会副主席职务的请求' },
      ],
      settings: { motion: DEFAULT_MOTION_SETTINGS, combined: false },
    },
  },
  chair: election('选举镇人民代表大会主席', '镇人民代表大会主席', 'head', 1, ['陈立新'], 'ch'),
  viceChair: election('选举镇人民代表大会副主席', '镇人民代表大会副主席', 'deputy', 1, ['赵国平', '杨海燕'], 'vc'),
  mayor: election('选举镇长', '镇人民政府镇长', 'head', 1, ['李秀英'], 'my'),
  election: {
    kind: 'election',
    title: '选举镇人民政府副镇长',
    secrecy: 'anonymous',
    durationSec: null,
    election: {
      post: '镇人民政府副镇长',
      postType: 'deputy',
      seats: 2,
      candidates: [
        { candidateId: 'c-1', name: '刘国平' },
        { candidateId: 'c-2', name: '徐晓红' },
        { candidateId: 'c-3', name: '林淑珍' },
      ],
      tellers: { chief: '罗桂兰', members: ['高伟东', '黄永福'] },
      settings: { ballotType: 'congress', round: 'first', byElection: false, allowWriteIns: true, marginOverride: null },
    },
  },
  rating: {
    kind: 'rating',
    title: '镇人民政府及站所负责人履职情况满意度测评',
    secrecy: 'anonymous',
    durationSec: null,
    rating: {
      subjects: RATED.map(([name, post], i) => ({ subjectId: `official-${i + 1}`, name, post, kind: 'appointee' as const })),
      settings: { base: 'valid_ballots', boundary: 'strict' },
    },
  },
};

export function demoMeetingSpec(): MeetingSpec {
  return {
    meetingId: DEMO_MEETING_ID,
    body: { name: '某某镇人民代表大会', kind: 'congress' },
    title: '某某镇第十八届人民代表大会第五次会议',
    delegates: demoDelegates(),
    presidium: PRESIDIUM,
    agenda: [
      { itemId: 'item-0', title: '表决通过大会主席团名单', kind: 'vote', ballot: BALLOTS['presidium'] },
      { itemId: 'item-1', title: '听取和审议镇人民政府工作报告', kind: 'report' },
      // item-2, item-3 and item-4 have no prepared ballot: the presidium types a motion at the console
      // (the browser walk-through of the first slice uses them that way).
      { itemId: 'item-2', title: '审查和批准镇2025年财政预算执行情况和2026年财政预算', kind: 'vote' },
      { itemId: 'item-3', title: '关于代表建议、批评和意见办理情况报告的决议', kind: 'vote' },
      { itemId: 'item-9', title: '票决产生镇2026年民生实事项目（15个候选项目选10个）', kind: 'vote', ballot: BALLOTS['projects'] },
      { itemId: 'item-5', title: '表决关于接受辞职请求的决定', kind: 'vote', ballot: BALLOTS['resignations'] },
      { itemId: 'item-10', title: '选举镇人民代表大会主席', kind: 'election', ballot: BALLOTS['chair'] },
      { itemId: 'item-11', title: '选举镇人民代表大会副主席', kind: 'election', ballot: BALLOTS['viceChair'] },
      { itemId: 'item-12', title: '选举镇长', kind: 'election', ballot: BALLOTS['mayor'] },
      { itemId: 'item-6', title: '选举镇人民政府副镇长', kind: 'election', ballot: BALLOTS['election'] },
      { itemId: 'item-7', title: '镇人民政府及站所负责人履职情况满意度测评', kind: 'rating', ballot: BALLOTS['rating'] },
      { itemId: 'item-8', title: '关于建立镇人大代表联络站工作制度的决定', kind: 'vote', ballot: BALLOTS['liaison'] },
      { itemId: 'item-4', title: '关于镇人民政府工作报告的决议', kind: 'vote' },
    ],
  };
}

/** One demo staff account, with its generated password (printed once, outside production). */
export interface DemoAccount {
  login: string;
  displayName: string;
  roles: StaffRole[];
  password: string;
}

/**
 * The demo's staff, one person per role, assigned to the demo meeting. The administrator is
 * the first administrator ("admin", app.ts). Accounts that already exist are left alone, so
 * only a first start prints passwords.
 */
const DEMO_STAFF: ReadonlyArray<Omit<DemoAccount, 'password'>> = [
  { login: 'mishu', displayName: '秘书处 王芳', roles: ['secretariat'] },
  { login: 'zhuxi', displayName: '执行主席 陈立新', roles: ['chair'] },
  { login: 'zhuxituan', displayName: '主席团成员 王建国', roles: ['presidium'] },
  { login: 'jipiao', displayName: '计票人 周明', roles: ['teller'] },
  { login: 'guancha', displayName: '列席观察 孙丽', roles: ['observer'] },
];

export async function createDemoAccounts(accounts: AccountService, meetingId: string): Promise<DemoAccount[]> {
  const made: DemoAccount[] = [];
  // The same staff also run the second demo, the county standing committee.
  const meetings = meetingId === DEMO_MEETING_ID ? [meetingId, DEMO_STANDING_COMMITTEE_ID, ...demoYearAssignments()] : [meetingId];
  for (const person of DEMO_STAFF) {
    const password = generatePassword();
    const created = await accounts.create({ ...person, roles: [...person.roles], meetings }, password);
    if (created.ok) made.push({ ...person, roles: [...person.roles], password });
  }
  return made;
}
