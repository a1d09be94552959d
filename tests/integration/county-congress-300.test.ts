import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BallotResult } from '../../shared/domain/ballots/kinds';
import type { ElectionResult } from '../../shared/domain/ballots/election';
import type { ListVoteResult } from '../../shared/domain/ballots/list-vote';
import type { MotionResult } from '../../shared/domain/ballots/motion';
import type { RatingResult } from '../../shared/domain/ballots/rating';
import type { MeetingEvent, MeetingSpec } from '../../shared/domain/meeting';
import type { Minutes } from '../../shared/domain/minutes';
import type { ConsoleView } from '../../shared/domain/views';
import { connectTablet, newDeviceId, type Tablet } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { connect, emitAck, emitOk, emitOkPaced, ViewLog } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  AGENDA,
  ANONYMOUS_PAPERS,
  brokenSums,
  CANDIDATES,
  countCandidates,
  countOptions,
  countRatings,
  DELEGATES,
  ELECTION_PAPERS,
  figuresAtClose,
  GROUPS,
  LIST_PAPERS,
  NAMED_PAPERS,
  presentOf,
  range,
  RATING_PAPERS,
  ROSTER,
  rosterXlsx,
  SITTINGS,
  staffMarksOf,
  VOID_REASON,
  VOIDED_PAPERS,
  type Papers,
  type SittingPlan,
} from './county-congress/plan';

/**
 * Issue 10, "Tests": a whole county congress of 300 delegates over real HTTP and real sockets.
 * The secretariat imports the roster from an .xlsx file and prepares an agenda with an item of
 * every kind (prepared ballots through the revision route); 300 tablets pair from the printed
 * seat cards; three sittings (预备会议, 第一次全体会议, 第二次全体会议) each take their own roll with
 * leave (R1.4), late and manual sign-ins and the 2/3 quorum (R1.1, R1.5); a named (记名) and an
 * anonymous ballot, an election, a rating and a list vote are cast by the tablets with the papers
 * written down in county-congress/plan.ts, and one ballot is voided and re-run (R2.9). Then the
 * minutes (会议记录) are checked against the event log and the plan, every announced figure must
 * add up (R2.6), and the anonymous ballot's voters appear in no byte of the minutes or exports
 * (R2.5, invariant 4). The steps share one meeting and run in order.
 */

const MEETING = 'county-18-3';
const TITLE = '某某县第十八届人民代表大会第三次会议';
/** Clients at a time: 300 sockets opening at once would only queue on a 2-core machine. */
const BATCH = 50;

async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let k = 0; k < items.length; k += BATCH) out.push(...(await Promise.all(items.slice(k, k + BATCH).map(run))));
  return out;
}

