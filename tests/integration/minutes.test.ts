import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../shared/domain/meeting';
import type { Minutes } from '../../shared/domain/minutes';
import type { AuditEntry } from '../../shared/domain/record/audit';
import { openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { castAll, closeAndPublish } from '../support/publish';
import { emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';
import { TEST_STAFF_PASSWORD } from '../support/test-config';

/**
 * The minutes (会议记录) and the audit log over real HTTP, for a meeting run over real sockets:
 * attendance with a leave, a motion where a voter leaves before the close (R2.6), a ballot voided
 * while open with its reason (R2.9), its re-run by a show of hands with who entered it, and a
 * slate where papers leave projects unmarked (R4.3). Every fact is checked against the log.
 */
const DELEGATES = 12;

describe('minutes and audit log over HTTP', () => {
  let server: TestServer;
  let hall: Hall;
  let events: MeetingEvent[] = [];
  const ids: Record<string, string> = {};

  const get = (path: string, token: string) => fetch(`${server.baseUrl}/api/meetings/${hall.meetingId}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const minutes = async (): Promise<Minutes> => {
    const res = await get('/minutes', hall.secretariatToken);
    expect(res.status).toBe(200);
    return ((await res.json()) as { minutes: Minutes }).minutes;
  };

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, DELEGATES);
    const secretariat = await (await import('../support/sockets')).connect(server.baseUrl, { token: hall.secretariatToken, meetingId: hall.meetingId });
    const t = hall.tablets;
    // Seat 12 is on leave; the other 11 sign in on their tablets.
    await emitOk(secretariat, 'staff:recordAttendance', { seatId: t[11]!.seatId, status: 'on_leave' });
    await startSitting(hall, t.slice(0, 11));

    // A motion: 7 赞成, 2 反对, 1 弃权, one present delegate does not press; then a voter leaves.
    ids.motion = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（草案）' });
    await castAll(ids.motion, [
      [t.slice(0, 7), { option: 'yes' }],
      [t.slice(7, 9), { option: 'no' }],
      [t.slice(9, 10), { option: 'abstain' }],
    ]);
    await emitOk(secretariat, 'staff:recordAttendance', { seatId: t[0]!.seatId, status: 'absent' });
    await closeAndPublish(hall.presidium, ids.motion);
    await emitOk(secretariat, 'staff:recordAttendance', { seatId: t[0]!.seatId, status: 'present' });

    // Voided while open, then re-run by a show of hands (R2.9, R2.10).
    ids.voided = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（草案）' });
    await castAll(ids.voided, [[t.slice(0, 3), { option: 'yes' }]]);
    await emitOk(hall.presidium, 'presidium:voidBallot', { ballotId: ids.voided, reason: '表决器故障，重新表决' });
    ids.manual = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（草案）', method: 'manual', rerunOf: ids.voided });
    await emitOk(hall.presidium, 'presidium:enterManualCount', { ballotId: ids.manual, counts: { kind: 'motion', yes: 9, no: 1, abstain: 0 } });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId: ids.manual });

    // A slate where papers leave projects unmarked: each counts as 弃权 (R4.3).
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    ids.slate = await openBallot(hall.presidium, {
      itemId: 'item-2',
      kind: 'slate',
      title: '2026年民生实事项目票决',
      slate: {
        places: 1,
        projects: [
          { projectId: 'P1', title: '老旧小区加装电梯', sponsorUnit: '镇建设办' },
          { projectId: 'P2', title: '农村饮用水提升', sponsorUnit: '镇水利站' },
        ],
      },
    });
    await castAll(ids.slate, [
      [t.slice(0, 8), { marks: { P1: 'yes' } }],
      [t.slice(8, 11), { marks: { P2: 'yes', P1: 'no' } }],
    ]);
    await closeAndPublish(hall.presidium, ids.slate);
    secretariat.close();

    const exported = await get('/export', hall.secretariatToken);
    events = ((await exported.json()) as { events: MeetingEvent[] }).events;
  });

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  it('lists every ballot with the times and people of the log, in opening order', async () => {
    const m = await minutes();
    const opened = events.filter((e): e is Extract<MeetingEvent, { type: 'BallotOpened' }> => e.type === 'BallotOpened');
    expect(m.ballots.map((b) => [b.ballotId, b.openedAt, b.openedBy.name])).toEqual(opened.map((e) => [e.spec.ballotId, e.at, e.by.name]));
    for (const b of m.ballots) {
      const closed = events.find((e) => e.type === 'BallotClosed' && e.ballotId === b.ballotId);
      expect(b.closedAt).toBe(closed?.at ?? null);
      const published = events.find((e) => e.type === 'ResultPublished' && e.ballotId === b.ballotId);
      expect(b.publishedAt).toBe(published?.at ?? null);
      expect(b.result).toEqual(published?.type === 'ResultPublished' ? published.result : null);
    }
    expect(m.ballots.map((b) => b.status)).toEqual(['published', 'void', 'published', 'published']);
  });

  it('R2.6: the voter who left still counts in 实到: 实到 11 = 参加表决 10 + 未表决 1', async () => {
    const motion = (await minutes()).ballots[0]!;
    expect(motion.outcome).toBe('通过');
    expect(motion.announcement).toBe('应到 12 人，实到 11 人，参加表决 10 人，未表决 1 人。赞成 7 票，反对 2 票，弃权 1 票。通过。');
  });

  it('R2.9: the void with its reason and who voided it; the re-run with who entered the hand count', async () => {
    const m = await minutes();
    const voided = m.ballots.find((b) => b.ballotId === ids.voided)!;
    expect(voided.voided).toMatchObject({ reason: '表决器故障，重新表决', by: { name: '主席团' } });
    expect(voided.result).toBeNull();
    const manual = m.ballots.find((b) => b.ballotId === ids.manual)!;
    expect(manual.method).toBe('manual');
    expect(manual.manualEntries).toEqual([expect.objectContaining({ returned: 10, by: expect.objectContaining({ name: '主席团' }) })]);
    expect(manual.announcement).toContain('未表决 1 人');
    expect(manual.announcement).not.toContain('未按');
    expect(m.followUps).toEqual([{ ballotId: ids.manual, of: ids.voided, reason: 'rerun' }]);
  });

  it('R4.3: unmarked projects are 弃权, so each project adds up to 有效票 11', async () => {
    const slate = (await minutes()).ballots.find((b) => b.ballotId === ids.slate)!;
    expect(slate.announcement).toContain('老旧小区加装电梯，赞成 8 票，反对 3 票，弃权 0 票。');
    expect(slate.announcement).toContain('农村饮用水提升，赞成 3 票，反对 0 票，弃权 8 票。');
    expect(slate.announcement).toContain('发出表决票 11 张，收回 11 张，收回票数等于或少于发出票数，表决有效。');
  });

  it('attendance per sitting: the roll as announced, the leave with who recorded it', async () => {
    const m = await minutes();
    expect(m.sittings.length).toBeGreaterThanOrEqual(1);
    const first = m.sittings[0]!;
    expect(first.attendanceLine).toBe('应到 12 人，实到 11 人，请假 1 人，已达到法定人数');
    expect(first.leave.map((e) => [e.seatNo, e.by.name])).toEqual([[expect.any(String), '秘书处']]);
    expect(first.ballotIds).toEqual([ids.motion, ids.voided, ids.manual, ids.slate]);
  });

  it('prints the minutes on A4 by a one-time link, and exports CSV and JSON with counts only', async () => {
    const minted = await hall.http.request<{ ok: boolean; url: string }>('POST', `/api/meetings/${hall.meetingId}/link-tickets`, { purpose: 'minutes-sheet' }, hall.presidiumToken);
    expect(minted.body.ok).toBe(true);
    const page = await fetch(server.baseUrl + minted.body.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>会议记录</h1>');
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('应到 12 人，实到 11 人，请假 1 人，已达到法定人数');
    expect(html).toContain('理由：表决器故障，重新表决');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await fetch(server.baseUrl + minted.body.url)).status).toBe(401);

    const csv = await get('/minutes.csv', hall.secretariatToken);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 4);
    expect(lines[0]).toContain('表决序号');
    const json = await (await get('/minutes.json', hall.secretariatToken)).text();
    // R2.5: nothing links a seat to a choice.
    expect(json).not.toMatch(/choiceKey|idempotencyKey|receiptId/);
  });

  it('the audit log: every staff command with time and person, filterable; no delegate actions', async () => {
    const res = await get('/audit', hall.presidiumToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entries: AuditEntry[]; people: { person: string; label: string }[]; types: string[] };
    expect(body.entries.every((e) => e.actor.role !== 'delegate')).toBe(true);
    const staffEvents = events.filter((e) => 'by' in e && (e as { by: { role: string } }).by.role !== 'delegate');
    expect(body.entries.map((e) => [e.type, e.at])).toEqual(staffEvents.map((e) => [e.type, e.at]));
    const voids = await (await get('/audit?type=BallotVoided', hall.presidiumToken)).json();
    expect(voids.entries).toEqual([expect.objectContaining({ ballotId: ids.voided, reason: '表决器故障，重新表决', actor: expect.objectContaining({ name: '主席团', role: 'chair' }) })]);
    const secretariat = body.people.find((p) => p.label.startsWith('秘书处'))!;
    const byPerson = (await (await get(`/audit?person=${encodeURIComponent(secretariat.person)}`, hall.presidiumToken)).json()) as { entries: AuditEntry[] };
    expect(byPerson.entries.length).toBeGreaterThan(0);
    expect(byPerson.entries.every((e) => e.actor.label === secretariat.label)).toBe(true);
    const firstBallot = body.entries.find((e) => e.type === 'BallotOpened')!;
    const window = (await (await get(`/audit?from=${firstBallot.at}&to=${firstBallot.at}`, hall.presidiumToken)).json()) as { entries: AuditEntry[] };
    expect(window.entries.every((e) => e.at === firstBallot.at)).toBe(true);
    expect(window.entries.some((e) => e.type === 'BallotOpened')).toBe(true);
  });

  it('roles and assignment: tellers, tablets, strangers and bad filters are refused', async () => {
    expect((await get('/audit?type=Ballot Opened', hall.presidiumToken)).status).toBe(400);
    expect((await get('/audit?when=1', hall.presidiumToken)).status).toBe(400);
    expect((await get('/audit', await hall.http.staffToken('teller'))).status).toBe(403);
    expect((await get('/audit', hall.tablets[0]!.token)).status).toBe(403);
    expect((await get('/minutes', hall.tablets[0]!.token)).status).toBe(403);
    expect((await get('/minutes', 'forged')).status).toBe(401);
    // A secretariat account assigned only to another meeting.
    await hall.http.ensureAccount({ login: 'record-other', displayName: '别的会议的秘书', roles: ['secretariat'], meetings: ['some-other-meeting'], password: TEST_STAFF_PASSWORD });
    const other = (await hall.http.login('record-other', TEST_STAFF_PASSWORD)).body.token!;
    expect((await get('/minutes', other)).status).toBe(403);
    expect((await get('/audit', other)).status).toBe(403);
    const unknown = await fetch(`${server.baseUrl}/api/meetings/no-such-meeting/minutes`, { headers: { authorization: `Bearer ${hall.secretariatToken}` } });
    expect(unknown.status).toBe(404);
  });
});
