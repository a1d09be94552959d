// Worked examples of the body registry (issue 12): quotas (R6.3), the special fund's budget
// check, ONE decision merged after a tie re-vote (R4.5, R4.7), 不满意 → 整改 follow-up (R5.5),
// 不满意 on a reply → handled again (R5.8), the street congress's meetings due (R6.2).
import { describe, expect, it } from 'vitest';
import type { Actor } from '../meeting';
import { countSlate, tallySlatePapers, type SlateSpec } from '../ballots/slate';
import type { BodyEvent, BodyInfo, BodyMember, BodyState } from './body';
import { decideBody, decideCreateBody, type BodyCommand } from './decide';
import { decisionText, mergeSlateChain, type SlateLink } from './decision';
import { evolveBody, foldBody } from './evolve';
import { harvestMeeting } from './harvest';
import { buildAgenda, reportDocuments } from './agenda';
import { checkQuotas } from './quotas';
import { regularMeetingsDue } from './street';

const STAFF: Actor = { role: 'secretariat', name: '办公室 王芳' };
/** 2027-01-15 10:00 Beijing. */
const T0 = Date.UTC(2027, 0, 15, 2, 0, 0);
const DAY = 86_400_000;
const YUAN = 100;

function create(info: Partial<BodyInfo> = {}): BodyState {
  const decided = decideCreateBody(
    {
      type: 'CreateBody',
      info: { bodyId: 'county', name: '沿河县人民代表大会', kind: 'congress', level: 'county', term: 18, convener: null, parentBodyId: null, ...info },
    },
    { actor: STAFF, now: T0 },
  );
  if (!decided.ok) throw new Error(decided.message);
  const state = foldBody(decided.events);
  if (!state) throw new Error('no state');
  return state;
}

function run(state: BodyState, command: BodyCommand, now = T0): { state: BodyState; events: BodyEvent[] } {
  const decided = decideBody(state, command, { actor: STAFF, now });
  if (!decided.ok) throw new Error(`${decided.code}: ${decided.message}`);
  return { state: decided.events.reduce(evolveBody, state), events: decided.events };
}

function refused(state: BodyState, command: BodyCommand, now = T0): string {
  const decided = decideBody(state, command, { actor: STAFF, now });
  if (decided.ok) throw new Error('accepted');
  return decided.code;
}

function members(spec: Record<string, number>): BodyMember[] {
  let n = 0;
  return Object.entries(spec).flatMap(([category, count]) =>
    Array.from({ length: count }, () => {
      n++;
      return { memberId: `m${n}`, seatNo: `${n}号`, name: `成员${n}`, group: '', category };
    }),
  );
}

