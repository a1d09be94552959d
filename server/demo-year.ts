/**
 * The demo's year (issue 12): one body of each kind — county congress, township congress,
 * standing committee, street deliberative congress — with a year (2026) of history made through
 * the same paths as real use: records by registry commands, meetings made from the bodies, their
 * ballots voted by the meeting service (every member present, papers cast), results taken back
 * into the records. One meeting of each congress is left prepared for 2027, to run live.
 * Outside production only; a failure here is logged and never stops the server.
 */
import type { Actor } from '../shared/domain/meeting';
import type { BallotDraft } from '../shared/domain/ballots/kinds';
import type { BodyCommand } from '../shared/domain/year/decide';
import type { AgendaRequest } from '../shared/domain/year/agenda';
import { harvestMeeting } from '../shared/domain/year/harvest';
import type { BodyInfo, ProjectSource } from '../shared/domain/year/body';
import { BODY_ASSIGNMENT_PREFIX } from './accounts/account-service';
import type { App } from './app';
import type { Logger } from './logger';
import { createBodyMeeting, meetingFacts } from './year/meeting-link';
import { mergedRecord } from '../shared/domain/merged-record';

const DEMO: Actor = { role: 'secretariat', name: 'demo' };
const YUAN = 100;

export const DEMO_YEAR_BODY_IDS = ['demo-county', 'demo-town', 'demo-standing', 'demo-street'] as const;

/**
 * Staff of the demo act on the demo bodies and their meetings (server/demo-meeting.ts assigns
 * them): bodies as `body:<bodyId>` entries, which the account service keeps in the account's
 * own body list (a body never rides on a meeting assignment).
 */
export function demoYearAssignments(): string[] {
  return [...DEMO_YEAR_BODY_IDS.map((id) => `${BODY_ASSIGNMENT_PREFIX}${id}`), ...DEMO_YEAR_MEETINGS];
}

const DEMO_YEAR_MEETINGS = [
  'demo-street-1',
  'demo-street-3',
  'demo-county-3',
  'demo-county-4',
  'demo-county-5',
  'demo-town-3',
  'demo-standing-20',
  'demo-standing-21',
  'demo-standing-22',
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '秀英', '明', '丽', '志强', '桂兰', '海燕', '伟', '芳', '军', '红', '斌', '静', '勇', '霞', '磊'];

function members(prefix: string, count: number, categories?: string[]) {
  return Array.from({ length: count }, (_, i) => ({
    memberId: `${prefix}${String(i + 1).padStart(2, '0')}`,
    seatNo: `${Math.floor(i / 10) + 1}排${(i % 10) + 1}座`,
    name: `${SURNAMES[(i * 7) % SURNAMES.length]}${GIVEN[(i * 5 + prefix.length) % GIVEN.length]}`,
    group: `第${(i % 3) + 1}组`,
    category: categories?.[i] ?? null,
  }));
}

class DemoYear {
  constructor(
    private readonly app: App,
    private readonly logger: Logger,
  ) {}

  async run(bodyId: string, ...commands: BodyCommand[]): Promise<void> {
    const outcome = await this.app.bodies.execute(bodyId, commands, DEMO);
    if (!outcome.ok) throw new Error(`${bodyId}: ${outcome.code} ${outcome.message}`);
  }

  async create(info: BodyInfo): Promise<void> {
    const created = await this.app.bodies.create({ type: 'CreateBody', info }, DEMO);
    if (!created.ok) throw new Error(`${info.bodyId}: ${created.message}`);
  }

  async body(info: BodyInfo, roster: ReturnType<typeof members>): Promise<void> {
    await this.create(info);
    await this.run(info.bodyId, { type: 'SetRoster', members: roster });
  }

  async pool(bodyId: string, year: number, projects: [string, string, string, number, ProjectSource][], rejected: Record<string, string> = {}): Promise<void> {
    for (const [projectId, title, sponsorUnit, budgetYuan, source] of projects) {
      await this.run(bodyId, {
        type: 'CollectProject',
        project: { projectId, year, title, sponsorUnit, budgetFen: budgetYuan * YUAN, summary: `${title}（${sponsorUnit}实施）`, source, sourceRef: null, forwardedFrom: null },
      });
      const reason = Object.hasOwn(rejected, projectId) ? rejected[projectId]! : null;
      await this.run(bodyId, { type: 'ScreenProject', projectId, accept: reason === null, reason });
      if (reason === null) await this.run(bodyId, { type: 'SubmitProject', projectId, accept: true, reason: null });
    }
  }

