// Issue 12 end to end over real HTTP and sockets: a year of a county congress, its standing
// committee and a street deliberative congress. Records are linked by id from the first
// proposal to the last rating: street recommendation → county pool → slate (ids from the pool)
// → tie re-vote → ONE decision → quarterly progress → year-end rating of the adopted projects;
// 三问一评 with 不满意 → 整改 follow-up on a later agenda; appointee ratings across two years;
// 专题询问 from a tablet; 代表建议 from a tablet, rated 不满意 and handled again; the special fund.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BallotResult } from '../../shared/domain/ballots/kinds';
import type { BodyView, DelegateYearView } from '../../shared/domain/year/views';
import type { BodyMeetingInput, CreateBodyInput } from '../../shared/protocol/year';
import { HttpClient } from '../support/http-client';
import { congressSpec, pairAll } from '../support/hall';
import { startTestServer, type TestServer } from '../support/test-server';
import { openYearHall, type YearHall } from '../year/year-hall';

const YUAN = 100;

type Reply = { ok: boolean; code?: string; message?: string; body?: BodyView; [k: string]: unknown };

function roster(prefix: string, count: number, categories?: string[]) {
  return Array.from({ length: count }, (_, i) => ({
    memberId: `${prefix}${String(i + 1).padStart(2, '0')}`,
    seatNo: `${i + 1}号`,
    name: `${prefix}成员${i + 1}`,
    group: '',
    category: categories?.[i] ?? null,
  }));
}

const marks = (ids: string[], option = 'yes') => ({ marks: Object.fromEntries(ids.map((id) => [id, option])) });