describe('R6.3 street congress quotas from the standing committee decision', () => {
  const street = () =>
    create({ bodyId: 'street', name: '城关街道议政代表大会', kind: 'street_congress', level: 'street', convener: '沿河县人大城关街道工委' });
  const decision = { decidedBy: '沿河县人大常委会', reference: '沿人常发〔2026〕3号', quotas: [{ category: '人大代表', count: 5 }, { category: '政协委员', count: 3 }, { category: '居民代表', count: 12 }] };

  it('5/2/12 against 5/3/12: accepted with one vacancy; 5/2/13: refused, 居民代表 over by one', () => {
    const s = run(street(), { type: 'SetQuotas', decision }).state;
    const fits = members({ 人大代表: 5, 政协委员: 2, 居民代表: 12 });
    expect(checkQuotas(fits, decision)).toMatchObject({ vacancies: 1, problems: [], rows: [{ actual: 5, difference: 0 }, { actual: 2, difference: -1 }, { actual: 12, difference: 0 }] });
    expect(run(s, { type: 'SetRoster', members: fits }).state.roster).toHaveLength(19);
    expect(refused(s, { type: 'SetRoster', members: members({ 人大代表: 5, 政协委员: 2, 居民代表: 13 }) })).toBe('QUOTA_EXCEEDED');
    expect(checkQuotas(members({ 居民代表: 13 }), decision).problems).toEqual(['居民代表13人，超过名额12人']);
  });

  it('a member of a type the decision does not name is refused; a street congress needs its 街道工委 (R6.1)', () => {
    const s = run(street(), { type: 'SetQuotas', decision }).state;
    expect(refused(s, { type: 'SetRoster', members: members({ 企业代表: 1 }) })).toBe('QUOTA_EXCEEDED');
    expect(decideCreateBody({ type: 'CreateBody', info: { ...street().info, convener: null } }, { actor: STAFF, now: T0 })).toMatchObject({ ok: false });
  });

  it('R6.2: two regular meetings a year; the first is due in June, overdue after; the second due in December', () => {
    let s = run(street(), { type: 'SetRoster', members: members({ 居民代表: 3 }) }).state;
    const june10 = Date.UTC(2027, 5, 10, 2);
    const none = () => false;
    expect(regularMeetingsDue(s, Date.UTC(2027, 2, 1, 2), none)).toMatchObject({ expected: 2, held: 0, next: { no: 1, dueBy: '2027-06-30', status: 'upcoming' } });
    expect(regularMeetingsDue(s, june10, none).next).toMatchObject({ status: 'due' });
    expect(regularMeetingsDue(s, Date.UTC(2027, 6, 2, 2), none).next).toMatchObject({ status: 'overdue' });
    s = run(s, { type: 'LinkMeeting', meeting: { meetingId: 'st-1', sessionNo: 1, year: 2027, title: '第一次会议', regular: true, items: [] } }, june10).state;
    expect(s.meetings[0]).toMatchObject({ convenedBy: '沿河县人大城关街道工委' });
    // Made but never sat (still prepared on 2 July): the first meeting is still owed, overdue.
    expect(regularMeetingsDue(s, Date.UTC(2027, 6, 2, 2), none)).toMatchObject({ held: 0, next: { no: 1, dueBy: '2027-06-30', status: 'overdue' } });
    // Its session opened: one held, the second due by the end of December.
    const sat = (id: string) => id === 'st-1';
    expect(regularMeetingsDue(s, Date.UTC(2027, 6, 2, 2), sat)).toMatchObject({ held: 1, next: { no: 2, dueBy: '2027-12-31', status: 'upcoming' } });
    // An extra (临时) meeting that sat does not count as a regular one.
    s = run(s, { type: 'LinkMeeting', meeting: { meetingId: 'st-x', sessionNo: 2, year: 2027, title: '临时会议', regular: false, items: [] } }, june10).state;
    expect(regularMeetingsDue(s, Date.UTC(2027, 6, 2, 2), () => true)).toMatchObject({ held: 1 });
  });
});

describe('special fund: allocations never exceed the fund', () => {
  it('3,000,000 yuan: 1,200,000 + 1,000,000 fit; 900,000 more is 100,000 over; 800,000 fits exactly', () => {
    let s = run(create(), { type: 'SetRoster', members: members({ 代表: 3 }) }).state;
    for (const id of ['g1', 'g2', 'g3', 'g4']) {
      s = run(s, { type: 'SubmitSuggestion', suggestionId: id, year: 2027, memberId: 'm1', title: `建议${id}`, content: '…', category: '城建', coSigners: [], via: 'console' }).state;
    }
    s = run(s, { type: 'SetFund', year: 2027, fundFen: 3_000_000 * YUAN }).state;
    s = run(s, {
      type: 'AllocateFund',
      year: 2027,
      allocations: [
        { allocationId: 'a1', suggestionId: 'g1', amountFen: 1_200_000 * YUAN },
        { allocationId: 'a2', suggestionId: 'g2', amountFen: 1_000_000 * YUAN },
      ],
    }).state;
    const over = decideBody(s, { type: 'AllocateFund', year: 2027, allocations: [{ allocationId: 'a3', suggestionId: 'g3', amountFen: 900_000 * YUAN }] }, { actor: STAFF, now: T0 });
    expect(over).toMatchObject({ ok: false, code: 'FUND_EXCEEDED', details: { allocatedFen: 2_200_000 * YUAN, requestedFen: 900_000 * YUAN, remainingFen: -100_000 * YUAN } });
    s = run(s, { type: 'AllocateFund', year: 2027, allocations: [{ allocationId: 'a3', suggestionId: 'g3', amountFen: 800_000 * YUAN }] }).state;
    expect(s.funds.get('2027')?.allocations.map((a) => a.amountFen)).toEqual([120_000_000, 100_000_000, 80_000_000]);
    // A smaller fund than what is already allocated is refused, not silently over.
    expect(refused(s, { type: 'SetFund', year: 2027, fundFen: 2_999_999 * YUAN })).toBe('FUND_EXCEEDED');
  });
});