  async meeting(bodyId: string, meetingId: string, title: string, sessionNo: number, year: number, agenda: AgendaRequest[]): Promise<void> {
    const body = await this.app.bodies.state(bodyId);
    if (!body) throw new Error(`no body ${bodyId}`);
    const made = await createBodyMeeting(this.app.bodies, this.app.service, body, { meetingId, title, sessionNo, year, regular: true, presidium: [], agenda }, DEMO);
    if (!made.ok) throw new Error(`${meetingId}: ${made.message}`);
  }

  private async exec(meetingId: string, ...commands: Parameters<App['service']['execute']>[1]): Promise<void> {
    const outcome = await this.app.service.execute(meetingId, commands, DEMO);
    if (!outcome.ok) throw new Error(`${meetingId}: ${outcome.code} ${outcome.message}`);
  }

  /** Every member present (marked by the secretariat), the session opened. */
  async sit(meetingId: string): Promise<void> {
    const state = await this.app.service.stateOf(meetingId);
    if (!state) throw new Error(`no meeting ${meetingId}`);
    for (const d of state.spec.delegates) await this.exec(meetingId, { type: 'RecordAttendance', seatId: d.seatId, status: 'present', reason: '演示数据' });
    await this.exec(meetingId, { type: 'OpenSession' });
  }

  /** Votes an item's prepared ballot (or a tie re-vote of `followUpOf`): every seat casts `paperOf`, closed, published. */
  async vote(meetingId: string, itemId: string, paperOf: (index: number) => unknown, followUpOf?: string): Promise<string> {
    const state = await this.app.service.stateOf(meetingId);
    const item = state?.spec.agenda.find((a) => a.itemId === itemId);
    if (!state || !item) throw new Error(`no item ${itemId}`);
    const ballotId = `${itemId}-${followUpOf ? 'revote' : 'vote'}`;
    if (followUpOf) {
      await this.exec(meetingId, { type: 'OpenFollowUp', sourceBallotId: followUpOf, reason: 'tie_revote', ballotId, quorumOverrideReason: null });
    } else {
      const draft = item.ballot as BallotDraft;
      await this.exec(meetingId, { type: 'StartItem', itemId });
      await this.exec(meetingId, { type: 'OpenBallot', spec: mergedRecord(draft, { ballotId, itemId, rerunOf: null }), quorumOverrideReason: null });
    }
    for (const [i, d] of state.spec.delegates.entries()) {
      const cast = await this.app.service.cast(meetingId, d.seatId, { ballotId, idempotencyKey: `demo-${ballotId}-${d.seatId}`, choice: paperOf(i) });
      if (!cast.ok) throw new Error(`${meetingId} cast: ${cast.code} ${cast.message}`);
    }
    await this.exec(meetingId, { type: 'CloseBallot', ballotId, reason: 'presidium' });
    await this.exec(meetingId, { type: 'PublishResult', ballotId });
    return ballotId;
  }

  async records(bodyId: string, meetingId: string): Promise<void> {
    const [body, meeting] = await Promise.all([this.app.bodies.state(bodyId), this.app.service.stateOf(meetingId)]);
    if (!body || !meeting) throw new Error(`no body or meeting ${bodyId}/${meetingId}`);
    const harvest = harvestMeeting(body, meetingFacts(meeting), (id) => `fu-${meetingId}-${id}`);
    if (harvest.commands.length > 0) await this.run(bodyId, ...harvest.commands);
    if (harvest.pending.length > 0) this.logger.warn('demo year: results left pending', { meetingId, pending: harvest.pending });
  }
}

const marks = (ids: readonly string[], option = 'yes') => ({ marks: Object.fromEntries(ids.map((id) => [id, option])) });
const progress = (y: number, quarter: 1 | 2 | 3 | 4, percent: number, spentYuan: number) => ({
  reportId: `q${y}-${quarter}`,
  year: y,
  quarter,
  percent,
  spentFen: spentYuan * YUAN,
  note: `${y}年第${quarter}季度实施进展`,
  documents: [{ title: `第${quarter}季度现场照片`, ref: `archive/${y}/q${quarter}.jpg` }],
});

