/**
 * The second demo meeting: a county people's congress standing committee (县人大常委会), created
 * beside the township congress on a first start. It shows what only a standing committee does:
 * a 任免 batch voted person by person (R2.7; 地方组织法 第五十条: 县人大常委会 决定任免 the
 * government's department heads on the county head's nomination) and a 述职测评 of appointees with
 * their posts (R5), counted over 全体组成人员 (R1.2, R2.2).
 */
import type { BallotDraft } from '../shared/domain/ballots/kinds';
import { DEFAULT_MOTION_SETTINGS } from '../shared/domain/ballots/motion';
import type { Delegate, MeetingSpec } from '../shared/domain/meeting';

export const DEMO_STANDING_COMMITTEE_ID = 'demo-county-standing-committee';

const MEMBERS = [
  '郑国强', '冯丽娟', '陈志远', '褚建华', '卫红霞', '蒋文斌', '沈玉梅', '韩立军', '杨春燕', '朱永康',
  '秦海波', '尤桂芳', '许德明', '何晓静', '吕振东', '施秀兰', '张卫国', '孔令华', '曹建平', '严淑英',
  '华志刚', '金美玲', '魏长青', '陶红梅', '姜立新',
];

function members(): Delegate[] {
  return MEMBERS.map((name, i) => ({
    seatId: `m${String(i + 1).padStart(2, '0')}`,
    seatNo: `${Math.floor(i / 5) + 1}排${String((i % 5) + 1).padStart(2, '0')}座`,
    name,
    group: i < 5 ? '主任会议成员' : '委员',
  }));
}

/** R2.7: 任免案 person by person; 合并表决 only when the members present agree, so off. */
const APPOINTMENTS: BallotDraft = {
  kind: 'batch',
  title: '人事任免案（逐人表决）',
  secrecy: 'anonymous',
  durationSec: null,
  batch: {
    items: [
      { itemId: 'appoint-1', title: '任命刘建军为县财政局局长' },
      { itemId: 'appoint-2', title: '任命王晓梅为县教育局局长' },
      { itemId: 'appoint-3', title: '任命赵振宇为县交通运输局局长' },
      { itemId: 'remove-1', title: '免去孙国庆的县交通运输局局长职务' },
    ],
    settings: { motion: DEFAULT_MOTION_SETTINGS, combined: false },
  },
};

/** R5: 述职测评 of appointees, each shown with the post held; the result is advisory (R5.1). */
const DUTY_RATING: BallotDraft = {
  kind: 'rating',
  title: '县人民政府组成部门负责人述职满意度测评',
  secrecy: 'anonymous',
  durationSec: null,
  rating: {
    subjects: [
      { subjectId: 'duty-1', name: '李明华', post: '县住房和城乡建设局局长', kind: 'appointee' },
      { subjectId: 'duty-2', name: '周晓东', post: '县农业农村局局长', kind: 'appointee' },
      { subjectId: 'duty-3', name: '吴丽萍', post: '县卫生健康局局长', kind: 'appointee' },
    ],
    settings: { base: 'valid_ballots', boundary: 'strict' },
  },
};

const BUDGET_ADJUSTMENT: BallotDraft = {
  kind: 'motion',
  title: '关于批准县2026年本级预算调整方案的决议（草案）',
  secrecy: 'anonymous',
  durationSec: null,
  settings: DEFAULT_MOTION_SETTINGS,
};

export function demoStandingCommitteeSpec(): MeetingSpec {
  return {
    meetingId: DEMO_STANDING_COMMITTEE_ID,
    body: { name: '某某县人民代表大会常务委员会', kind: 'standing_committee' },
    title: '某某县第十八届人民代表大会常务委员会第二十三次会议',
    delegates: members(),
    // A standing committee meeting has no presidium: the 主任 presides (the 主任会议 sets the agenda).
    presidium: [],
    agenda: [
      { itemId: 'sc-1', title: '听取和审议县人民政府关于2026年上半年国民经济和社会发展计划执行情况的报告', kind: 'report' },
      { itemId: 'sc-2', title: '审议县人民政府关于2026年本级预算调整方案的议案', kind: 'vote', ballot: BUDGET_ADJUSTMENT },
      { itemId: 'sc-3', title: '县人民政府组成部门负责人述职', kind: 'report' },
      { itemId: 'sc-4', title: '述职满意度测评', kind: 'rating', ballot: DUTY_RATING },
      { itemId: 'sc-5', title: '审议人事任免案', kind: 'vote', ballot: APPOINTMENTS },
    ],
  };
}