/** 10 delegates, 5 projects, 3 places; each paper ≤ 3 赞成 (R4.3). */
const PROJECTS = ['p1', 'p2', 'p3', 'p4', 'p5'];
function slateSpec(ids: string[], places: number, rule: 'top_k_with_majority' | 'top_k_only'): SlateSpec {
  return {
    places,
    projects: ids.map((projectId) => ({ projectId, title: `项目${projectId}`, sponsorUnit: '县住建局', budgetFen: 1_000_000 * YUAN, summary: '' })),
    settings: { form: 'per_project', rule, capYesAtPlaces: true },
    year: 2027,
  };
}
function papers(yesByPaper: string[][]): unknown[] {
  return yesByPaper.map((ids) => ({ marks: Object.fromEntries(ids.map((id) => [id, 'yes'])) }));
}

describe('R4.5 + R4.7: one decision per year, merged after a tie re-vote', () => {
  // 赞成: p1 8, p2 6, p3 6, p4 6, p5 2. More than half of 10 is 6: p1..p4 qualify; p1 takes
  // place 1, p2/p3/p4 tie for the last 2 places → re-vote among them (top K only).
  const first = papers([
    ['p1', 'p2', 'p4'], ['p1', 'p2', 'p4'], ['p1', 'p2', 'p4'], ['p1', 'p2'],
    ['p1', 'p3', 'p4'], ['p1', 'p3', 'p4'], ['p1', 'p3', 'p4'], ['p1', 'p3'],
    ['p2', 'p3', 'p5'], ['p2', 'p3', 'p5'],
  ]);
  // Re-vote: p3 8, p2 6, p4 3.
  const second = papers([
    ['p3', 'p2'], ['p3', 'p2'], ['p3', 'p2'], ['p3', 'p2'], ['p3', 'p2'], ['p3', 'p2'],
    ['p3', 'p4'], ['p3', 'p4'], ['p4'], [],
  ]);
  const spec1 = slateSpec(PROJECTS, 3, 'top_k_with_majority');
  const spec2 = slateSpec(['p2', 'p3', 'p4'], 2, 'top_k_only');
  const r1 = countSlate(spec1, tallySlatePapers(spec1, first), { total: 10, present: 10 });
  const r2 = countSlate(spec2, tallySlatePapers(spec2, second), { total: 10, present: 10 });
  const closed1 = T0 + 3600_000;
  const closed2 = T0 + 5400_000;
  const links: SlateLink[] = [
    { ballotId: 'b1', followUpOf: null, closedAt: closed1, result: r1 },
    { ballotId: 'b2', followUpOf: 'b1', closedAt: closed2, result: r2 },
  ];

  it('the counts: p1 adopted, p2/p3/p4 tied for 2 places; the re-vote adopts p3 then p2', () => {
    expect(r1).toMatchObject({ outcome: 'tie_revote', adopted: ['p1'], tieRevote: { projectIds: ['p2', 'p3', 'p4'], places: 2 } });
    expect(r1.projects.map((p) => p.yes)).toEqual([8, 6, 6, 6, 2]);
    expect(r2).toMatchObject({ outcome: 'filled', adopted: ['p3', 'p2'] });
  });

  it('merged: p1, p3, p2 in one decision, passed when the re-vote closed; before the re-vote nothing is decided', () => {
    expect(mergeSlateChain(links, 'b1')).toEqual({ ok: true, ballotIds: ['b1', 'b2'], adopted: ['p1', 'p3', 'p2'], passedAt: closed2 });
    expect(mergeSlateChain(links.slice(0, 1), 'b1')).toMatchObject({ ok: false, pending: true });
  });

  it('harvest → ONE 决定 with 通过 date, 议案, 经无记名投票表决, supervision and 测评 clause, and no per-project counts', () => {
    let s = run(create(), { type: 'SetRoster', members: members({ 代表: 10 }) }).state;
    for (const [i, id] of PROJECTS.entries()) {
      s = run(s, {
        type: 'CollectProject',
        project: { projectId: id, year: 2027, title: `项目${id}`, sponsorUnit: '县住建局', budgetFen: 1_000_000 * YUAN, summary: '', source: i === 4 ? 'public' : 'department', sourceRef: null, forwardedFrom: null },
      }).state;
      s = run(s, { type: 'ScreenProject', projectId: id, accept: true, reason: null }).state;
      s = run(s, { type: 'SubmitProject', projectId: id, accept: true, reason: null }).state;
    }
    const built = buildAgenda(s, [{ itemId: 'slate', from: 'slate', title: '2027年民生实事项目票决', year: 2027, places: 3, motionTitle: '关于提请审议2027年民生实事候选项目的议案' }]);
    if (!built.ok) throw new Error(built.message);
    // The slate's list is the pool's submitted projects, with the pool's ids (R4.8).
    expect(built.agenda[0]?.ballot).toMatchObject({ kind: 'slate', slate: { places: 3, year: 2027, projects: PROJECTS.map((projectId) => ({ projectId })) } });
    s = run(s, { type: 'LinkMeeting', meeting: { meetingId: 'cong-3', sessionNo: 3, year: 2027, title: '沿河县第十八届人民代表大会第三次会议', regular: true, items: built.purposes } }).state;

    const ballot = (ballotId: string, spec: SlateSpec, result: typeof r1, closedAt: number, followUpOf: string | null) => ({
      ballotId,
      itemId: 'slate',
      spec: { kind: 'slate' as const, ballotId, itemId: 'slate', title: 't', secrecy: 'anonymous' as const, durationSec: null, rerunOf: null, slate: spec, followUpOf: followUpOf ? { ballotId: followUpOf, reason: 'tie_revote' as const } : null },
      result,
      closedAt,
    });
    const facts = (ballots: ReturnType<typeof ballot>[]) => ({ meetingId: 'cong-3', title: '沿河县第十八届人民代表大会第三次会议', ballots });
    // Only the first vote published: nothing recorded, the tie is pending.
    const early = harvestMeeting(s, facts([ballot('b1', spec1, r1, closed1, null)]), () => 'fu');
    expect(early.commands).toEqual([]);
    expect(early.pending[0]).toContain('并列');
    const harvest = harvestMeeting(s, facts([ballot('b1', spec1, r1, closed1, null), ballot('b2', spec2, r2, closed2, 'b1')]), () => 'fu');
    expect(harvest.commands).toHaveLength(1);
    s = run(s, harvest.commands[0]!).state;
    const decision = s.decisions.get('2027')!;
    expect(decision).toMatchObject({ adopted: ['p1', 'p3', 'p2'], ballotIds: ['b1', 'b2'], passedAt: closed2 });
    expect(PROJECTS.map((id) => s.projects.get(id)?.adopted)).toEqual([true, true, true, false, false]);

    const { title, text } = decisionText(s.info, decision, (id) => s.projects.get(id));
    expect(title).toBe('沿河县第十八届人民代表大会第三次会议关于2027年民生实事项目的决定');
    expect(text).toContain('（2027年1月15日沿河县第十八届人民代表大会第三次会议通过）');
    expect(text).toContain('审议了沿河县人民政府提请的《关于提请审议2027年民生实事候选项目的议案》，经无记名投票表决，决定以下3个项目为2027年民生实事项目：');
    expect(text).toContain('一、项目p1（实施单位：县住建局；预算100万元）\n二、项目p3（实施单位：县住建局；预算100万元）\n三、项目p2');
    expect(text).toContain('沿河县人民代表大会常务委员会要加强对项目实施情况的监督，年底组织代表对项目实施情况进行满意度测评');
    expect(text).not.toMatch(/赞成|票数|\d+票/);
    // Still one decision: harvesting again, or a second decision for 2027, is refused.
    expect(harvestMeeting(s, facts([ballot('b1', spec1, r1, closed1, null), ballot('b2', spec2, r2, closed2, 'b1')]), () => 'fu').commands).toEqual([]);
    expect(refused(s, { type: 'DecideProjects', decision: { ...decision, ballotIds: ['b9'] } })).toBe('DUPLICATE_RECORD');

    // R4.8: the year-end rating's subjects are the adopted projects, by their pool ids.
    const rating = buildAgenda(s, [{ itemId: 'rate', from: 'rating', title: '2027年民生实事项目满意度测评', year: 2027, source: 'projects' }]);
    expect(rating.ok && rating.agenda[0]?.ballot).toMatchObject({ kind: 'rating', rating: { subjects: [{ subjectId: 'p1', projectId: 'p1' }, { subjectId: 'p3' }, { subjectId: 'p2' }] } });
    // A rating of a project the decision did not adopt is refused (checked ids).
    expect(refused(s, { type: 'RecordRating', meetingId: 'cong-3', ballotId: 'r1', year: 2027, followUpIds: {}, subjects: [{ target: 'project', id: 'p4', tier: 'satisfied', satisfied: 1, basically_satisfied: 0, unsatisfied: 0, blank: 0, validPapers: 1 }] })).toBe('UNKNOWN_RECORD');
  });

  it('a street congress recommends: 建议/推荐 wording, never 决定 or 决议 (R6.1)', () => {
    const info: BodyInfo = { bodyId: 'st', name: '城关街道议政代表大会', kind: 'street_congress', level: 'street', term: 2, convener: '城关街道工委', parentBodyId: null };
    const { title, text } = decisionText(
      info,
      { year: 2027, meetingId: 'x', ballotIds: ['b'], adopted: ['p1'], passedAt: T0, motionTitle: '2027年街道民生实事候选项目', sessionTitle: '城关街道第二届议政代表大会第一次会议' },
      () => ({ projectId: 'p1', title: '老旧小区加装电梯', sponsorUnit: '街道办', budgetFen: 35_000 * YUAN } as never),
    );
    expect(title).toBe('城关街道第二届议政代表大会第一次会议关于推荐2027年民生实事项目的建议');
    expect(text).toContain('推荐以下1个项目');
    expect(text).toContain('建议城关街道办事处');
    expect(`${title}${text}`).not.toMatch(/决定|决议/);
  });
});