async function streetCongress(d: DemoYear): Promise<void> {
  const types = ['人大代表', '人大代表', '政协委员', '居民代表', '居民代表', '居民代表', '居民代表', '居民代表', '居民代表'];
  await d.create({ bodyId: 'demo-street', name: '城关街道议政代表大会', kind: 'street_congress', level: 'street', term: 2, convener: '沿河县人大城关街道工委', parentBodyId: 'demo-standing' });
  await d.run('demo-street', {
    type: 'SetQuotas',
    decision: { decidedBy: '沿河县人大常委会', reference: '沿人常发〔2025〕12号', quotas: [{ category: '人大代表', count: 2 }, { category: '政协委员', count: 2 }, { category: '居民代表', count: 6 }] },
  });
  await d.run('demo-street', { type: 'SetRoster', members: members('j', 9, types) });
  await d.pool('demo-street', 2026, [
    ['j-lift', '老旧小区加装电梯', '城关街道办事处', 350_000, 'public'],
    ['j-light', '背街小巷路灯改造', '城关街道办事处', 120_000, 'department'],
    ['j-park', '口袋公园建设', '城关街道办事处', 800_000, 'public'],
  ]);
  await d.meeting('demo-street', 'demo-street-1', '城关街道第二届议政代表大会第一次会议', 1, 2026, [
    { itemId: 'presidium', from: 'presidium', title: '选举大会主席团', names: ['王建国', '李秀英', '张明'] },
    { itemId: 'slate', from: 'slate', title: '2026年街道民生实事项目票选', year: 2026, places: 2, motionTitle: '2026年城关街道民生实事候选项目' },
  ]);
  await d.sit('demo-street-1');
  await d.vote('demo-street-1', 'presidium', () => ({ option: 'yes' }));
  await d.vote('demo-street-1', 'slate', (i) => marks(i < 7 ? ['j-lift', 'j-light'] : ['j-lift', 'j-park']));
  await d.records('demo-street', 'demo-street-1');
}

