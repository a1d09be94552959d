import type { Socket } from 'socket.io-client';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { emitOk } from '../support/sockets';

/**
 * The meeting of the ballot-kinds browser test: a township congress of 30 with one prepared
 * ballot of each kind on its agenda, and the socket delegates' papers that give each kind a
 * result worth reading (a tie at the last project place, an open seat after an election).
 */
export const SEATS = 30;
/** Delegates voting over plain sockets; with the one browser tablet, 26 of 30 are present. */
export const SOCKET_DELEGATES = 25;

export const PROJECTS = ['社区食堂建设', '老旧小区加装电梯', '农村道路硬化', '学校塑胶跑道', '菜市场改造', '公园健身步道'];
export const PLACES = 4;
export const CANDIDATES = ['刘国平', '徐晓红', '林淑珍'];
export const LIST = ['陈立新', '王建国', '李秀英', '张志强', '刘丽华'];
export const SUBJECTS = ['周明辉', '吴春梅', '孙德胜', '马玉兰'];
export const APPOINTMENTS = ['任命王海燕为副镇长', '任命李文军为财政所所长', '免去张永福的副镇长职务'];

export const ITEMS = {
  batch: '表决人事任免案',
  slate: '票决2026年民生实事项目',
  election: '选举镇人民政府副镇长',
  list: '通过大会主席团名单',
  rating: '镇政府组成人员满意度测评',
  manual: '关于设立代表联络站的决定',
  choose: '票选2026年街巷整治项目',
} as const;

export const CHOOSE_PROJECTS = ['东街整治', '西街整治', '南巷整治', '北巷整治'];

/** The roster of a browser hall: SEATS delegates, ten to a row, seat ids `${prefix}01`…. */
export function hallDelegates(prefix: string): MeetingSpecInput['delegates'] {
  return Array.from({ length: SEATS }, (_, i) => ({
    seatId: `${prefix}${String(i + 1).padStart(2, '0')}`,
    seatNo: `${Math.floor(i / 10) + 1}排${String((i % 10) + 1).padStart(2, '0')}座`,
    name: `代表${String(i + 1).padStart(2, '0')}`,
    group: '',
  }));
}

export function kindsMeeting(): MeetingSpecInput {
  return {
    meetingId: 'kinds-hall',
    body: { name: '某某镇人民代表大会', kind: 'congress' },
    title: '某某镇第十八届人民代表大会第六次会议',
    delegates: hallDelegates('k'),
    presidium: ['陈立新'],
    agenda: [
      {
        itemId: 'i-batch',
        title: ITEMS.batch,
        ballot: {
          kind: 'batch',
          title: '人事任免案（逐人表决）',
          batch: { items: APPOINTMENTS.map((title, i) => ({ itemId: `a${i + 1}`, title })) },
        },
      },
      {
        itemId: 'i-slate',
        title: ITEMS.slate,
        ballot: {
          kind: 'slate',
          title: '2026年民生实事项目票决',
          slate: {
            places: PLACES,
            projects: PROJECTS.map((title, i) => ({
              projectId: `p${i + 1}`,
              title,
              sponsorUnit: '镇建设办',
              budgetFen: (i + 1) * 50_000_000,
              summary: '',
            })),
          },
        },
      },
      {
        itemId: 'i-election',
        title: ITEMS.election,
        ballot: {
          kind: 'election',
          title: '选举副镇长',
          election: {
            post: '镇人民政府副镇长',
            postType: 'deputy',
            seats: 2,
            candidates: CANDIDATES.map((name, i) => ({ candidateId: `c${i + 1}`, name })),
            tellers: { chief: '罗桂兰', members: ['高伟东'] },
          },
        },
      },
      { itemId: 'i-list', title: ITEMS.list, ballot: { kind: 'list_vote', title: '大会主席团名单', list: { members: LIST } } },
      {
        itemId: 'i-rating',
        title: ITEMS.rating,
        ballot: {
          kind: 'rating',
          title: '履职情况满意度测评',
          rating: { subjects: SUBJECTS.map((name, i) => ({ subjectId: `s${i + 1}`, name, kind: 'appointee' as const })) },
        },
      },
      {
        itemId: 'i-choose',
        title: ITEMS.choose,
        // R4.3 (b): choose at most K of N.
        ballot: {
          kind: 'slate',
          title: '街巷整治项目（限选 2 个）',
          slate: {
            places: 2,
            projects: CHOOSE_PROJECTS.map((title, i) => ({ projectId: `q${i + 1}`, title })),
            settings: { form: 'choose_up_to_k' },
          },
        },
      },
      {
        itemId: 'i-manual',
        title: ITEMS.manual,
        // R2.4: decided by a show of hands, counted and entered by the presidium.
        ballot: { kind: 'motion', title: '关于设立代表联络站的决定（举手表决）', method: 'manual' },
      },
    ],
  };
}