describe('R5.5 三问一评: three inquiries in order, 不满意 opens a 整改 follow-up with a deadline', () => {
  it('年初 → 年中 → 年末; rated 不满意 (2/3/6 of 11) → follow-up due in 60 days; reported later', () => {
    let s = create({ bodyId: 'sc', name: '沿河县人大常委会', kind: 'standing_committee' });
    s = run(s, { type: 'SetRoster', members: members({ 委员: 11 }) }).state;
    s = run(s, { type: 'OpenSupervision', supervisionId: 'sv1', year: 2027, title: '城区污水管网改造', unit: '县住建局' }).state;
    expect(refused(s, { type: 'RecordInquiry', supervisionId: 'sv1', phase: 'mid', meetingId: null, itemId: null, report: '…' })).toBe('WRONG_STATUS');
    for (const phase of ['start', 'mid', 'end'] as const) s = run(s, { type: 'RecordInquiry', supervisionId: 'sv1', phase, meetingId: null, itemId: null, report: `${phase}报告` }).state;
    s = run(s, { type: 'LinkMeeting', meeting: { meetingId: 'sc-12', sessionNo: 12, year: 2027, title: '第十二次会议', regular: true, items: [{ itemId: 'r', purpose: 'rating', year: 2027, source: 'supervision' }] } }).state;
    const rated = run(s, {
      type: 'RecordRating',
      meetingId: 'sc-12',
      ballotId: 'rb',
      year: 2027,
      subjects: [{ target: 'supervision', id: 'sv1', tier: 'unsatisfied', satisfied: 2, basically_satisfied: 3, unsatisfied: 6, blank: 0, validPapers: 11 }],
      followUpIds: { sv1: 'fu1' },
    });
    expect(rated.events.map((e) => e.type)).toEqual(['RatingRecorded', 'FollowUpOpened']);
    s = rated.state;
    const item = s.supervision.get('sv1')!;
    expect(item.inquiries.map((q) => q.phase)).toEqual(['start', 'mid', 'end']);
    expect(item.ratings[0]).toMatchObject({ tier: 'unsatisfied', satisfied: 2, unsatisfied: 6 });
    expect(item.followUps[0]).toMatchObject({ followUpId: 'fu1', status: 'open', deadline: T0 + 60 * DAY });
    expect(item.followUps[0]?.reason).toContain('满意2、基本满意3、不满意6');
    // The follow-up goes on a later agenda and is reported.
    const later = buildAgenda(s, [{ itemId: 'fu', from: 'follow_up', title: '整改情况报告', supervisionId: 'sv1', followUpId: 'fu1' }]);
    expect(later).toMatchObject({ ok: true, purposes: [{ purpose: 'follow_up', followUpId: 'fu1' }] });
    s = run(s, { type: 'ReportFollowUp', supervisionId: 'sv1', followUpId: 'fu1', report: '已整改' }).state;
    expect(s.supervision.get('sv1')?.followUps[0]).toMatchObject({ status: 'reported', report: '已整改' });
    // 满意 opens nothing.
    const ok = decideBody(s, { type: 'RecordRating', meetingId: 'sc-12', ballotId: 'rb2', year: 2027, followUpIds: {}, subjects: [{ target: 'supervision', id: 'sv1', tier: 'satisfied', satisfied: 9, basically_satisfied: 2, unsatisfied: 0, blank: 0, validPapers: 11 }] }, { actor: STAFF, now: T0 });
    expect(ok.ok && ok.events.map((e) => e.type)).toEqual(['RatingRecorded']);
  });
});