async function countyCongress(d: DemoYear, app: App): Promise<void> {
  await d.body({ bodyId: 'demo-county', name: '沿河县人民代表大会', kind: 'congress', level: 'county', term: 18, convener: null, parentBodyId: null }, members('c', 15));
  // 双代会: the street congress's first recommendation joins the county pool.
  const street = await app.bodies.state('demo-street');
  const lift = street?.projects.get('j-lift');
  if (lift?.adopted) {
    await d.run('demo-county', {
      type: 'CollectProject',
      project: { projectId: 'c-lift', year: 2026, title: lift.title, sponsorUnit: '县住建局', budgetFen: lift.budgetFen, summary: lift.summary, source: 'street_congress', sourceRef: '城关街道议政代表大会', forwardedFrom: { bodyId: 'demo-street', projectId: 'j-lift' } },
    });
    await d.run('demo-street', { type: 'ForwardProject', projectId: 'j-lift', toBodyId: 'demo-county', toProjectId: 'c-lift' });
    await d.run('demo-county', { type: 'ScreenProject', projectId: 'c-lift', accept: true, reason: null }, { type: 'SubmitProject', projectId: 'c-lift', accept: true, reason: null });
  }
  await d.pool(
    'demo-county',
    2026,
    [
      ['c-water', '农村供水保障工程', '县水务局', 12_000_000, 'department'],
      ['c-school', '乡镇寄宿制学校改造', '县教育局', 8_000_000, 'delegate_suggestion'],
      ['c-clinic', '村卫生室标准化建设', '县卫健局', 3_000_000, 'public'],
      ['c-bus', '城乡公交一体化', '县交通运输局', 6_000_000, 'public'],
      ['c-stadium', '县体育场改造', '县文体局', 50_000_000, 'department'],
    ],
    { 'c-stadium': '投资规模过大，不宜列入年度民生实事' },
  );
  await d.meeting('demo-county', 'demo-county-3', '沿河县第十八届人民代表大会第三次会议', 3, 2026, [
    { itemId: 'slate', from: 'slate', title: '2026年民生实事项目票决', year: 2026, places: 3, motionTitle: '关于提请审议2026年县级民生实事候选项目的议案' },
  ]);
  await d.sit('demo-county-3');
  // 15 members, ≤ 3 赞成 a paper: 供水 13, 学校 9, 卫生室 9, 电梯 9, 公交 5; more than half of 15 is 8 →
  // 供水 in, three tie for the last 2 places (R4.5) → a re-vote among them.
  const [w, s, c, l, b] = ['c-water', 'c-school', 'c-clinic', 'c-lift', 'c-bus'];
  const first = [[w, s, c], [w, s, c], [w, s, c], [w, s, l], [w, s, l], [w, s, l], [w, c, l], [w, c, l], [w, c, l], [w, c, l], [w, b, s], [w, b, c], [w, b, l], [s, c, b], [s, l, b]];
  const firstId = await d.vote('demo-county-3', 'slate', (i) => marks(first[i] ?? []));
  // Re-vote (top K only): 卫生室 12, 电梯 10, 学校 3.
  await d.vote('demo-county-3', 'slate', (i) => marks(i < 10 ? ['c-clinic', 'c-lift'] : i < 12 ? ['c-clinic'] : ['c-school']), firstId);
  await d.records('demo-county', 'demo-county-3');

  const county = await app.bodies.state('demo-county');
  const adopted = county?.decisions.get('2026')?.adopted ?? [];
  for (const [n, projectId] of adopted.entries()) {
    const budget = (county?.projects.get(projectId)?.budgetFen ?? 0) / YUAN;
    for (const [q, pct] of [[1, 15], [2, 45], [3, 75], [4, 100 - n * 10]] as const) {
      await d.run('demo-county', { type: 'ReportProgress', projectId, report: progress(2026, q, pct, Math.round((budget * pct) / 100)) });
    }
  }

  // 代表建议 and the special fund.
  await d.run('demo-county', { type: 'SubmitSuggestion', suggestionId: 'sg-bus', year: 2026, memberId: 'c01', title: '关于增设城北公交站点的建议', content: '城北新区缺少公交站点，群众出行不便。', category: '交通', coSigners: ['c02', 'c03'], via: 'tablet' });
  await d.run('demo-county', { type: 'SubmitSuggestion', suggestionId: 'sg-road', year: 2026, memberId: 'c04', title: '关于修缮村组道路的建议', content: '部分村组道路破损严重。', category: '城建', coSigners: [], via: 'console' });
  await d.run('demo-county', { type: 'SubmitSuggestion', suggestionId: 'sg-elder', year: 2026, memberId: 'c01', title: '关于建设社区养老服务站的建议', content: '老年人日间照料需求大。', category: '民政', coSigners: ['c05'], via: 'tablet' });
  const later = app.service.now() + 90 * 86_400_000;
  await d.run('demo-county', { type: 'AssignSuggestion', suggestionId: 'sg-bus', handlingUnit: '县交通运输局', deadline: later }, { type: 'ReplySuggestion', suggestionId: 'sg-bus', text: '已纳入明年线网优化计划。' });
  await d.run('demo-county', { type: 'RateReply', suggestionId: 'sg-bus', memberId: 'c01', rating: 'unsatisfied' });
  await d.run('demo-county', { type: 'AssignSuggestion', suggestionId: 'sg-road', handlingUnit: '县交通运输局', deadline: later }, { type: 'ReplySuggestion', suggestionId: 'sg-road', text: '已完成修缮12公里。' });
  await d.run('demo-county', { type: 'RateReply', suggestionId: 'sg-road', memberId: 'c04', rating: 'satisfied' });
  await d.run('demo-county', { type: 'AssignSuggestion', suggestionId: 'sg-elder', handlingUnit: '县民政局', deadline: later });
  await d.run('demo-county', { type: 'SetFund', year: 2026, fundFen: 3_000_000 * YUAN });
  await d.run('demo-county', {
    type: 'AllocateFund',
    year: 2026,
    allocations: [
      { allocationId: 'fa-road', suggestionId: 'sg-road', amountFen: 1_800_000 * YUAN },
      { allocationId: 'fa-elder', suggestionId: 'sg-elder', amountFen: 900_000 * YUAN },
    ],
  });

  // Year-end: the adopted projects and the fund's projects rated (R4.8).
  await d.meeting('demo-county', 'demo-county-4', '沿河县第十八届人民代表大会第四次会议', 4, 2026, [
    { itemId: 'rate-projects', from: 'rating', title: '2026年民生实事项目满意度测评', year: 2026, source: 'projects' },
    { itemId: 'rate-fund', from: 'rating', title: '代表建议专项资金项目评估验收', year: 2026, source: 'fund' },
  ]);
  await d.sit('demo-county-4');
  const options = ['satisfied', 'satisfied', 'basically_satisfied', 'satisfied', 'unsatisfied'];
  await d.vote('demo-county-4', 'rate-projects', (i) => ({ marks: Object.fromEntries(adopted.map((id, k) => [id, options[(i + k) % options.length]])) }));
  await d.vote('demo-county-4', 'rate-fund', (i) => ({ marks: { 'fa-road': 'satisfied', 'fa-elder': i < 9 ? 'satisfied' : 'basically_satisfied' } }));
  await d.records('demo-county', 'demo-county-4');

  // 2027: a pool ready for the next congress, and its meeting prepared to vote live.
  await d.pool('demo-county', 2027, [
    ['c27-road', '农村公路提质改造', '县交通运输局', 9_000_000, 'department'],
    ['c27-elder', '社区居家养老服务中心', '县民政局', 4_000_000, 'delegate_suggestion'],
    ['c27-market', '农贸市场升级改造', '县商务局', 5_000_000, 'public'],
    ['c27-pipe', '老旧燃气管网更新', '县住建局', 7_000_000, 'department'],
  ]);
  await d.meeting('demo-county', 'demo-county-5', '沿河县第十八届人民代表大会第五次会议', 5, 2027, [
    { itemId: 'slate', from: 'slate', title: '2027年民生实事项目票决', year: 2027, places: 3, motionTitle: '关于提请审议2027年县级民生实事候选项目的议案' },
  ]);
}

