import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { castAll, closeAndPublish } from '../support/publish';
import { emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The printed result sheet and the results export, over real HTTP, for a meeting where every
 * kind of ballot was really cast over sockets and published (or voided) by the presidium.
 */
const DELEGATES = 12;

describe('result sheets and results export over HTTP', () => {
  let server: TestServer;
  let hall: Hall;
  const ids: Record<string, string> = {};
  let open = '';

  // The token goes in the Authorization header; never in a URL (the console uses one-time link tickets).
  const fetchSheet = (ballotId: string, token = hall.presidiumToken) =>
    fetch(`${server.baseUrl}/api/meetings/${hall.meetingId}/ballots/${ballotId}/result-sheet`, {
      headers: { authorization: `Bearer ${token}` },
    });
  const sheet = async (ballotId: string) => {
    const res = await fetchSheet(ballotId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    return res.text();
  };

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, DELEGATES);
    await startSitting(hall);
    const t = hall.tablets;

    // A motion: 7 赞成, 3 反对, 1 弃权, one present delegate does not press.
    ids.motion = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（草案）' });
    await castAll(ids.motion, [
      [t.slice(0, 7), { option: 'yes' }],
      [t.slice(7, 10), { option: 'no' }],
      [t.slice(10, 11), { option: 'abstain' }],
    ]);
    await closeAndPublish(hall.presidium, ids.motion);

    // A motion voided while open, after three casts.
    ids.voided = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（草案）' });
    await castAll(ids.voided, [[t.slice(0, 3), { option: 'yes' }]]);
    await emitOk(hall.presidium, 'presidium:voidBallot', { ballotId: ids.voided, reason: '表决器故障，重新表决' });

    // A show of hands entered by the presidium (R2.10).
    ids.manual = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（草案）', method: 'manual', rerunOf: ids.voided });
    await emitOk(hall.presidium, 'presidium:enterManualCount', { ballotId: ids.manual, counts: { kind: 'motion', yes: 9, no: 2, abstain: 1 } });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId: ids.manual });

    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });

    // Four projects for two places; 赞成 > 6 of 12 needed.
    ids.slate = await openBallot(hall.presidium, {
      itemId: 'item-2',
      kind: 'slate',
      title: '2025年民生实事项目票决',
      slate: {
        places: 2,
        projects: [
          { projectId: 'P1', title: '老旧小区加装电梯', sponsorUnit: '镇建设办', budgetFen: 300_000_000 },
          { projectId: 'P2', title: '农村饮用水提升', sponsorUnit: '镇水利站' },
          { projectId: 'P3', title: '社区养老服务站', sponsorUnit: '镇民政办' },
          { projectId: 'P4', title: '镇区停车场', sponsorUnit: '镇城管办' },
        ],
      },
    });
    await castAll(ids.slate, [
      [t.slice(0, 7), { marks: { P1: 'yes', P2: 'yes' } }],
      [t.slice(7, 10), { marks: { P1: 'yes', P3: 'yes', P4: 'no' } }],
      [t.slice(10, 12), { marks: { P3: 'yes', P2: 'no', P4: 'abstain' } }],
    ]);
    await closeAndPublish(hall.presidium, ids.slate);

    // Three projects for two places: one adopted, a tie for the second (R4.5), then the re-vote.
    ids.tied = await openBallot(hall.presidium, {
      itemId: 'item-2',
      kind: 'slate',
      title: '2026年民生实事项目票决',
      slate: {
        places: 2,
        projects: [
          { projectId: 'Q1', title: '学校食堂改造', sponsorUnit: '镇教办' },
          { projectId: 'Q2', title: '村道亮化', sponsorUnit: '镇建设办' },
          { projectId: 'Q3', title: '卫生院设备更新', sponsorUnit: '镇卫健办' },
        ],
      },
    });
    await castAll(ids.tied, [
      [t.slice(0, 5), { marks: { Q1: 'yes', Q2: 'yes' } }],
      [t.slice(5, 10), { marks: { Q1: 'yes', Q3: 'yes' } }],
      [t.slice(10, 12), { marks: { Q2: 'yes', Q3: 'yes' } }],
    ]);
    await closeAndPublish(hall.presidium, ids.tied);
    ids.revote = String((await emitOk(hall.presidium, 'presidium:openFollowUp', { sourceBallotId: ids.tied, reason: 'tie_revote' }))['ballotId']);
    await castAll(ids.revote, [
      [t.slice(0, 8), { marks: { Q2: 'yes' } }],
      [t.slice(8, 12), { marks: { Q3: 'yes' } }],
    ]);
    await closeAndPublish(hall.presidium, ids.revote);

    // One seat, two candidates, tellers on record; one write-in.
    ids.election = await openBallot(hall.presidium, {
      itemId: 'item-2',
      kind: 'election',
      title: '选举镇人民代表大会主席',
      election: {
        post: '镇人民代表大会主席',
        postType: 'head',
        seats: 1,
        candidates: [
          { candidateId: 'c1', name: '刘一' },
          { candidateId: 'c2', name: '陈二' },
        ],
        tellers: { chief: '监票甲', members: ['监票乙', '监票丙'] },
      },
    });
    await castAll(ids.election, [
      [t.slice(0, 8), { marks: { c1: 'yes', c2: 'no' } }],
      [t.slice(8, 11), { marks: { c2: 'yes' } }],
      [t.slice(11, 12), { marks: { c1: 'no' }, writeIns: { c1: '何五' } }],
    ]);
    await closeAndPublish(hall.presidium, ids.election);

    // Two subjects; the second is 不满意 at exactly half 满意+基本满意 (strict boundary, R5.4).
    ids.rating = await openBallot(hall.presidium, {
      itemId: 'item-2',
      kind: 'rating',
      title: '述职满意度测评',
      rating: {
        subjects: [
          { subjectId: 'r1', name: '镇长 周某', kind: 'appointee' },
          { subjectId: 'r2', name: '镇农业办 工作', kind: 'department' },
        ],
      },
    });
    await castAll(ids.rating, [
      [t.slice(0, 3), { marks: { r1: 'satisfied', r2: 'satisfied' } }],
      [t.slice(3, 6), { marks: { r1: 'satisfied', r2: 'basically_satisfied' } }],
      [t.slice(6, 8), { marks: { r1: 'satisfied', r2: 'unsatisfied' } }],
      [t.slice(8, 11), { marks: { r1: 'basically_satisfied', r2: 'unsatisfied' } }],
      [t.slice(11, 12), { marks: { r1: 'unsatisfied', r2: 'unsatisfied' } }],
    ]);
    await closeAndPublish(hall.presidium, ids.rating);

    // Still open at the end: no sheet for it.
    open = await openBallot(hall.presidium, { itemId: 'item-2', title: '关于镇人民政府工作报告的决议' });
  });

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  it('prints a motion with every number announced and the rule applied', async () => {
    const html = await sheet(ids.motion!);
    expect(html).toContain('<h1>表决结果</h1>');
    expect(html).toContain('测试镇第一届人民代表大会第一次会议');
    expect(html).toContain('关于年度预算的决议（草案）');
    // R2.6: 参加表决 11 + 未表决 1 = 实到 12, as read aloud (the one wording source, shared/domain/wording).
    expect(html).toContain('应到 12 人，实到 12 人，参加表决 11 人，未表决 1 人。赞成 7 票，反对 3 票，弃权 1 票。通过。');
    expect(html).toContain('赞成票超过全体代表（应到 12 人）的半数，即不少于 7 票，为通过。');
    expect(html).toContain('@page { size: A4');
  });

  it('prints a voided ballot as 作废 with its reason and no counts', async () => {
    const html = await sheet(ids.voided!);
    expect(html).toContain('<h1>表决结果（作废）</h1>');
    expect(html).toContain('作废理由：表决器故障，重新表决');
    expect(html).toContain('本次表决在公布结果前作废，不公布计票结果；已投票 3 人。');
    expect(html).not.toContain('赞成 3 票');
    expect(html).toContain(`本次表决作废后，以表决 ${ids.manual} 重新表决`);
  });

  it('prints a hand count with who entered it, as the re-run of the voided ballot', async () => {
    const html = await sheet(ids.manual!);
    expect(html).toContain('人工计票（举手或纸质选票），录入人：主席团');
    expect(html).toContain(`本次是对已作废的表决 ${ids.voided} 的重新表决`);
    expect(html).toContain('赞成 9 票，反对 2 票，弃权 1 票');
    // R2.6: a hand count says 未表决, never 未按表决器.
    expect(html).not.toContain('未按');
  });

  it('prints a project vote: every project, rank, the adopted, and the draft decision', async () => {
    const html = await sheet(ids.slate!);
    expect(html).toContain('<h1>民生实事项目票决结果</h1>');
    const rows = [...html.matchAll(/<tr(?: class="(\w+)")?><td>(\d)<\/td><td>(P\d)<\/td>(.*?)<\/tr>/g)].map((m) => [
      m[1] ?? '',
      m[3],
      ...[...m[4]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]),
    ]);
    expect(rows).toEqual([
      // R4.3: unmarked on a cast paper is 弃权, so 赞成 + 反对 + 弃权 = 有效票 12 on every row.
      ['win', 'P1', '老旧小区加装电梯', '镇建设办', '300万元', '10', '0', '2', '1', '入选'],
      ['win', 'P2', '农村饮用水提升', '镇水利站', '—', '7', '2', '3', '2', '入选'],
      ['', 'P3', '社区养老服务站', '镇民政办', '—', '5', '0', '7', '3', '未入选（赞成票未过半数）'],
      ['', 'P4', '镇区停车场', '镇城管办', '—', '0', '3', '9', '4', '未入选（赞成票未过半数）'],
    ]);
    expect(html).toContain('入选项目 2 个，2 个名额全部确定');
    expect(html).toContain('测试镇第一届人民代表大会第一次会议关于');
    expect(html).toContain('一、老旧小区加装电梯（项目编号：P1；实施单位：镇建设办；预算300万元；赞成10票）');
  });

  it('prints a tie at the last place as waiting for a re-vote, and the re-vote linked to it', async () => {
    const tied = await sheet(ids.tied!);
    expect(tied).toContain('<tr class="tie"><td>2</td><td>Q2</td>');
    expect(tied).toContain('<tr class="tie"><td>3</td><td>Q3</td>');
    expect(tied).toContain('结果：入选项目 1 个；另有 1 个名额，村道亮化、卫生院设备更新赞成票数相等，须就上述项目重新投票');
    expect(tied).toContain(`票数相等者已在表决 ${ids.revote} 中再次投票`);
    const revote = await sheet(ids.revote!);
    expect(revote).toContain(`就表决 ${ids.tied} 中票数相等者再次投票`);
    expect(revote).toContain('<tr class="win"><td>1</td><td>Q2</td>');
  });

  it('prints an election: every candidate, the write-in, the elected and the tellers to sign', async () => {
    const html = await sheet(ids.election!);
    expect(html).toContain('<h1>选举结果</h1>');
    expect(html).toContain('<td>刘一</td><td class="num">8</td><td class="num">1</td><td class="num">3</td><td class="num">1</td><td>当选</td>');
    expect(html).toContain('<td>陈二</td><td class="num">3</td><td class="num">8</td><td class="num">1</td><td class="num">2</td>');
    expect(html).toContain('<td>何五</td><td class="num">1</td>');
    expect(html).toContain('发出选票 12 张，收回 12 张，收回票数等于或少于发出票数，选举有效。');
    expect(html).toContain('结果：刘一当选，应选 1 名全部选出');
    for (const teller of ['总监票人</span><span class="who">监票甲', '监票人</span><span class="who">监票乙', '监票人</span><span class="who">监票丙']) {
      expect(html).toContain(teller);
    }
  });

  it('prints a rating with the three counts, both rates, the tier and the quorum statement', async () => {
    const html = await sheet(ids.rating!);
    expect(html).toContain('<h1>满意度测评结果</h1>');
    expect(html).toContain(
      '<td>镇长 周某</td><td>—</td><td>述职人员</td><td class="num">8</td><td class="num">3</td><td class="num">1</td><td class="num">0</td><td class="num">66.7%</td><td class="num">91.7%</td><td>满意</td>',
    );
    expect(html).toContain(
      '<tr class="flag"><td>2</td><td>镇农业办 工作</td><td>—</td><td>部门工作</td><td class="num">3</td><td class="num">3</td><td class="num">6</td><td class="num">0</td><td class="num">25.0%</td><td class="num">50.0%</td><td>不满意</td>',
    );
    expect(html).toContain('应到 12 人，实到 12 人，符合测评的法定人数（全体代表的三分之二以上，不少于 8 人）');
  });

  it('refuses a sheet for an open ballot, an unknown one, and anyone but staff', async () => {
    const notYet = await fetchSheet(open);
    expect(notYet.status).toBe(409);
    expect(await notYet.json()).toMatchObject({ ok: false, code: 'RESULT_NOT_PUBLISHED' });
    expect((await fetchSheet('no-such-ballot')).status).toBe(404);
    expect((await fetchSheet('bad id!')).status).toBe(400);
    expect((await fetchSheet(ids.motion!, 'forged')).status).toBe(401);
    expect((await fetchSheet(ids.motion!, hall.tablets[0]!.token)).status).toBe(403);
    expect((await fetchSheet(ids.motion!, hall.secretariatToken)).status).toBe(200);
  });

  it('exports every published or voided ballot as CSV with a BOM, totals only', async () => {
    const res = await fetch(`${server.baseUrl}/api/meetings/${hall.meetingId}/results.csv`, {
      headers: { authorization: `Bearer ${hall.secretariatToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('会议编号,会议名称,表决序号,表决编号,')).toBe(true);
    // motion, voided, manual: 3; projects 4 + 3 + 2 (the re-vote is among the tied only); 2 candidates, 1 write-in, 2 subjects.
    expect(lines).toHaveLength(1 + 17);
    expect(lines.filter((l) => l.includes(ids.slate!))).toHaveLength(4);
    expect(lines.find((l) => l.includes(ids.voided!))).toContain('作废');
    expect(lines.some((l) => l.includes(open))).toBe(false);
    // R2.5: nothing links a seat or a delegate to a choice.
    const text = lines.join('\n');
    expect(text).not.toMatch(/\bs\d\d\b/);
    expect(text).not.toMatch(/代表\d/);
  });

  it('exports the same ballots as JSON with the published results', async () => {
    const res = await fetch(`${server.baseUrl}/api/meetings/${hall.meetingId}/results.json`, {
      headers: { authorization: `Bearer ${hall.presidiumToken}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ballots: { ballotId: string; kind: string; status: string; outcome: string; result: { kind: string } | null }[];
      rows: { ballotId: string; line: string }[];
    };
    expect(body.ballots.map((b) => [b.ballotId, b.kind, b.status])).toEqual([
      [ids.motion, 'motion', 'published'],
      [ids.voided, 'motion', 'void'],
      [ids.manual, 'motion', 'published'],
      [ids.slate, 'slate', 'published'],
      [ids.tied, 'slate', 'published'],
      [ids.revote, 'slate', 'published'],
      [ids.election, 'election', 'published'],
      [ids.rating, 'rating', 'published'],
    ]);
    expect(body.ballots[1]!.result).toBeNull();
    expect(body.ballots[6]!.outcome).toBe('刘一当选，应选 1 名全部选出');
    expect(body.rows).toHaveLength(17);
    expect(JSON.stringify(body)).not.toMatch(/"s\d\d"|代表\d|seatId|choiceKey|idempotencyKey/);
  });
});