describe('R5.8 代表建议: assigned, replied, rated; 不满意 sends it back', () => {
  it('不满意 → rehandling with a deadline 60 days on; the second reply rated 满意 closes it; only the author rates', () => {
    let s = run(create(), { type: 'SetRoster', members: members({ 代表: 3 }) }).state;
    s = run(s, { type: 'SubmitSuggestion', suggestionId: 'g1', year: 2027, memberId: 'm1', title: '关于增设公交站点的建议', content: '…', category: '交通', coSigners: ['m2', 'm1'], via: 'tablet' }).state;
    expect(s.suggestions.get('g1')).toMatchObject({ coSigners: ['m2'], status: 'submitted', name: '成员1' });
    expect(refused(s, { type: 'SubmitSuggestion', suggestionId: 'g2', year: 2027, memberId: 'm1', title: 't', content: 'c', category: 'x', coSigners: ['constructor'], via: 'tablet' })).toBe('UNKNOWN_RECORD');
    expect(refused(s, { type: 'RateReply', suggestionId: 'g1', memberId: 'm1', rating: 'satisfied' })).toBe('WRONG_STATUS');
    s = run(s, { type: 'AssignSuggestion', suggestionId: 'g1', handlingUnit: '县交通运输局', deadline: T0 + 90 * DAY }).state;
    s = run(s, { type: 'ReplySuggestion', suggestionId: 'g1', text: '已列入明年计划' }).state;
    expect(refused(s, { type: 'RateReply', suggestionId: 'g1', memberId: 'm2', rating: 'satisfied' })).toBe('UNKNOWN_RECORD');
    const later = T0 + 100 * DAY;
    s = run(s, { type: 'RateReply', suggestionId: 'g1', memberId: 'm1', rating: 'unsatisfied' }, later).state;
    expect(s.suggestions.get('g1')).toMatchObject({ status: 'rehandling', deadline: later + 60 * DAY });
    s = run(s, { type: 'ReplySuggestion', suggestionId: 'g1', text: '已增设两处站点' }).state;
    s = run(s, { type: 'RateReply', suggestionId: 'g1', memberId: 'm1', rating: 'satisfied' }).state;
    expect(s.suggestions.get('g1')).toMatchObject({ status: 'closed', ratings: [{ rating: 'unsatisfied' }, { rating: 'satisfied' }] });
    expect(s.suggestions.get('g1')?.replies).toHaveLength(2);
  });
});