async function townshipCongress(d: DemoYear): Promise<void> {
  await d.body({ bodyId: 'demo-town', name: '和平镇人民代表大会', kind: 'congress', level: 'township', term: 18, convener: null, parentBodyId: null }, members('t', 12));
  await d.pool('demo-town', 2026, [
    ['t-road', '村组道路硬化', '镇人民政府', 1_200_000, 'delegate_suggestion'],
    ['t-water', '饮水安全巩固提升', '镇人民政府', 800_000, 'department'],
    ['t-light', '村庄亮化工程', '镇人民政府', 300_000, 'public'],
  ]);
  await d.meeting('demo-town', 'demo-town-3', '和平镇第十八届人民代表大会第三次会议', 3, 2026, [
    { itemId: 'slate', from: 'slate', title: '2026年民生实事项目票决', year: 2026, places: 2, motionTitle: '关于提请审议2026年和平镇民生实事候选项目的议案' },
  ]);
  await d.sit('demo-town-3');
  await d.vote('demo-town-3', 'slate', (i) => marks(i < 10 ? ['t-road', 't-water'] : ['t-light']));
  await d.records('demo-town', 'demo-town-3');
  for (const projectId of ['t-road', 't-water']) {
    for (const [q, pct] of [[1, 20], [2, 50], [3, 90], [4, 100]] as const) await d.run('demo-town', { type: 'ReportProgress', projectId, report: progress(2026, q, pct, pct * 8_000) });
  }
}