describe('a year in Biaojue: county congress, standing committee, street congress', () => {
  let server: TestServer;
  let http: HttpClient;
  let tokens: { secretariat: string; presidium: string };
  const halls: YearHall[] = [];

  async function call(method: string, path: string, body?: unknown, token = tokens.secretariat): Promise<{ status: number; body: Reply }> {
    return http.request<Reply>(method, path, body, token);
  }
  async function ok(method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
    const reply = await call(method, path, body, token);
    if (!reply.body.ok) throw new Error(`${method} ${path}: ${reply.status} ${reply.body.code} ${reply.body.message}`);
    return reply.body;
  }
  async function createBody(input: CreateBodyInput): Promise<void> {
    const reply = await call('POST', '/api/bodies', input);
    expect(reply.status).toBe(201);
  }
  async function meeting(bodyId: string, input: BodyMeetingInput): Promise<string> {
    const reply = await call('POST', `/api/bodies/${bodyId}/meetings`, input);
    if (reply.status !== 201) throw new Error(`meeting: ${JSON.stringify(reply.body)}`);
    return reply.body['meetingId'] as string;
  }
  async function hall(meetingId: string): Promise<YearHall> {
    const h = await openYearHall(server.baseUrl, http, tokens, meetingId);
    halls.push(h);
    return h;
  }
  async function records(bodyId: string, meetingId: string): Promise<Reply> {
    return ok('POST', `/api/bodies/${bodyId}/meetings/${meetingId}/records`, {}, tokens.presidium);
  }
  async function view(bodyId: string): Promise<BodyView> {
    return (await ok('GET', `/api/bodies/${bodyId}`)).body!;
  }
  async function pool(bodyId: string, projects: { projectId: string; source: string; title: string; budgetYuan: number }[]) {
    for (const p of projects) {
      await ok('POST', `/api/bodies/${bodyId}/projects`, { projectId: p.projectId, year: 2027, title: p.title, sponsorUnit: '县住建局', budgetFen: p.budgetYuan * YUAN, summary: '', source: p.source });
    }
  }
  async function advance(bodyId: string, projectId: string) {
    await ok('POST', `/api/bodies/${bodyId}/projects/${projectId}/screening`, { stage: 'screen', accept: true });
    await ok('POST', `/api/bodies/${bodyId}/projects/${projectId}/screening`, { stage: 'submit', accept: true });
  }

  beforeAll(async () => {
    server = await startTestServer();
    http = new HttpClient(server.baseUrl);
    tokens = { secretariat: await http.staffToken('secretariat'), presidium: await http.staffToken('presidium') };
    await createBody({ bodyId: 'county', name: '沿河县人民代表大会', kind: 'congress', level: 'county', term: 18 });
    await createBody({ bodyId: 'standing', name: '沿河县人大常委会', kind: 'standing_committee', level: 'county', term: 18, parentBodyId: 'county' });
    await createBody({
      bodyId: 'chengguan',
      name: '城关街道议政代表大会',
      kind: 'street_congress',
      level: 'street',
      term: 2,
      convener: '沿河县人大城关街道工委',
      parentBodyId: 'standing',
    });
    await ok('PUT', '/api/bodies/county/roster', { members: roster('c', 10) });
    await ok('PUT', '/api/bodies/standing/roster', { members: roster('s', 7) });
  });

  afterAll(async () => {
    for (const h of halls) h.close();
    await server?.close();
  });

  let countyProjectFromStreet = '';

  it('R6: the street congress — quotas, presidium list vote, projects recommended (建议) and forwarded to the county pool (双代会)', async () => {
    await ok('PUT', '/api/bodies/chengguan/quotas', {
      decidedBy: '沿河县人大常委会',
      reference: '沿人常发〔2026〕3号',
      quotas: [{ category: '人大代表', count: 2 }, { category: '政协委员', count: 1 }, { category: '居民代表', count: 3 }],
    });
    const types = ['人大代表', '人大代表', '政协委员', '居民代表', '居民代表', '居民代表'];
    const over = await call('PUT', '/api/bodies/chengguan/roster', { members: roster('j', 7, [...types, '居民代表']) });
    expect(over.body).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED' });
    const fitted = await ok('PUT', '/api/bodies/chengguan/roster', { members: roster('j', 6, types) });
    expect(fitted.body?.quotaCheck).toMatchObject({ problems: [], vacancies: 0 });

    await pool('chengguan', [
      { projectId: 'j-lift', source: 'public', title: '老旧小区加装电梯', budgetYuan: 350_000 },
      { projectId: 'j-light', source: 'department', title: '背街小巷路灯改造', budgetYuan: 120_000 },
      { projectId: 'j-park', source: 'public', title: '口袋公园建设', budgetYuan: 800_000 },
    ]);
    for (const id of ['j-lift', 'j-light', 'j-park']) await advance('chengguan', id);

    const meetingId = await meeting('chengguan', {
      title: '城关街道第二届议政代表大会第一次会议',
      sessionNo: 1,
      year: 2027,
      agenda: [
        { itemId: 'presidium', from: 'presidium', title: '选举大会主席团', names: ['张三', '李四', '王五'] },
        { itemId: 'slate', from: 'slate', title: '2027年街道民生实事项目票选', year: 2027, places: 2, motionTitle: '2027年城关街道民生实事候选项目' },
      ],
    });
    const h = await hall(meetingId);
    const presidium = await h.vote('presidium', () => ({ option: 'yes' }));
    expect(presidium.result).toMatchObject({ kind: 'list_vote', elected: ['张三', '李四', '王五'] });
    // 赞成: 加装电梯 6, 路灯 5, 公园 1; more than half of 6 is 4 → 电梯 and 路灯.
    const slate = await h.vote('slate', (_seat, i) => marks(i < 5 ? ['j-lift', 'j-light'] : ['j-lift', 'j-park']));
    expect(slate.result).toMatchObject({ kind: 'slate', outcome: 'filled', adopted: ['j-lift', 'j-light'] });

    const taken = await records('chengguan', meetingId);
    expect(taken['recorded']).toBe(2);
    const street = taken.body!;
    expect(street.meetings[0]).toMatchObject({ meetingId, convenedBy: '沿河县人大城关街道工委', presidium: ['张三', '李四', '王五'] });
    expect(street.decisions[0]?.title).toBe('城关街道第二届议政代表大会第一次会议关于推荐2027年民生实事项目的建议');
    expect(street.decisions[0]?.text).not.toMatch(/决定|决议/);
    expect(street.due).toMatchObject({ expected: 2 });

    const forwarded = await ok('POST', '/api/bodies/chengguan/projects/j-lift/forward', { toBodyId: 'county' });
    countyProjectFromStreet = forwarded['toProjectId'] as string;
    const county = await view('county');
    expect(county.projects.find((p) => p.projectId === countyProjectFromStreet)).toMatchObject({
      source: 'street_congress',
      forwardedFrom: { bodyId: 'chengguan', projectId: 'j-lift' },
      title: '老旧小区加装电梯',
    });
    // A project the street congress did not recommend is not forwarded.
    expect((await call('POST', '/api/bodies/chengguan/projects/j-park/forward', { toBodyId: 'county' })).body).toMatchObject({ code: 'WRONG_STATUS' });
  });

  let countyMeeting3 = '';
  let suggestionId = '';

  it('R4: the county pool → slate from the pool → tie re-vote → ONE decision; a suggestion from a tablet', async () => {
    await pool('county', [
      { projectId: 'c-water', source: 'department', title: '农村供水保障工程', budgetYuan: 12_000_000 },
      { projectId: 'c-school', source: 'delegate_suggestion', title: '乡镇寄宿制学校改造', budgetYuan: 8_000_000 },
      { projectId: 'c-clinic', source: 'public', title: '村卫生室标准化建设', budgetYuan: 3_000_000 },
      { projectId: 'c-stadium', source: 'department', title: '县体育场改造', budgetYuan: 50_000_000 },
    ]);
    for (const id of ['c-water', 'c-school', 'c-clinic', countyProjectFromStreet]) await advance('county', id);
    const rejected = await ok('POST', '/api/bodies/county/projects/c-stadium/screening', { stage: 'screen', accept: false, reason: '投资规模过大，不宜列入年度民生实事' });
    expect(rejected.body?.projects.find((p) => p.projectId === 'c-stadium')).toMatchObject({ status: 'rejected', rejection: { reason: '投资规模过大，不宜列入年度民生实事' } });
    expect((await call('POST', '/api/bodies/county/projects/c-stadium/screening', { stage: 'screen', accept: false })).body).toMatchObject({ code: 'WRONG_STATUS' });

    countyMeeting3 = await meeting('county', {
      title: '沿河县第十八届人民代表大会第三次会议',
      sessionNo: 3,
      year: 2027,
      agenda: [{ itemId: 'slate', from: 'slate', title: '2027年民生实事项目票决', year: 2027, places: 3, motionTitle: '关于提请审议2027年县级民生实事候选项目的议案' }],
    });
    const h = await hall(countyMeeting3);
    const fw = countyProjectFromStreet;
    // 赞成: 供水 8, 学校 6, 卫生室 6, 电梯 6 → 供水 in; three tie for 2 places (R4.5).
    const papers = [
      ['c-water', 'c-school', fw], ['c-water', 'c-school', fw], ['c-water', 'c-school', fw], ['c-water', 'c-school'],
      ['c-water', 'c-clinic', fw], ['c-water', 'c-clinic', fw], ['c-water', 'c-clinic', fw], ['c-water', 'c-clinic'],
      ['c-school', 'c-clinic'], ['c-school', 'c-clinic'],
    ];
    const first = await h.vote('slate', (_seat, i) => marks(papers[i]!));
    // The paper's list was the pool's submitted projects, with the pool's ids (R4.8); the rejected one was not on it.
    const slateSpec = h.tablets[0]!.views.latest?.ballotSpec;
    expect(slateSpec?.kind === 'slate' && slateSpec.slate.projects.map((p) => p.projectId).sort()).toEqual([fw, 'c-clinic', 'c-school', 'c-water'].sort());
    expect(first.result).toMatchObject({ outcome: 'tie_revote', adopted: ['c-water'], tieRevote: { places: 2 } });

    // Only the first vote published: nothing recorded, the decision waits for the re-vote.
    const early = await records('county', countyMeeting3);
    expect(early).toMatchObject({ recorded: 0 });
    expect((early['pending'] as string[])[0]).toContain('并列');

    // Re-vote: 卫生室 8, 学校 6, 电梯 3.
    const again = [
      ['c-clinic', 'c-school'], ['c-clinic', 'c-school'], ['c-clinic', 'c-school'], ['c-clinic', 'c-school'], ['c-clinic', 'c-school'], ['c-clinic', 'c-school'],
      ['c-clinic', fw], ['c-clinic', fw], [fw], [],
    ];
    const second = await h.followUp(first.ballotId, (_seat, i) => marks(again[i]!));
    expect(second.result).toMatchObject({ outcome: 'filled', adopted: ['c-clinic', 'c-school'] });

    // A delegate submits a suggestion from the tablet during the congress, with a co-signer.
    const tablet = h.tablets[0]!;
    const submitted = await http.request<{ ok: boolean; suggestionId: string; year: DelegateYearView }>(
      'POST',
      '/api/my/suggestions',
      { title: '关于增设城区公交站点的建议', content: '城北新区缺少公交站点，群众出行不便。', category: '交通', coSigners: ['c02'] },
      tablet.token,
    );
    expect(submitted.status).toBe(201);
    suggestionId = submitted.body.suggestionId;
    expect(submitted.body.year.suggestions).toEqual([expect.objectContaining({ suggestionId, coSigners: ['c02'], via: 'tablet', status: 'submitted' })]);

    const taken = await records('county', countyMeeting3);
    expect(taken['recorded']).toBe(1);
    const county = taken.body!;
    expect(county.decisions).toHaveLength(1);
    const decision = county.decisions[0]!;
    expect(decision).toMatchObject({ year: 2027, meetingId: countyMeeting3, ballotIds: [first.ballotId, second.ballotId], adopted: ['c-water', 'c-clinic', 'c-school'] });
    expect(decision.title).toBe('沿河县第十八届人民代表大会第三次会议关于2027年民生实事项目的决定');
    expect(decision.text).toContain('经无记名投票表决，决定以下3个项目为2027年民生实事项目');
    expect(decision.text).toContain('《关于提请审议2027年县级民生实事候选项目的议案》');
    expect(decision.text).toMatch(/（\d{4}年\d{1,2}月\d{1,2}日沿河县第十八届人民代表大会第三次会议通过）/);
    expect(decision.text).toContain('满意度测评');
    expect(decision.text).not.toMatch(/赞成|\d+票/);
    // Harvesting again records nothing new: still one decision.
    expect(await records('county', countyMeeting3)).toMatchObject({ recorded: 0 });
  });

  it('R4 implementation: quarterly progress visible to delegates; the special fund never exceeded; the reply rated 不满意 → handled again (R5.8)', async () => {
    for (const [quarter, percent, spent] of [[1, 20, 2_000_000], [2, 55, 6_000_000], [3, 80, 9_500_000], [4, 100, 11_800_000]] as const) {
      await ok('POST', '/api/bodies/county/projects/c-water/progress', {
        year: 2027,
        quarter,
        percent,
        spentFen: spent * YUAN,
        note: `第${quarter}季度`,
        documents: [{ title: '现场照片', ref: `photos/c-water-q${quarter}.jpg` }],
      });
    }
    expect((await call('POST', '/api/bodies/county/projects/c-stadium/progress', { year: 2027, quarter: 1, percent: 1, spentFen: 0 })).body).toMatchObject({ code: 'WRONG_STATUS' });
    const tablet = halls[1]!.tablets[0]!;
    const mine = await http.request<{ ok: boolean; year: DelegateYearView }>('GET', '/api/my/year', undefined, tablet.token);
    expect(mine.body.year.projects.map((p) => p.projectId)).toEqual(expect.arrayContaining(['c-water', 'c-clinic', 'c-school']));
    expect(mine.body.year.projects.find((p) => p.projectId === 'c-water')?.progress.map((r) => r.percent)).toEqual([20, 55, 80, 100]);
    // Another delegate does not see this delegate's suggestion.
    const other = await http.request<{ ok: boolean; year: DelegateYearView }>('GET', '/api/my/year', undefined, halls[1]!.tablets[5]!.token);
    expect(other.body.year.suggestions).toEqual([]);

    await ok('POST', `/api/bodies/county/suggestions/${suggestionId}/assign`, { handlingUnit: '县交通运输局', deadline: '2027-06-30' });
    await ok('POST', `/api/bodies/county/suggestions/${suggestionId}/reply`, { text: '已纳入明年计划。' });
    const rateUnsatisfied = await http.request<{ ok: boolean; year: DelegateYearView }>('POST', `/api/my/suggestions/${suggestionId}/rating`, { rating: 'unsatisfied' }, tablet.token);
    expect(rateUnsatisfied.body.year.suggestions[0]).toMatchObject({ status: 'rehandling' });
    await ok('POST', `/api/bodies/county/suggestions/${suggestionId}/reply`, { text: '已在城北新区增设站点两处。' });
    const rateSatisfied = await http.request<{ ok: boolean; year: DelegateYearView }>('POST', `/api/my/suggestions/${suggestionId}/rating`, { rating: 'satisfied' }, tablet.token);
    expect(rateSatisfied.body.year.suggestions[0]).toMatchObject({ status: 'closed', ratings: [{ rating: 'unsatisfied' }, { rating: 'satisfied' }] });
    // Another delegate cannot rate it; a hostile id names nothing.
    expect((await http.request('POST', `/api/my/suggestions/${suggestionId}/rating`, { rating: 'satisfied' }, halls[1]!.tablets[3]!.token)).status).toBe(404);
    expect((await http.request('POST', '/api/my/suggestions/constructor/rating', { rating: 'satisfied' }, tablet.token)).status).toBe(404);

    const console2 = (await ok('POST', '/api/bodies/county/suggestions', { memberId: 'c05', title: '关于修缮村道的建议', content: '村道破损。', category: '城建' }))['suggestionId'] as string;
    await ok('PUT', '/api/bodies/county/funds/2027', { fundFen: 3_000_000 * YUAN });
    await ok('POST', '/api/bodies/county/funds/2027/allocations', { allocations: [{ suggestionId, amountFen: 1_500_000 * YUAN }] });
    const over = await call('POST', '/api/bodies/county/funds/2027/allocations', { allocations: [{ suggestionId: console2, amountFen: 2_000_000 * YUAN }] });
    expect(over.body).toMatchObject({ ok: false, code: 'FUND_EXCEEDED', details: { remainingFen: -500_000 * YUAN } });
    const fitted = await ok('POST', '/api/bodies/county/funds/2027/allocations', { allocations: [{ suggestionId: console2, amountFen: 1_500_000 * YUAN }] });
    expect(fitted.body?.funds[0]?.allocations.map((a) => a.amountFen)).toEqual([150_000_000, 150_000_000]);
  });

  it('R4 implementation: a progress photo and a PDF uploaded, served to the body staff and its delegates only; bad magic bytes change nothing', async () => {
    const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d0d3a50000000049454e44ae426082', 'hex');
    const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const before = await ok('GET', '/api/bodies/county');
    const q1 = before.body!.projects.find((p) => p.projectId === 'c-water')!.progress[0]!;
    const upload = (content: Buffer, type: string, query: string, token = tokens.secretariat, reportId = q1.reportId) =>
      fetch(`${server.baseUrl}/api/bodies/county/projects/c-water/progress/${reportId}/attachments?${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body: new Uint8Array(content),
      });
    const photo = await upload(PNG, 'image/png', `title=${encodeURIComponent('水厂施工现场')}&fileName=${encodeURIComponent('../../现场.png')}`);
    expect(photo.status).toBe(201);
    const photoReply = (await photo.json()) as Reply & { docId: string };
    const pdf = await upload(PDF, 'application/octet-stream', `title=${encodeURIComponent('一季度验收报告')}&fileName=check.pdf`);
    expect(pdf.status).toBe(201);
    const pdfId = ((await pdf.json()) as { docId: string }).docId;
    const listed = photoReply.body!.projects.find((p) => p.projectId === 'c-water')!.progress[0]!.attachments;
    expect(listed).toEqual([expect.objectContaining({ docId: photoReply.docId, title: '水厂施工现场', kind: 'png', fileName: '现场.png', bytes: PNG.length })]);

    // HTML with a .png name and an image/png type: refused by its magic bytes, nothing changed.
    const version = (await ok('GET', '/api/bodies/county')).body!.version;
    const html = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'image/png', 'title=x&fileName=x.png');
    expect(html.status).toBe(409);
    expect(await html.json()).toMatchObject({ ok: false, code: 'INVALID_DOCUMENT' });
    expect((await ok('GET', '/api/bodies/county')).body!.version).toBe(version);
    // A JSON body, an unknown report, a hostile id, a delegate's token: refused, nothing changed.
    expect((await call('POST', `/api/bodies/county/projects/c-water/progress/${q1.reportId}/attachments?title=x`, { content: 'x' })).status).toBe(415);
    expect((await upload(PNG, 'image/png', 'title=x', tokens.secretariat, 'q-none')).status).toBe(404);
    expect((await upload(PNG, 'image/png', 'title=x', tokens.secretariat, 'constructor')).status).toBe(404);
    expect((await upload(PNG, 'image/png', 'title=x', halls[1]!.tablets[0]!.token)).status).toBe(403);
    expect((await ok('GET', '/api/bodies/county')).body!.version).toBe(version);

    const get = (path: string, token: string) => fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    // The body's staff and its own delegates read the bytes back, as uploaded.
    const staffGet = await get(`/api/bodies/county/projects/c-water/attachments/${photoReply.docId}`, tokens.secretariat);
    expect(staffGet.headers.get('content-type')).toBe('image/png');
    expect(staffGet.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('现场.png')}`);
    expect(Buffer.from(await staffGet.arrayBuffer()).equals(PNG)).toBe(true);
    const delegateGet = await get(`/api/my/projects/c-water/attachments/${pdfId}`, halls[1]!.tablets[0]!.token);
    expect(delegateGet.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await delegateGet.arrayBuffer()).equals(PDF)).toBe(true);
    const mine = await http.request<{ ok: boolean; year: DelegateYearView }>('GET', '/api/my/year', undefined, halls[1]!.tablets[0]!.token);
    expect(mine.body.year.projects.find((p) => p.projectId === 'c-water')!.progress[0]!.attachments?.map((a) => a.kind)).toEqual(['png', 'pdf']);
    // A delegate of another body (the street congress): its body has no such project.
    const stranger = await get(`/api/my/projects/c-water/attachments/${photoReply.docId}`, halls[0]!.tablets[0]!.token);
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toMatchObject({ ok: false, code: 'UNKNOWN_RECORD' });
    expect((await get(`/api/bodies/county/projects/c-water/attachments/${photoReply.docId}`, halls[0]!.tablets[0]!.token)).status).toBe(403);
    expect((await get('/api/my/projects/c-water/attachments/__proto__', halls[1]!.tablets[0]!.token)).status).toBe(400);
    expect((await get('/api/my/projects/constructor/attachments/toString', halls[1]!.tablets[0]!.token)).status).toBe(404);
  });

  it('R4.8: the year-end rating takes its subjects from the adopted projects (and the fund), results kept with each', async () => {
    const meetingId = await meeting('county', {
      title: '沿河县第十八届人民代表大会第四次会议',
      sessionNo: 4,
      year: 2027,
      agenda: [
        { itemId: 'rate-projects', from: 'rating', title: '2027年民生实事项目满意度测评', year: 2027, source: 'projects' },
        { itemId: 'rate-fund', from: 'rating', title: '代表建议专项资金项目评估验收', year: 2027, source: 'fund' },
      ],
    });
    const h = await hall(meetingId);
    const projects = await h.vote('rate-projects', () => ({ marks: { 'c-water': 'satisfied', 'c-clinic': 'basically_satisfied', 'c-school': 'unsatisfied' } }));
    const ratedIds = (projects.result as Extract<BallotResult, { kind: 'rating' }>).subjects.map((s) => s.projectId);
    expect(ratedIds).toEqual(['c-water', 'c-clinic', 'c-school']);
    await h.vote('rate-fund', (_s, i) => {
      const spec = h.tablets[0]!.views.latest?.ballotSpec;
      const ids = spec?.kind === 'rating' ? spec.rating.subjects.map((s) => s.subjectId) : [];
      return { marks: Object.fromEntries(ids.map((id) => [id, i < 6 ? 'satisfied' : 'basically_satisfied'])) };
    });
    const county = (await records('county', meetingId)).body!;
    const tiers = Object.fromEntries(county.projects.filter((p) => p.adopted).map((p) => [p.projectId, p.ratings.map((r) => r.tier)]));
    expect(tiers).toEqual({ 'c-water': ['satisfied'], 'c-clinic': ['basically_satisfied'], 'c-school': ['unsatisfied'] });
    expect(county.projects.find((p) => p.projectId === 'c-water')?.ratings[0]).toMatchObject({ meetingId, satisfied: 10, validPapers: 10 });
    expect(county.funds[0]?.allocations.map((a) => a.ratings[0]?.tier)).toEqual(['satisfied', 'satisfied']);
  });

  it('R5: 三问一评 over three standing-committee meetings, 不满意 → 整改 on a later agenda; appointees rated across two years; 专题询问 from a tablet', async () => {
    const sv = (await ok('POST', '/api/bodies/standing/supervision', { supervisionId: 'sv-sewer', year: 2027, title: '城区污水管网改造', unit: '县住建局' }))['supervisionId'];
    expect(sv).toBe('sv-sewer');
    await ok('POST', '/api/bodies/standing/appointees', { appointeeId: 'ap-zhao', name: '赵敏', post: '副院长', unit: '县人民法院', appointedOn: '2025-03-01', organ: '县人民法院' });
    await ok('POST', '/api/bodies/standing/appointees', { appointeeId: 'ap-qian', name: '钱进', post: '审判员', unit: '县人民法院', appointedOn: '2026-06-15', organ: '县人民法院' });
    await ok('POST', '/api/bodies/standing/inquiries', { inquiryId: 'iq-edu', year: 2027, title: '关于义务教育均衡发展的专题询问' });

    const phases = [
      { sessionNo: 1, phase: 'start', title: '年初问安排' },
      { sessionNo: 2, phase: 'mid', title: '年中问进度' },
    ] as const;
    for (const p of phases) {
      const meetingId = await meeting('standing', {
        title: `沿河县第十八届人大常委会第${p.sessionNo}次会议`,
        sessionNo: p.sessionNo,
        year: 2027,
        agenda: [
          { itemId: `sv-${p.phase}`, from: 'inquiry', title: `${p.title}：城区污水管网改造`, supervisionId: 'sv-sewer', phase: p.phase },
          ...(p.sessionNo === 2 ? [{ itemId: 'inquiry', from: 'special_inquiry' as const, title: '专题询问：义务教育均衡发展', inquiryId: 'iq-edu' }] : []),
        ],
      });
      await ok('POST', '/api/bodies/standing/supervision/sv-sewer/inquiries', { phase: p.phase, meetingId, itemId: `sv-${p.phase}`, report: `县住建局${p.title}的报告` });
      if (p.sessionNo === 2) {
        // A member queues a question from the tablet; the chair grants it; the answer is recorded.
        const [seat] = await pairAll(http, tokens.secretariat, meetingId);
        const queued = await http.request<{ ok: boolean; questionId: string }>('POST', '/api/my/inquiries/iq-edu/questions', { text: '农村学校教师流失问题如何解决？' }, seat!.token);
        expect(queued.status).toBe(201);
        await ok('POST', `/api/bodies/standing/inquiries/iq-edu/questions/${queued.body.questionId}/grant`, {}, tokens.presidium);
        const answered = await ok(
          'POST',
          `/api/bodies/standing/inquiries/iq-edu/questions/${queued.body.questionId}/answer`,
          { answer: '今年起实施乡村教师生活补助。', answeredBy: '县教育局局长' },
          tokens.presidium,
        );
        expect(answered.body?.inquiries[0]?.questions[0]).toMatchObject({ memberId: seat!.seatId, status: 'answered', answeredBy: '县教育局局长' });
      }
    }

    const yearEnd = await meeting('standing', {
      title: '沿河县第十八届人大常委会第三次会议',
      sessionNo: 3,
      year: 2027,
      agenda: [
        { itemId: 'sv-end', from: 'inquiry', title: '年末问效果：城区污水管网改造', supervisionId: 'sv-sewer', phase: 'end' },
        { itemId: 'reports', from: 'appointee_reports', title: '县人民法院任命人员履职情况报告', organ: '县人民法院' },
        { itemId: 'rate-sv', from: 'rating', title: '三问一评满意度测评', year: 2027, source: 'supervision' },
        { itemId: 'rate-ap', from: 'rating', title: '任命人员述职测评', year: 2027, source: 'appointees', organ: '县人民法院' },
      ],
    });
    await ok('POST', '/api/bodies/standing/supervision/sv-sewer/inquiries', { phase: 'end', meetingId: yearEnd, itemId: 'sv-end', report: '年末效果报告' });
    for (const id of ['ap-zhao', 'ap-qian']) await ok('POST', `/api/bodies/standing/appointees/${id}/reports`, { year: 2027, title: '2027年履职情况报告', ref: `docs/${id}-2027.pdf` });
    const h = await hall(yearEnd);
    // 7 members: 满意 2, 基本满意 1, 不满意 4 → neither 满意 nor 满意+基本满意 is more than half: 不满意 (R5.4).
    const sv7 = ['satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied', 'unsatisfied', 'unsatisfied', 'unsatisfied'];
    await h.vote('rate-sv', (_s, i) => ({ marks: { 'sv-sewer': sv7[i] } }));
    await h.vote('rate-ap', (_s, i) => ({ marks: { 'ap-zhao': 'satisfied', 'ap-qian': i < 4 ? 'satisfied' : 'basically_satisfied' } }));
    const standing = (await records('standing', yearEnd)).body!;
    const item = standing.supervision[0]!;
    expect(item.inquiries.map((q) => [q.phase, q.meetingId !== null])).toEqual([['start', true], ['mid', true], ['end', true]]);
    expect(item.ratings[0]).toMatchObject({ tier: 'unsatisfied', satisfied: 2, basically_satisfied: 1, unsatisfied: 4, meetingId: yearEnd });
    const followUp = item.followUps[0]!;
    expect(followUp).toMatchObject({ status: 'open' });
    expect(followUp.deadline - followUp.openedAt).toBe(60 * 86_400_000);

    // 2028: 赵敏's report is filed with its text, 钱进's without: the rating item made from the
    // register carries 赵敏's as a text document, readable on the meeting's tablets.
    const report2028 = '一、依法履职情况\n本年度主持审理案件312件……\n二、存在的不足\n……';
    await ok('POST', '/api/bodies/standing/appointees/ap-zhao/reports', { year: 2028, title: '2028年履职情况报告', ref: 'docs/ap-zhao-2028.pdf', text: report2028 });
    await ok('POST', '/api/bodies/standing/appointees/ap-qian/reports', { year: 2028, title: '2028年履职情况报告', ref: 'docs/ap-qian-2028.pdf' });
    expect((await call('POST', '/api/bodies/standing/appointees/ap-qian/reports', { year: 2028, title: 't', ref: 'r', text: 'a\u0007b' })).body).toMatchObject({ code: 'BAD_REQUEST' });
    // 2028: the 整改 report on a later agenda; the appointees rated again.
    const next = await meeting('standing', {
      title: '沿河县第十八届人大常委会第四次会议',
      sessionNo: 4,
      year: 2028,
      agenda: [
        { itemId: 'fu', from: 'follow_up', title: '城区污水管网改造整改情况报告', supervisionId: 'sv-sewer', followUpId: followUp.followUpId },
        { itemId: 'rate-ap', from: 'rating', title: '任命人员述职测评', year: 2028, source: 'appointees', organ: '县人民法院' },
      ],
    });
    await ok('POST', `/api/bodies/standing/supervision/sv-sewer/follow-ups/${followUp.followUpId}/report`, { report: '已完成管网清淤和破损修复。' });
    const h2 = await hall(next);
    const agendaItem = h2.tablets[0]!.views.latest?.agenda.find((a) => a.itemId === 'rate-ap');
    expect(agendaItem?.documents).toEqual([expect.objectContaining({ title: '赵敏（副院长）2028年履职情况报告', kind: 'text', bytes: Buffer.byteLength(report2028) })]);
    const docId = agendaItem!.documents![0]!.docId;
    const read = await fetch(`${server.baseUrl}/api/meetings/${next}/documents/${docId}`, { headers: { authorization: `Bearer ${h2.tablets[3]!.token}` } });
    expect(read.status).toBe(200);
    expect(await read.text()).toBe(report2028);
    await h2.vote('rate-ap', (_s, i) => ({ marks: { 'ap-zhao': i < 3 ? 'satisfied' : 'basically_satisfied', 'ap-qian': 'satisfied' } }));
    const after = (await records('standing', next)).body!;
    expect(after.supervision[0]?.followUps[0]).toMatchObject({ status: 'reported' });
    expect(after.meetings.find((m) => m.meetingId === next)?.items).toEqual([
      { itemId: 'fu', purpose: 'follow_up', supervisionId: 'sv-sewer', followUpId: followUp.followUpId },
      { itemId: 'rate-ap', purpose: 'rating', year: 2028, source: 'appointees' },
    ]);
    const byPerson = Object.fromEntries(after.appointees.map((a) => [a.name, a.ratings.map((r) => `${r.year}:${r.tier}`)]));
    // 钱进 2027: 满意 4 of 7 (> half) → 满意; 赵敏 2028: 满意 3, 基本满意 4 → 基本满意.
    expect(byPerson).toEqual({ 赵敏: ['2027:satisfied', '2028:basically_satisfied'], 钱进: ['2027:satisfied', '2028:satisfied'] });
  });

  it('bad input and strangers change nothing (invariant 6)', async () => {
    expect((await call('GET', '/api/bodies/constructor')).status).toBe(404);
    expect((await call('GET', '/api/bodies/__proto__')).body).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await call('POST', '/api/bodies/county/projects/toString/screening', { stage: 'screen', accept: true })).status).toBe(404);
    expect((await call('PUT', '/api/bodies/county/roster', { members: [{ memberId: 'x', seatNo: '1', name: 'x', extra: 1 }] })).body).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await call('POST', '/api/bodies/county/meetings', { title: 't', sessionNo: 3, year: 2027, agenda: [] })).body).toMatchObject({ code: 'DUPLICATE_RECORD' });
    // The presidium may take records but not write the pool; a delegate token reads no body.
    expect((await call('POST', '/api/bodies/county/projects', { year: 2027, title: 't', sponsorUnit: 'u', budgetFen: null, source: 'public' }, tokens.presidium)).status).toBe(403);
    expect((await call('GET', '/api/bodies/county', undefined, halls[1]!.tablets[0]!.token)).status).toBe(403);
    // A secretariat account assigned to no body sees none and reads none.
    await http.ensureAccount({ login: 'year-stranger', displayName: '其他乡镇秘书', roles: ['secretariat'], meetings: [], password: 'stranger-password-1234' });
    const stranger = (await http.login('year-stranger', 'stranger-password-1234')).body.token!;
    expect((await call('GET', '/api/bodies', undefined, stranger)).body).toMatchObject({ ok: true, bodies: [] });
    expect((await call('GET', '/api/bodies/county', undefined, stranger)).status).toBe(403);
    // A meeting that merely names the body in its spec (not made from it) gives its tablets nothing of the body.
    const rogue = await http.createMeeting(tokens.secretariat, { ...congressSpec(2), body: { name: '沿河县人民代表大会', kind: 'congress', bodyId: 'county' } });
    const [rogueSeat] = await pairAll(http, tokens.secretariat, rogue);
    expect((await http.request('GET', '/api/my/year', undefined, rogueSeat!.token)).body).toMatchObject({ ok: false, code: 'UNKNOWN_BODY' });
    // Body assignments are their own list (issue 12): an account assigned to a MEETING whose id
    // equals a body id gets nothing of the body; the creator of a body is assigned to it.
    await http.ensureAccount({ login: 'year-homonym', displayName: '同名会议秘书', roles: ['secretariat'], meetings: ['county'], password: 'homonym-password-1234' });
    const homonym = (await http.login('year-homonym', 'homonym-password-1234')).body.token!;
    expect((await call('GET', '/api/bodies', undefined, homonym)).body).toMatchObject({ ok: true, bodies: [] });
    expect((await call('GET', '/api/bodies/county', undefined, homonym)).status).toBe(403);
    expect((await call('PUT', '/api/bodies/county/roster', { members: roster('h', 2) }, homonym)).status).toBe(403);
    expect((await call('POST', '/api/bodies', { bodyId: 'homonym-town', name: '某镇人民代表大会', kind: 'congress', level: 'township', term: 18 }, homonym)).status).toBe(201);
    expect((await call('GET', '/api/bodies', undefined, homonym)).body).toMatchObject({ bodies: [{ bodyId: 'homonym-town' }] });
    // …and that body assignment is not a meeting assignment: the accounts page lists no body as a meeting.
    const listed = await http.request<{ accounts: { login: string; meetings: string[] }[] }>('GET', '/api/accounts', undefined, await http.adminToken());
    expect(listed.body.accounts.find((a) => a.login === 'year-homonym')?.meetings).toEqual(['county']);
    const before = await view('county');
    expect(before.version).toBeGreaterThan(0);
    expect((await view('county')).version).toBe(before.version);
  });
});