describe('a county congress of 300 delegates, prepared, run over three sittings and recorded', () => {
  let server: TestServer;
  let http: HttpClient;
  let secretariatToken: string;
  let presidiumToken: string;
  let secretariat: Socket;
  let presidium: Socket;
  /** The roster as imported: index i is ROSTER[i]. */
  let delegates: MeetingSpec['delegates'] = [];
  /** tablets[i] is the tablet on ROSTER[i]'s seat. */
  let tablets: Tablet[] = [];

  const api = (path: string) => `/api/meetings/${MEETING}${path}`;
  const getWith = (path: string, token: string) => fetch(server.baseUrl + api(path), { headers: { authorization: `Bearer ${token}` } });
  const consoleView = async (): Promise<ConsoleView> => (await emitOkPaced(presidium, 'meeting:sync')).view as ConsoleView;
  const seatNo = (i: number) => ROSTER[i]!.seatNo;

  beforeAll(async () => {
    server = await startTestServer();
    http = new HttpClient(server.baseUrl);
    secretariatToken = await http.staffToken('secretariat');
    presidiumToken = await http.staffToken('presidium');
  });

  afterAll(async () => {
    for (const t of tablets) t.socket.close();
    secretariat?.close();
    presidium?.close();
    await server?.close();
  });

  it('1. the secretariat creates the meeting and imports 300 delegates from an .xlsx file', async () => {
    // The meeting starts with a placeholder roster: the clerk's file replaces it (all or nothing).
    await http.createMeeting(secretariatToken, {
      meetingId: MEETING,
      body: { name: '某某县人民代表大会', kind: 'congress' },
      title: TITLE,
      delegates: [{ seatId: 'placeholder', seatNo: '0排0座', name: '待导入' }],
      presidium: [],
      agenda: [],
    });
    const content = await rosterXlsx();
    const dry = await http.request<Record<string, unknown>>('POST', api('/roster/import'), { fileName: '代表名单.xlsx', content, groups: GROUPS, dryRun: true }, secretariatToken);
    expect(dry.body).toMatchObject({ ok: true, imported: false, fileKind: 'xlsx', rows: DELEGATES, count: DELEGATES, problemCount: 0 });
    expect(dry.body['mapping']).toEqual({ name: 0, seatNo: 1, group: 2, gender: 3, ethnicity: 4 });

    const imported = await http.request<Record<string, unknown>>('POST', api('/roster/import'), { fileName: '代表名单.xlsx', content, groups: GROUPS }, secretariatToken);
    expect(imported.body).toMatchObject({ ok: true, imported: true, total: DELEGATES, count: DELEGATES });

    const prep = await preparation();
    delegates = prep.spec.delegates;
    expect(delegates.map((d) => [d.name, d.seatNo, d.group, d.gender, d.ethnicity])).toEqual(ROSTER.map((r) => [r.name, r.seatNo, r.group, r.gender, r.ethnicity]));
    expect(new Set(delegates.map((d) => d.seatId)).size).toBe(DELEGATES);
  });

  it('2. the agenda, one item of every kind with prepared ballots, goes in through the revision route', async () => {
    const prep = await preparation();
    // A report (审议) item cannot carry a ballot: the whole revision is refused, nothing changes.
    const refused = await http.request<{ ok: boolean; code: string }>(
      'POST',
      api('/revision'),
      { expectedVersion: prep.version, spec: { ...prep.spec, agenda: [{ itemId: 'bad', title: '审议报告', kind: 'report', ballot: { kind: 'motion', title: '决议' } }] } },
      secretariatToken,
    );
    expect(refused.body).toMatchObject({ ok: false, code: 'INVALID_REVISION' });
    expect((await preparation()).version).toBe(prep.version);

    const revised = await http.request<{ ok: boolean; total: number }>(
      'POST',
      api('/revision'),
      { expectedVersion: prep.version, spec: { ...prep.spec, presidium: ['曹立新', '彭文华'], agenda: AGENDA, sessionNo: 3, dates: { start: '2027-01-10', end: '2027-01-12' } } },
      secretariatToken,
    );
    expect(revised.body).toMatchObject({ ok: true, total: DELEGATES });
    const after = await preparation();
    expect(after.spec.agenda.map((a) => [a.itemId, a.kind, a.ballot?.kind ?? null])).toEqual([
      ['item-presidium', 'vote', 'list_vote'],
      ['item-report', 'report', null],
      ['item-inquiry', 'inquiry', null],
      ['item-resolution', 'vote', 'motion'],
      ['item-election', 'election', 'election'],
      ['item-budget', 'vote', 'motion'],
      ['item-rating', 'rating', 'rating'],
      ['item-oath', 'other', null],
    ]);
    expect(after.spec.agenda.find((a) => a.itemId === 'item-resolution')?.ballot).toMatchObject({ secrecy: 'named' });
    expect(after.spec.delegates).toEqual(delegates);
  });

  it('3. 300 seat cards are printed once; every tablet pairs from its card and connects', async () => {
    const ticket = await http.request<{ ok: boolean; url: string }>('POST', api('/link-tickets'), { purpose: 'seat-cards' }, secretariatToken);
    expect(ticket.body.ok).toBe(true);
    const page = await fetch(server.baseUrl + ticket.body.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    const codes = [...html.matchAll(/class="code">([A-Z0-9]{5}-[A-Z0-9]{5})</g)].map((m) => m[1]!);
    expect(codes).toHaveLength(DELEGATES);
    expect(new Set(codes).size).toBe(DELEGATES);
    // Reopening the page issues nothing: the printed cards stay good.
    expect((await fetch(server.baseUrl + ticket.body.url)).status).toBe(401);

    const paired = await inBatches(codes, async (code) => {
      const reply = await http.pair(code, newDeviceId());
      if (!reply.body.ok) throw new Error(`pairing failed: ${JSON.stringify(reply.body)}`);
      return { seatId: reply.body.seatId, deviceId: '', token: reply.body.token };
    });
    const bySeat = new Map(paired.map((p) => [p.seatId, p]));
    expect(bySeat.size).toBe(DELEGATES);
    tablets = await inBatches(delegates, (d) => connectTablet(server.baseUrl, bySeat.get(d.seatId)!));

    secretariat = await connect(server.baseUrl, { token: secretariatToken, meetingId: MEETING }, new ViewLog<ConsoleView>());
    presidium = await connect(server.baseUrl, { token: presidiumToken, meetingId: MEETING }, new ViewLog<ConsoleView>());
    const view = await consoleView();
    expect(view.seats.filter((s) => s.paired)).toHaveLength(DELEGATES);
    expect(view.attendance).toMatchObject({ total: DELEGATES, present: 0 });
  });

  /** Runs one sitting's roll as planned; checks quorum refused at 199 and met at 200+ (R1.1: 2/3 of 300 = 200). */
  async function takeRoll(plan: SittingPlan): Promise<void> {
    const started = await emitOkPaced(secretariat, 'sitting:start', { sittingId: plan.sittingId, title: plan.title, openSignIn: false });
    expect(started.sittingId).toBe(plan.sittingId);
    // Leave is filed in advance, each with its reason (R1.4); a leave without one is refused.
    expect(await emitAck(secretariat, 'sitting:mark', { seatId: delegates[plan.leave[0]!.i]!.seatId, status: 'on_leave' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    for (const { i, reason } of plan.leave) await emitOkPaced(secretariat, 'sitting:mark', { seatId: delegates[i]!.seatId, status: 'on_leave', reason });
    // The window is not open yet: a tablet's sign-in is refused.
    expect(await emitAck(tablets[plan.onTime[0]!]!.socket, 'delegate:signIn')).toMatchObject({ ok: false, code: 'SIGN_IN_NOT_OPEN' });
    await emitOkPaced(secretariat, 'sitting:openSignIn');

    const [first, rest] = [plan.onTime.slice(0, 199), plan.onTime.slice(199)];
    await inBatches(first, (i) => emitOk(tablets[i]!.socket, 'delegate:signIn'));
    expect(await emitAck(presidium, 'sitting:open')).toMatchObject({
      ok: false,
      code: 'QUORUM_NOT_MET',
      details: { present: 199, total: DELEGATES, required: 200, onLeave: plan.leave.length },
    });
    await inBatches(rest, (i) => emitOk(tablets[i]!.socket, 'delegate:signIn'));
    await emitOkPaced(secretariat, 'sitting:mark', { seatId: delegates[plan.manual.i]!.seatId, status: 'present', reason: plan.manual.reason });
    await emitOkPaced(presidium, 'sitting:open');
    await emitOkPaced(secretariat, 'sitting:closeSignIn');
    await inBatches(plan.late, (i) => emitOk(tablets[i]!.socket, 'delegate:signIn'));
    for (const i of plan.absent) await emitOkPaced(secretariat, 'sitting:mark', { seatId: delegates[i]!.seatId, status: 'absent' });

    const view = await consoleView();
    const present = presentOf(plan).length;
    const marked = present + plan.leave.length + plan.absent.length;
    expect(view.sitting).toMatchObject({ sittingId: plan.sittingId, title: plan.title, status: 'open', signIn: 'closed' });
    expect(view.attendance).toMatchObject({ total: DELEGATES, present, onLeave: plan.leave.length, absent: plan.absent.length, notSignedIn: DELEGATES - marked, quorum: { met: true, required: 200 } });
    const sitting = view.sittings.find((s) => s.sittingId === plan.sittingId)!;
    expect(sitting.atOpening).toEqual({ total: DELEGATES, present: plan.onTime.length + 1, onLeave: plan.leave.length, absent: 0 });
    const roll = new Map(view.seats.map((s) => [s.seatId, s]));
    for (const i of plan.late) expect(roll.get(delegates[i]!.seatId)?.roll).toMatchObject({ late: true, by: { role: 'delegate' } });
    expect(roll.get(delegates[plan.manual.i]!.seatId)).toMatchObject({ attendance: 'present', roll: { late: false, reason: plan.manual.reason, by: { role: 'secretariat' } } });
    for (const { i, reason } of plan.leave) expect(roll.get(delegates[i]!.seatId)).toMatchObject({ attendance: 'on_leave', roll: { reason } });
  }

  /** Each planned paper cast from its own tablet (one idempotency key per seat and ballot). */
  async function cast<P>(ballotId: string, papers: Papers<P>, paper: (p: P) => unknown): Promise<void> {
    await inBatches([...papers], ([i, p]) =>
      emitOk(tablets[i]!.socket, 'ballot:cast', { ballotId, idempotencyKey: `cc-${ballotId}-${i}`, choice: paper(p) }),
    );
  }

  async function openPrepared(itemId: string, extra: Record<string, unknown> = {}): Promise<string> {
    await emitOkPaced(presidium, 'presidium:startItem', { itemId });
    const ack = await emitOkPaced(presidium, 'presidium:openPrepared', { itemId, ...extra });
    return ack.ballotId as string;
  }

  async function closeAndPublish(ballotId: string): Promise<BallotResult> {
    await emitOkPaced(presidium, 'presidium:closeBallot', { ballotId });
    await emitOkPaced(presidium, 'presidium:publishResult', { ballotId });
    const ballot = (await consoleView()).ballots.find((b) => b.ballotId === ballotId)!;
    expect(ballot.status).toBe('published');
    expect(brokenSums(ballot.result!)).toEqual([]);
    return ballot.result!;
  }

  const ids: Record<string, string> = {};

  it('4. 预备会议: its roll and quorum; the presidium list is voted and published', async () => {
    const plan = SITTINGS[0]!;
    await takeRoll(plan);
    expect((await consoleView()).phase).toBe('in_session');
    ids.list = await openPrepared('item-presidium', { ballotId: 'presidium-list' });
    await cast(ids.list, LIST_PAPERS, (option) => ({ option }));
    const result = (await closeAndPublish(ids.list)) as ListVoteResult;
    const { yes, no, abstain } = countOptions(LIST_PAPERS);
    expect([yes, no, abstain]).toEqual([260, 20, 10]);
    expect(result.motion).toMatchObject({ total: 300, present: 291, voted: 290, yes, no, abstain, notVoted: 1, outcome: 'passed' });
    expect(result.elected).toEqual(['曹立新', '彭文华', '蒋明远', '谢春生', '韩志平']);
    await emitOkPaced(presidium, 'sitting:close');
  });

  it('5. 第一次全体会议: a fresh roll; a report and an inquiry; the NAMED resolution with every delegate’s vote on record', async () => {
    const plan = SITTINGS[1]!;
    await takeRoll(plan);
    await emitOkPaced(presidium, 'presidium:startItem', { itemId: 'item-report' });
    // A report item has no prepared ballot to open.
    expect(await emitAck(presidium, 'presidium:openPrepared', { itemId: 'item-report' })).toMatchObject({ ok: false, code: 'UNKNOWN_ITEM' });
    await emitOkPaced(presidium, 'presidium:startItem', { itemId: 'item-inquiry' });
    ids.named = await openPrepared('item-resolution', { ballotId: 'resolution' });

    // Before publishing there is no per-delegate record (R2.8).
    expect((await getWith(`/ballots/${ids.named}/named.json`, presidiumToken)).status).toBe(409);
    await cast(ids.named, NAMED_PAPERS, (option) => ({ option }));
    // A delegate who voted leaves before the close: while the ballot is open the mark waits for a
    // chair (two-person rule), and once made the voter still counts in this ballot's 实到 (R2.6).
    const left = plan.leftAfterVoting!;
    expect(NAMED_PAPERS.has(left)).toBe(true);
    const request = await emitOkPaced(secretariat, 'sitting:mark', { seatId: delegates[left]!.seatId, status: 'absent' });
    expect(await emitAck(secretariat, 'presidium:decideRequest', { requestId: request.pendingRequestId, approve: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await emitOkPaced(presidium, 'presidium:decideRequest', { requestId: request.pendingRequestId, approve: true });
    expect((await consoleView()).attendance).toMatchObject({ present: 280, absent: 11 });
    const result = (await closeAndPublish(ids.named)) as MotionResult;
    const { yes, no, abstain } = countOptions(NAMED_PAPERS);
    expect([yes, no, abstain]).toEqual([194, 54, 27]);
    expect(result).toMatchObject({ kind: 'motion', total: 300, present: 281, voted: 275, yes, no, abstain, notVoted: 6, outcome: 'passed' });

    // The named record: each delegate's own paper, 未表决 for present non-voters, the rest not present.
    const named = (await (await getWith(`/ballots/${ids.named}/named.json`, presidiumToken)).json()) as {
      counts: Record<string, number>;
      records: { seatId: string; name: string; status: string; choice: string }[];
    };
    expect(named.counts).toEqual({ voted: 275, not_voted: 6, not_present: 19 });
    const words = { yes: '赞成', no: '反对', abstain: '弃权' } as const;
    const present = new Set(presentOf(plan));
    expect(named.records.map((r) => [r.seatId, r.name, r.status, r.choice])).toEqual(
      delegates.map((d, i) => {
        const paper = NAMED_PAPERS.get(i);
        return [d.seatId, d.name, paper ? 'voted' : present.has(i) ? 'not_voted' : 'not_present', paper ? words[paper] : ''];
      }),
    );
    await emitOkPaced(presidium, 'sitting:close');
  });

  it('6. 第二次全体会议: a fresh roll; an election; the ANONYMOUS budget voided and re-run; a rating; the oath', async () => {
    const plan = SITTINGS[2]!;
    await takeRoll(plan);

    ids.election = await openPrepared('item-election', { ballotId: 'vice-county-heads' });
    await cast(ids.election, ELECTION_PAPERS, (marks) => ({ marks }));
    const election = (await closeAndPublish(ids.election)) as ElectionResult;
    const expected = countCandidates(ELECTION_PAPERS);
    expect(expected.map((c) => [c.yes, c.no, c.abstain])).toEqual([
      [201, 0, 67],
      [201, 67, 0],
      [134, 67, 67],
    ]);
    expect(election).toMatchObject({ total: 300, present: 278, issued: 278, returned: 268, valid: 268, void: 0, validity: 'valid', outcome: 'filled' });
    expect(election.candidates.map((c) => ({ candidateId: c.candidateId, yes: c.yes, no: c.no, abstain: c.abstain }))).toEqual(expected);
    expect(election.elected.map((p) => p.name).sort()).toEqual([CANDIDATES[0]!.name, CANDIDATES[1]!.name].sort());

    // The budget: the first round is voided while open, with its reason (R2.9), and re-run.
    ids.voided = await openPrepared('item-budget', { ballotId: 'budget-1' });
    await cast(ids.voided, VOIDED_PAPERS, (option) => ({ option }));
    expect(await emitAck(presidium, 'presidium:voidBallot', { ballotId: ids.voided, reason: '' })).toMatchObject({ ok: false });
    await emitOkPaced(presidium, 'presidium:voidBallot', { ballotId: ids.voided, reason: VOID_REASON });
    ids.anonymous = (await emitOkPaced(presidium, 'presidium:openPrepared', { itemId: 'item-budget', ballotId: 'budget-2', rerunOf: ids.voided })).ballotId as string;
    await cast(ids.anonymous, ANONYMOUS_PAPERS, (option) => ({ option }));
    // Only this sitting's roll votes: a delegate on leave, one marked absent and one never signed
    // in are refused; a second paper from a voter is refused (first press final).
    for (const i of [0, 295, 292]) {
      expect(await emitAck(tablets[i]!.socket, 'ballot:cast', { ballotId: ids.anonymous, idempotencyKey: `cc-extra-${i}`, choice: { option: 'yes' } }), `roster ${i}`).toMatchObject({ ok: false, code: 'NOT_SIGNED_IN' });
    }
    expect(await emitAck(tablets[12]!.socket, 'ballot:cast', { ballotId: ids.anonymous, idempotencyKey: 'cc-second-12', choice: { option: 'yes' } })).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });
    const budget = (await closeAndPublish(ids.anonymous)) as MotionResult;
    const { yes, no, abstain } = countOptions(ANONYMOUS_PAPERS);
    expect([yes, no, abstain]).toEqual([183, 47, 47]);
    expect(budget).toMatchObject({ kind: 'motion', total: 300, present: 278, voted: 277, yes, no, abstain, notVoted: 1, outcome: 'passed' });
    // An anonymous ballot has no per-delegate record, whatever the route (invariant 4).
    for (const route of ['named.json', 'named.csv', 'named-sheet']) expect((await getWith(`/ballots/${ids.anonymous}/${route}`, presidiumToken)).status).toBe(403);

    ids.rating = await openPrepared('item-rating', { ballotId: 'rating' });
    await cast(ids.rating, RATING_PAPERS, (marks) => ({ marks }));
    const rating = (await closeAndPublish(ids.rating)) as RatingResult;
    expect(rating).toMatchObject({ total: 300, present: 278, returned: 268, valid: 268, void: 0 });
    expect(rating.subjects.map((s) => ({ subjectId: s.subjectId, satisfied: s.satisfied, basically_satisfied: s.basically_satisfied, unsatisfied: s.unsatisfied, blank: s.blank }))).toEqual(
      countRatings(RATING_PAPERS),
    );

    await emitOkPaced(presidium, 'presidium:startItem', { itemId: 'item-oath' });
    await emitOkPaced(presidium, 'sitting:close');
    await emitOkPaced(presidium, 'presidium:closeSession');

    const view = await consoleView();
    expect(view.phase).toBe('closed');
    expect(view.sittings.map((s) => [s.sittingId, s.title, s.status])).toEqual(SITTINGS.map((s) => [s.sittingId, s.title, 'closed']));
    for (const s of SITTINGS) {
      const figures = view.sittings.find((v) => v.sittingId === s.sittingId)!.atClose;
      expect(figures, s.title).toEqual(figuresAtClose(s));
    }
    expect(view.ballots.map((b) => [b.ballotId, b.status, b.sittingId])).toEqual([
      ['presidium-list', 'published', 'prep'],
      ['resolution', 'published', 'plenary-1'],
      ['vice-county-heads', 'published', 'plenary-2'],
      ['budget-1', 'void', 'plenary-2'],
      ['budget-2', 'published', 'plenary-2'],
      ['rating', 'published', 'plenary-2'],
    ]);
  });

  it('7. the minutes: attendance per sitting as announced, with every leave, late and manual mark and who made it', async () => {
    const m = await minutes();
    expect(m.title).toBe(TITLE);
    expect(m.sittings.map((s) => s.title)).toEqual(SITTINGS.map((s) => s.title));
    expect(m.sittings.map((s) => s.attendanceLine)).toEqual([
      '应到 300 人，实到 281 人，请假 5 人，已达到法定人数',
      '应到 300 人，实到 271 人，请假 8 人，已达到法定人数',
      '应到 300 人，实到 269 人，请假 12 人，已达到法定人数',
    ]);
    const events = await exportedEvents();
    SITTINGS.forEach((plan, k) => {
      const s = m.sittings[k]!;
      const opened = events.find((e) => e.type === 'SittingOpened' && e.sittingId === plan.sittingId)!;
      const closed = events.find((e) => e.type === 'SittingClosed' && e.sittingId === plan.sittingId)!;
      expect([s.openedAt, s.closedAt], plan.title).toEqual([opened.at, closed.at]);
      expect(s.atOpening, plan.title).toEqual({ total: 300, present: plan.onTime.length + 1, onLeave: plan.leave.length });
      expect(s.leave.map((e) => [e.seatNo, e.name, e.reason, e.by.name]), plan.title).toEqual(plan.leave.map(({ i, reason }) => [seatNo(i), ROSTER[i]!.name, reason, '秘书处']));
      expect(s.late.map((e) => [e.seatNo, e.name, e.by.role]), plan.title).toEqual(plan.late.map((i) => [seatNo(i), ROSTER[i]!.name, 'delegate']));
      expect(s.staffMarks.map((e) => [e.seatNo, e.status, e.reason, e.by.name]), plan.title).toEqual(
        staffMarksOf(plan).map(({ i, status, reason }) => [seatNo(i), status, reason, '秘书处']),
      );
    });
    expect(m.sittings.map((s) => s.ballotIds)).toEqual([['presidium-list'], ['resolution'], ['vice-county-heads', 'budget-1', 'budget-2', 'rating']]);
    // Every agenda item, each started at the time the log says.
    const started = new Map(events.filter((e) => e.type === 'ItemStarted').map((e) => [(e as { itemId: string }).itemId, e.at]));
    expect(m.items.map((i) => [i.itemId, i.kind, i.startedAt])).toEqual(AGENDA.map((a) => [a.itemId, a.kind, started.get(a.itemId)]));
  });

  it('8. the minutes: every ballot with its times, people, published counts, outcome, void and reason', async () => {
    const m = await minutes();
    const events = await exportedEvents();
    const at = (type: string, ballotId: string) => events.find((e) => e.type === type && (e as { ballotId?: string }).ballotId === ballotId);
    const opened = events.filter((e): e is Extract<MeetingEvent, { type: 'BallotOpened' }> => e.type === 'BallotOpened');
    expect(m.ballots.map((b) => [b.seq, b.ballotId, b.openedAt, b.openedBy.name, b.secrecy])).toEqual(
      opened.map((e, k) => [k + 1, e.spec.ballotId, e.at, '主席团', e.spec.secrecy]),
    );
    for (const b of m.ballots) {
      const published = at('ResultPublished', b.ballotId);
      expect(b.closedAt, b.ballotId).toBe(at('BallotClosed', b.ballotId)?.at ?? null);
      expect(b.publishedAt, b.ballotId).toBe(published?.at ?? null);
      expect(b.result, b.ballotId).toEqual(published?.type === 'ResultPublished' ? published.result : null);
      if (b.result) expect(brokenSums(b.result), b.ballotId).toEqual([]);
    }
    const byId = new Map(m.ballots.map((b) => [b.ballotId, b]));
    expect(byId.get('resolution')!.announcement).toBe('应到 300 人，实到 281 人，参加表决 275 人，未表决 6 人。赞成 194 票，反对 54 票，弃权 27 票。通过。');
    expect(byId.get('budget-2')!.announcement).toBe('应到 300 人，实到 278 人，参加表决 277 人，未表决 1 人。赞成 183 票，反对 47 票，弃权 47 票。通过。');
    expect(byId.get('presidium-list')!.announcement).toContain('赞成 260 票，反对 20 票，弃权 10 票');
    const voided = byId.get('budget-1')!;
    expect(voided).toMatchObject({ status: 'void', result: null, closedAt: null, voided: { reason: VOID_REASON, by: { name: '主席团' }, at: at('BallotVoided', 'budget-1')!.at } });
    expect(byId.get('budget-2')).toMatchObject({ rerunOf: 'budget-1', status: 'published', secrecy: 'anonymous' });
    expect(byId.get('resolution')).toMatchObject({ secrecy: 'named', outcome: '通过' });
    expect(m.followUps).toEqual([{ ballotId: 'budget-2', of: 'budget-1', reason: 'rerun' }]);

    // The audit log names the same people: every staff mark on the three rolls, the void with its reason.
    const audit = async (query: string) =>
      ((await (await getWith(`/audit?${query}`, presidiumToken)).json()) as { entries: { type: string; ballotId: string | null; seatId: string | null; reason: string | null; actor: { name: string } }[] }).entries;
    const marks = await audit('type=AttendanceRecorded');
    expect(marks.map((e) => [e.seatId, e.actor.name])).toEqual(SITTINGS.flatMap(staffMarksOf).map(({ i }) => [delegates[i]!.seatId, '秘书处']));
    expect(await audit('type=BallotVoided')).toEqual([expect.objectContaining({ ballotId: 'budget-1', reason: VOID_REASON, actor: expect.objectContaining({ name: '主席团' }) })]);
  });

  it('9. the anonymous ballot’s voters appear in no byte of the minutes or the exports', async () => {
    // Voters of the anonymous re-run who are on no roll entry (leave, late, manual, absence) of any sitting.
    const onRolls = new Set(SITTINGS.flatMap((s) => [...staffMarksOf(s).map((e) => e.i), ...s.late]));
    const hidden = [...ANONYMOUS_PAPERS.keys()].filter((i) => !onRolls.has(i)).map((i) => ROSTER[i]!.name);
    expect(hidden).toHaveLength(258);
    const found = (text: string) => hidden.filter((name) => text.includes(name));

    // The check can see a name: the named ballot's record holds every one of them.
    const named = await (await getWith(`/ballots/${ids.named}/named.json`, presidiumToken)).text();
    expect(found(named)).toHaveLength(258);

    const ticketed = async (purpose: string, ballotId?: string) => {
      const minted = await http.request<{ url: string }>('POST', api('/link-tickets'), ballotId ? { purpose, ballotId } : { purpose }, presidiumToken);
      const res = await fetch(server.baseUrl + minted.body.url);
      expect(res.status, purpose).toBe(200);
      return res.text();
    };
    const texts: Record<string, string> = {
      'minutes': await (await getWith('/minutes', secretariatToken)).text(),
      'minutes.json': await (await getWith('/minutes.json', secretariatToken)).text(),
      'minutes.csv': await (await getWith('/minutes.csv', secretariatToken)).text(),
      'minutes print': await ticketed('minutes-sheet'),
      'results.json': await (await getWith('/results.json', secretariatToken)).text(),
      'results.csv': await (await getWith('/results.csv', secretariatToken)).text(),
      'result sheet (anonymous)': await ticketed('result-sheet', ids.anonymous),
      'result sheet (voided)': await ticketed('result-sheet', ids.voided),
    };
    for (const [what, text] of Object.entries(texts)) {
      expect(text.length, what).toBeGreaterThan(200);
      expect(found(text), what).toEqual([]);
      expect(text, what).not.toMatch(/choiceKey|idempotencyKey|receiptId/);
    }
    // The printed minutes (A4): each sitting's line as announced, every leave with its reason and
    // every manual sign-in; every ballot with its announcement; the void with its reason.
    const print = texts['minutes print']!;
    const m = await minutes();
    for (const s of m.sittings) expect(print).toContain(`<p class="line">${s.attendanceLine}</p>`);
    for (const plan of SITTINGS) {
      for (const { i, reason } of plan.leave) expect(print).toContain(`<li>${seatNo(i)} ${ROSTER[i]!.name}（${reason}）`);
      expect(print).toContain(`<li>${seatNo(plan.manual.i)} ${ROSTER[plan.manual.i]!.name}（${plan.manual.reason}）`);
    }
    for (const b of m.ballots) if (b.announcement) expect(print).toContain(b.announcement);
    expect(print).toContain(`理由：${VOID_REASON}`);
    const csvRows = texts['minutes.csv']!.trimEnd().split('\r\n');
    expect(csvRows).toHaveLength(1 + 6);
    expect(csvRows.find((r) => r.includes(',budget-1,'))).toContain(VOID_REASON);
    expect(csvRows.find((r) => r.includes(',budget-2,'))).toContain(',budget-1,');
    expect(texts['result sheet (anonymous)']).toContain('赞成 183 票');

    // The archive export holds the roster (names) and who voted, but no choice of an anonymous paper.
    const archive = (await (await getWith('/export', secretariatToken)).json()) as {
      votes: { participations: { ballotId: string; seatId: string; choiceKey: string | null }[]; boxes: Record<string, Record<string, number>> };
    };
    const entries = archive.votes.participations.filter((p) => p.ballotId === ids.anonymous);
    expect(entries).toHaveLength(ANONYMOUS_PAPERS.size);
    expect(entries.every((p) => p.choiceKey === null)).toBe(true);
    expect(archive.votes.participations.filter((p) => p.ballotId === ids.named && p.choiceKey !== null)).toHaveLength(NAMED_PAPERS.size);
    // The box is counts only: nothing in it names a seat.
    expect(archive.votes.boxes[ids.anonymous!]).toEqual(countOptions(ANONYMOUS_PAPERS));
  });

  async function preparation() {
    const reply = await http.request<{ ok: boolean; version: number; spec: MeetingSpec }>('GET', api('/preparation'), undefined, secretariatToken);
    expect(reply.status).toBe(200);
    return reply.body;
  }

  async function minutes(): Promise<Minutes> {
    const res = await getWith('/minutes', secretariatToken);
    expect(res.status).toBe(200);
    return ((await res.json()) as { minutes: Minutes }).minutes;
  }

  async function exportedEvents(): Promise<(MeetingEvent & { sittingId?: string })[]> {
    return ((await (await getWith('/export', secretariatToken)).json()) as { events: (MeetingEvent & { sittingId?: string })[] }).events;
  }

  // The plan itself is consistent: nobody is on two lists of one roll, and every paper comes from a present delegate.
  it('the plan itself: each sitting’s roll lists every delegate at most once, and only present delegates vote', () => {
    for (const plan of SITTINGS) {
      const all = [...plan.leave.map((l) => l.i), ...plan.onTime, plan.manual.i, ...plan.late, ...plan.absent];
      expect(new Set(all).size, plan.title).toBe(all.length);
    }
    const papers: [SittingPlan, Papers<unknown>][] = [
      [SITTINGS[0]!, LIST_PAPERS],
      [SITTINGS[1]!, NAMED_PAPERS],
      [SITTINGS[2]!, ELECTION_PAPERS],
      [SITTINGS[2]!, VOIDED_PAPERS],
      [SITTINGS[2]!, ANONYMOUS_PAPERS],
      [SITTINGS[2]!, RATING_PAPERS],
    ];
    for (const [plan, p] of papers) {
      const present = new Set(presentOf(plan));
      expect([...p.keys()].filter((i) => !present.has(i))).toEqual([]);
    }
    expect(range(0, 299).map((i) => ROSTER[i]!.name).filter((n, k, all) => all.indexOf(n) !== k)).toEqual([]);
  });
});