export const STREET_PROJECTS = [
  '口袋公园',
  '社区助餐点',
  '背街小巷改造',
  '老年活动室',
  '儿童游乐场',
  '社区图书角',
  '电动车充电棚',
  '雨污分流改造',
  '便民修车点',
  '社区健身角',
  '楼道照明改造',
  '社区卫生服务站',
  '小区监控补盲',
  '垃圾分类亭',
  '无障碍坡道',
];

/** A street deliberative congress (R6): its project vote only recommends (R6.1). */
export function streetMeeting(): MeetingSpecInput {
  return {
    meetingId: 'street-hall',
    body: { name: '某某街道议政代表大会', kind: 'street_congress' },
    title: '某某街道2026年第一次议政代表大会',
    delegates: Array.from({ length: 5 }, (_, i) => ({ seatId: `m${i + 1}`, seatNo: `${i + 1}号`, name: `成员${i + 1}`, group: '' })),
    agenda: [
      {
        itemId: 'street-slate',
        title: '票选推荐2026年街道民生实事项目',
        ballot: {
          kind: 'slate',
          title: '街道民生实事项目票选',
          slate: {
            places: 2,
            // Fifteen candidates, as many as a real project vote: the wall splits them over two columns.
            projects: STREET_PROJECTS.map((title, i) => ({ projectId: `sp${i + 1}`, title })),
          },
        },
      },
    ],
  };
}

/**
 * Deals `counts[j]` 赞成 for row j over the papers round-robin, so no paper gets the same row
 * twice (each count ≤ papers) and the load is even; every other row is marked `rest`.
 */
export function dealYes(counts: number[], papers: number, ids: string[], rest: 'no' | 'abstain' | null): Record<string, string>[] {
  const marks: Record<string, string>[] = Array.from({ length: papers }, () => ({}));
  let next = 0;
  counts.forEach((count, j) => {
    for (let k = 0; k < count; k += 1) {
      marks[next % papers]![ids[j]!] = 'yes';
      next += 1;
    }
  });
  if (rest) for (const paper of marks) for (const id of ids) paper[id] ??= rest;
  return marks;
}

/** The ballot open now, as the staff socket's view of the meeting shows it. */
export async function openBallotId(staff: Socket): Promise<string> {
  const { view } = await emitOk(staff, 'meeting:sync', {});
  const open = (view as { ballots: { ballotId: string; status: string }[] }).ballots.find((b) => b.status === 'open');
  if (!open) throw new Error('no open ballot');
  return open.ballotId;
}

/** Numbers every paper castAll sends in this test file, so no idempotency key is used twice. */
let castCount = 0;

/** The socket delegates' papers, one each (paper i from delegates[i]), for the open ballot. */
export async function castAll(staff: Socket, delegates: Socket[], keyPrefix: string, papers: unknown[]): Promise<void> {
  const ballotId = await openBallotId(staff);
  await Promise.all(
    papers.map((choice, i) => {
      castCount += 1;
      return emitOk(delegates[i]!, 'ballot:cast', { ballotId, idempotencyKey: `${keyPrefix}-${castCount}-${i}-key`, choice });
    }),
  );
}