describe('R4.1 pool statuses', () => {
  it('collected → screened → submitted; a rejection needs its reason and is kept', () => {
    let s = create();
    s = run(s, { type: 'CollectProject', project: { projectId: 'x', year: 2027, title: '项目', sponsorUnit: '县教育局', budgetFen: null, summary: '', source: 'delegate_suggestion', sourceRef: 'g1', forwardedFrom: null } }).state;
    expect(refused(s, { type: 'SubmitProject', projectId: 'x', accept: true, reason: null })).toBe('WRONG_STATUS');
    expect(refused(s, { type: 'ScreenProject', projectId: 'x', accept: false, reason: ' ' })).toBe('WRONG_STATUS');
    s = run(s, { type: 'ScreenProject', projectId: 'x', accept: false, reason: '不属于政府职责范围' }).state;
    expect(s.projects.get('x')).toMatchObject({ status: 'rejected', rejection: { reason: '不属于政府职责范围', by: '办公室 王芳' } });
    expect(refused(s, { type: 'ScreenProject', projectId: 'toString', accept: true, reason: null })).toBe('UNKNOWN_RECORD');
  });
});

describe('任命人员述职测评: the register\'s 履职情况报告 become documents of the agenda items', () => {
  it('two court appointees with 2027 texts and one without, one procuratorate appointee: 2 documents per court item, none for the other organ', () => {
    let s = create({ bodyId: 'standing', name: '沿河县人大常委会', kind: 'standing_committee' });
    const register = [
      ['ap-zhao', '赵敏', '副院长', '县人民法院'],
      ['ap-qian', '钱进', '审判员', '县人民法院'],
      ['ap-sun', '孙丽', '庭长', '县人民法院'],
      ['ap-li', '李强', '副检察长', '县人民检察院'],
    ] as const;
    for (const [appointeeId, name, post, organ] of register) {
      s = run(s, { type: 'RegisterAppointee', appointee: { appointeeId, name, post, unit: organ, appointedOn: '2025-03-01', organ } }).state;
    }
    const file = (appointeeId: string, year: number, text?: string) =>
      (s = run(s, { type: 'FileAppointeeReport', appointeeId, year, title: `${year}年履职情况报告`, ref: `archive/${appointeeId}-${year}.pdf`, text }).state);
    file('ap-zhao', 2026, '赵敏2026年报告');
    file('ap-zhao', 2027, '赵敏2027年报告');
    file('ap-qian', 2027);
    file('ap-sun', 2027, '孙丽2027年报告');
    file('ap-li', 2027, '李强2027年报告');
    const docs = reportDocuments(
      s,
      [
        { itemId: 'reports', from: 'appointee_reports', title: '县人民法院任命人员履职情况报告', organ: '县人民法院' },
        { itemId: 'rate', from: 'rating', title: '任命人员述职测评', year: 2027, source: 'appointees', organ: '县人民法院' },
        { itemId: 'rate-sv', from: 'rating', title: '三问一评满意度测评', year: 2027, source: 'supervision' },
      ],
      2027,
    );
    expect(docs).toEqual([
      { itemId: 'reports', title: '赵敏（副院长）2027年履职情况报告', text: '赵敏2027年报告' },
      { itemId: 'reports', title: '孙丽（庭长）2027年履职情况报告', text: '孙丽2027年报告' },
      { itemId: 'rate', title: '赵敏（副院长）2027年履职情况报告', text: '赵敏2027年报告' },
      { itemId: 'rate', title: '孙丽（庭长）2027年履职情况报告', text: '孙丽2027年报告' },
    ]);
    // The 2026 rating takes the 2026 report; a report filed again for a year replaces its text.
    file('ap-zhao', 2026, '赵敏2026年报告（修订）');
    expect(reportDocuments(s, [{ itemId: 'r', from: 'rating', title: 't', year: 2026, source: 'appointees' }], 2027)).toEqual([
      { itemId: 'r', title: '赵敏（副院长）2026年履职情况报告', text: '赵敏2026年报告（修订）' },
    ]);
  });
});