async function standingCommittee(d: DemoYear): Promise<void> {
  await d.body({ bodyId: 'demo-standing', name: '沿河县人大常委会', kind: 'standing_committee', level: 'county', term: 18, convener: null, parentBodyId: 'demo-county' }, members('s', 9));
  await d.run(
    'demo-standing',
    { type: 'OpenSupervision', supervisionId: 'sv-sewer', year: 2026, title: '城区污水管网改造', unit: '县住建局' },
    { type: 'RegisterAppointee', appointee: { appointeeId: 'ap-zhao', name: '赵敏', post: '副院长', unit: '县人民法院', appointedOn: '2023-03-01', organ: '县人民法院' } },
    { type: 'RegisterAppointee', appointee: { appointeeId: 'ap-qian', name: '钱进', post: '审判委员会委员', unit: '县人民法院', appointedOn: '2024-06-15', organ: '县人民法院' } },
    { type: 'RegisterAppointee', appointee: { appointeeId: 'ap-sun', name: '孙丽', post: '庭长', unit: '县人民法院', appointedOn: '2025-01-10', organ: '县人民法院' } },
    { type: 'OpenSpecialInquiry', inquiryId: 'iq-edu', year: 2026, title: '关于义务教育均衡发展的专题询问' },
  );
  const phases = [
    ['demo-standing-20', 20, 'start', '年初问安排'],
    ['demo-standing-21', 21, 'mid', '年中问进度'],
  ] as const;
  for (const [meetingId, sessionNo, phase, title] of phases) {
    await d.meeting('demo-standing', meetingId, `沿河县第十八届人大常委会第${sessionNo}次会议`, sessionNo, 2026, [
      { itemId: `sv-${phase}`, from: 'inquiry', title: `${title}：城区污水管网改造`, supervisionId: 'sv-sewer', phase },
    ]);
    await d.run('demo-standing', { type: 'RecordInquiry', supervisionId: 'sv-sewer', phase, meetingId, itemId: `sv-${phase}`, report: `县住建局关于城区污水管网改造${title}的报告` });
  }
  await d.run(
    'demo-standing',
    { type: 'QueueQuestion', inquiryId: 'iq-edu', questionId: 'qq-1', memberId: 's02', text: '农村学校教师流失问题如何解决？' },
    { type: 'GrantQuestion', inquiryId: 'iq-edu', questionId: 'qq-1' },
    { type: 'RecordAnswer', inquiryId: 'iq-edu', questionId: 'qq-1', answer: '今年起实施乡村教师生活补助，并推进县管校聘。', answeredBy: '县教育局局长' },
    { type: 'QueueQuestion', inquiryId: 'iq-edu', questionId: 'qq-2', memberId: 's05', text: '城区学校大班额何时消除？' },
  );
  // The 履职情况报告 are filed with their text before the year-end meeting is made, so its
  // report and rating items carry them as documents the members read on their tablets.
  const posts: Record<string, string> = { 'ap-zhao': '赵敏', 'ap-qian': '钱进', 'ap-sun': '孙丽' };
  for (const [id, name] of Object.entries(posts)) {
    await d.run('demo-standing', {
      type: 'FileAppointeeReport',
      appointeeId: id,
      year: 2026,
      title: '2026年履职情况报告',
      ref: `archive/2026/${id}.pdf`,
      text: `${name}同志2026年履职情况报告\n\n一、依法履职情况\n本年度认真履行法定职责，按期办结案件，审判质效稳步提升。\n\n二、廉洁自律情况\n严格遵守廉洁从政各项规定。\n\n三、存在的不足和改进措施\n调查研究还不够深入，下一步将加强学习、改进作风。`,
    });
  }
  await d.meeting('demo-standing', 'demo-standing-22', '沿河县第十八届人大常委会第二十二次会议', 22, 2026, [
    { itemId: 'sv-end', from: 'inquiry', title: '年末问效果：城区污水管网改造', supervisionId: 'sv-sewer', phase: 'end' },
    { itemId: 'reports', from: 'appointee_reports', title: '县人民法院任命人员履职情况报告', organ: '县人民法院' },
    { itemId: 'rate-sv', from: 'rating', title: '三问一评满意度测评', year: 2026, source: 'supervision' },
    { itemId: 'rate-ap', from: 'rating', title: '任命人员述职测评', year: 2026, source: 'appointees', organ: '县人民法院' },
  ]);
  await d.run('demo-standing', { type: 'RecordInquiry', supervisionId: 'sv-sewer', phase: 'end', meetingId: 'demo-standing-22', itemId: 'sv-end', report: '县住建局关于城区污水管网改造效果的报告' });
  await d.sit('demo-standing-22');
  // 9 members: 满意 2, 基本满意 2, 不满意 5 → 不满意 → 整改 follow-up (R5.5).
  const sv = ['satisfied', 'satisfied', 'basically_satisfied', 'basically_satisfied', 'unsatisfied', 'unsatisfied', 'unsatisfied', 'unsatisfied', 'unsatisfied'];
  await d.vote('demo-standing-22', 'rate-sv', (i) => ({ marks: { 'sv-sewer': sv[i] } }));
  await d.vote('demo-standing-22', 'rate-ap', (i) => ({ marks: { 'ap-zhao': 'satisfied', 'ap-qian': i < 5 ? 'satisfied' : 'basically_satisfied', 'ap-sun': i < 4 ? 'satisfied' : 'basically_satisfied' } }));
  await d.records('demo-standing', 'demo-standing-22');
}

async function streetSecondMeeting(d: DemoYear): Promise<void> {
  // The street congress's second regular meeting of 2026 is prepared (R6.2: twice a year).
  await d.meeting('demo-street', 'demo-street-3', '城关街道第二届议政代表大会第二次会议', 2, 2026, [
    { itemId: 'presidium', from: 'presidium', title: '选举大会主席团', names: ['王建国', '李秀英', '张明'] },
    { itemId: 'report', from: 'plain', title: '2026年街道民生实事项目实施情况报告', kind: 'report' },
  ]);
}

/** Makes the demo year once (skipped when the demo bodies exist). */
export async function createDemoYear(app: App, logger: Logger): Promise<void> {
  try {
    if (await app.bodies.state('demo-county')) return;
    const d = new DemoYear(app, logger);
    await streetCongress(d);
    await countyCongress(d, app);
    await townshipCongress(d);
    await standingCommittee(d);
    await streetSecondMeeting(d);
    logger.info('demo year created', { bodies: DEMO_YEAR_BODY_IDS.length });
  } catch (err) {
    logger.warn('demo year could not be created; the demo meetings still run', { err: String(err) });
  }
}
