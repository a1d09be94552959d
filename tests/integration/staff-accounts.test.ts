import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ConsoleView } from '../../shared/domain/views';
import type { MeetingEvent } from '../../shared/domain/meeting';
import { ACK_SCHEMAS } from '../../shared/protocol/acks';
import { congressSpec, connectTablet, newDeviceId } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { connect, connectRefusal, emitAck, emitOk, nextEvent, ViewLog } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startInProcessNode, type InProcessNode } from '../cluster/in-process-node';

/**
 * Staff are people (issue 8 §4): each logs in with their own account, acts only under their
 * roles and on their meetings, is named in the log, can be cut off at once; and while a ballot
 * is open no one person can re-pair a seat or change its attendance (two-person rule).
 */
const PASSWORD = 'correct-horse-battery';

interface Person {
  login: string;
  displayName: string;
  roles: string[];
  accountId?: string;
}

const CLERK: Person = { login: 'wangfang', displayName: '王芳', roles: ['secretariat'] };
const CHAIR_LI: Person = { login: 'liming', displayName: '李明', roles: ['chair'] };
const CHAIR_ZHAO: Person = { login: 'zhaoqiang', displayName: '赵强', roles: ['chair'] };
const TELLER: Person = { login: 'zhouming', displayName: '周明', roles: ['teller'] };
const OBSERVER: Person = { login: 'sunli', displayName: '孙丽', roles: ['observer'] };
const OUTSIDER: Person = { login: 'outsider', displayName: '外会秘书', roles: ['secretariat'] };

let server: TestServer;
let http: HttpClient;
let admin: string;
let meetingId: string;
const sockets: Socket[] = [];

async function token(person: Person): Promise<string> {
  const reply = await http.login(person.login, PASSWORD);
  if (!reply.body.ok || !reply.body.token) throw new Error(`login ${person.login} failed: ${JSON.stringify(reply.body)}`);
  return reply.body.token;
}

async function consoleOf(person: Person, views?: ViewLog<ConsoleView>): Promise<Socket> {
  const socket = await connect(server.baseUrl, { token: await token(person), meetingId }, views);
  sockets.push(socket);
  return socket;
}

async function logOf(): Promise<MeetingEvent[]> {
  const reply = await http.request<{ events: MeetingEvent[] }>('GET', `/api/meetings/${meetingId}/export`, undefined, await token(CHAIR_LI));
  return reply.body.events;
}

beforeAll(async () => {
  server = await startTestServer();
  http = new HttpClient(server.baseUrl);
  admin = await http.adminToken();
  // The clerk creates the meeting, so is assigned to it; the others are assigned by the administrator.
  const clerk = await http.request<{ account: { accountId: string } }>('POST', '/api/accounts', { ...CLERK, password: PASSWORD }, admin);
  CLERK.accountId = clerk.body.account.accountId;
  meetingId = await http.createMeeting(await token(CLERK), congressSpec(4));
  for (const person of [CHAIR_LI, CHAIR_ZHAO, TELLER, OBSERVER]) {
    const reply = await http.request<{ account: { accountId: string } }>('POST', '/api/accounts', { ...person, password: PASSWORD, meetings: [meetingId] }, admin);
    expect(reply.status).toBe(201);
    person.accountId = reply.body.account.accountId;
  }
  await http.request('POST', '/api/accounts', { ...OUTSIDER, password: PASSWORD }, admin);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

describe('staff accounts over a real server', () => {
  it('logs a person in by login name and password, and refuses a wrong password or unknown name alike', async () => {
    const ok = await http.login(CLERK.login, PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body.account).toMatchObject({ login: CLERK.login, name: '王芳', roles: ['secretariat'], meetings: [meetingId] });

    const wrong = await http.login(CLERK.login, 'not-the-password');
    const unknown = await http.login('nobody-here', PASSWORD);
    expect(wrong).toMatchObject({ status: 401, body: { ok: false, code: 'UNAUTHORIZED' } });
    expect(unknown.body).toEqual(wrong.body);
    // The old shared-password login is gone.
    expect((await http.request('POST', '/api/auth/staff', { role: 'presidium', name: 'x', password: PASSWORD })).status).toBe(400);
  });

  it('keeps password hashes out of every answer and the accounts page for administrators only', async () => {
    const list = await http.request<{ accounts: Record<string, unknown>[] }>('GET', '/api/accounts', undefined, admin);
    expect(list.body.accounts.map((a) => a['login'])).toEqual(expect.arrayContaining(['admin', CLERK.login, CHAIR_LI.login]));
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash/);
    expect((await http.request('GET', '/api/accounts', undefined, await token(CHAIR_LI))).status).toBe(403);
    expect((await http.request('POST', '/api/accounts', { ...TELLER, login: 'x2', password: PASSWORD }, await token(CLERK))).status).toBe(403);
  });

  it('enforces the roles per socket event', async () => {
    const observer = await consoleOf(OBSERVER);
    expect(await emitAck(observer, 'meeting:sync')).toMatchObject({ ok: true });
    expect(await emitAck(observer, 'staff:recordAttendance', { seatId: 's01', status: 'present' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await emitAck(observer, 'presidium:openSession')).toMatchObject({ code: 'FORBIDDEN' });

    const teller = await consoleOf(TELLER);
    expect(await emitAck(teller, 'presidium:openSession')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await emitAck(teller, 'staff:recordAttendance', { seatId: 's01', status: 'present' })).toMatchObject({ code: 'FORBIDDEN' });
    // R3.11: a teller may enter hand counts (refused here only because the ballot does not exist).
    expect(await emitAck(teller, 'presidium:enterManualCount', { ballotId: 'no-such', counts: { yes: 1, no: 0, abstain: 0 } })).not.toMatchObject({
      code: 'FORBIDDEN',
    });

    const clerk = await consoleOf(CLERK);
    expect(await emitAck(clerk, 'presidium:openSession')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await emitAck(clerk, 'presidium:decideRequest', { requestId: 'req-1', approve: true })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets an account act only on the meetings it is assigned to', async () => {
    const outsider = await token(OUTSIDER);
    expect(await connectRefusal(server.baseUrl, { token: outsider, meetingId })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await http.request('GET', `/api/meetings/${meetingId}/export`, undefined, outsider)).status).toBe(403);
    expect((await http.request('POST', `/api/meetings/${meetingId}/pairing-codes`, {}, outsider)).status).toBe(403);
    const list = await http.request<{ meetings: { meetingId: string }[] }>('GET', '/api/meetings', undefined, outsider);
    expect(list.body.meetings.map((m) => m.meetingId)).not.toContain(meetingId);
  });

  it('revoking a session disconnects its sockets at once and refuses its token everywhere', async () => {
    const zhaoToken = await token(CHAIR_ZHAO);
    const socket = await connect(server.baseUrl, { token: zhaoToken, meetingId });
    sockets.push(socket);
    const disconnected = nextEvent<string>(socket, 'disconnect');
    const revoked = await http.request<{ revoked: number }>('POST', `/api/accounts/${CHAIR_ZHAO.accountId}/revoke-sessions`, {}, admin);
    expect(revoked.body.revoked).toBeGreaterThanOrEqual(1);
    expect(await disconnected).toBe('io server disconnect');
    expect((await http.request('GET', '/api/auth/me', undefined, zhaoToken)).status).toBe(401);
    expect(await connectRefusal(server.baseUrl, { token: zhaoToken, meetingId })).toMatchObject({ code: 'UNAUTHORIZED' });
    // A fresh login works again: the account is not disabled, only that session ended.
    expect((await http.request('GET', '/api/auth/me', undefined, await token(CHAIR_ZHAO))).status).toBe(200);
  });

  it('a disabled account cannot log in, and its live token stops working', async () => {
    const t = await token(OUTSIDER);
    const accounts = await http.request<{ accounts: { accountId: string; login: string }[] }>('GET', '/api/accounts', undefined, admin);
    const id = accounts.body.accounts.find((a) => a.login === OUTSIDER.login)!.accountId;
    expect((await http.request('PATCH', `/api/accounts/${id}`, { disabled: true }, admin)).status).toBe(200);
    expect((await http.request('GET', '/api/auth/me', undefined, t)).status).toBe(401);
    expect((await http.login(OUTSIDER.login, PASSWORD)).status).toBe(401);
  });

  it('two-person rule: during an open ballot the secretariat alone cannot mark a seat present or re-pair it; a chair approves', async () => {
    const clerkToken = await token(CLERK);
    // Seats 1-3 paired and present; seat 4 absent, with a card printed before the sitting.
    const codes = await http.issueCodes(clerkToken, meetingId);
    const tablets = await Promise.all(
      ['s01', 's02', 's03'].map(async (seatId) => {
        const deviceId = newDeviceId();
        const reply = await http.pair(codes.get(seatId)!, deviceId);
        return connectTablet(server.baseUrl, { seatId, deviceId, token: reply.body.token });
      }),
    );
    sockets.push(...tablets.map((t) => t.socket));
    await Promise.all(tablets.map((t) => emitOk(t.socket, 'delegate:signIn')));
    const consoleViews = new ViewLog<ConsoleView>();
    const li = await consoleOf(CHAIR_LI, consoleViews);
    const clerk = await consoleOf(CLERK);
    await emitOk(li, 'presidium:openSession');
    await emitOk(li, 'presidium:startItem', { itemId: 'item-1' });
    const opened = await emitOk(li, 'presidium:openBallot', { itemId: 'item-1', title: '匿名表决', secrecy: 'anonymous' });
    const ballotId = opened.ballotId as string;

    // The clerk marks the absent seat present: it becomes a pending request, visible on the console.
    const asked = await emitOk(clerk, 'staff:recordAttendance', { seatId: 's04', status: 'present' });
    expect(asked.pendingRequestId).toEqual(expect.any(String));
    // The ack is one docs/PROTOCOL.md describes (its schema is strict: an undocumented field fails).
    expect(ACK_SCHEMAS['staff:recordAttendance'].safeParse(asked).error).toBeUndefined();
    const pendingView = await consoleViews.waitFor((v) => v.requests.some((r) => r.requestId === asked.pendingRequestId), 'the request on the console');
    expect(pendingView.seats.find((s) => s.seatId === 's04')?.attendance).toBe('not_signed_in');
    expect(pendingView.requests[0]).toMatchObject({ kind: 'attendance', seatId: 's04', state: 'pending', requestedBy: { name: '王芳', role: 'secretariat' } });

    // The card printed before the ballot cannot pair a device now.
    const early = await http.pair(codes.get('s04')!, newDeviceId());
    expect(early.body).toMatchObject({ ok: false, code: 'CHAIR_APPROVAL_REQUIRED' });
    // A new code for the seat waits for the chair too, and does not work before.
    const reissue = await http.request<{ codes: { code: string }[]; pendingApproval: string[] }>(
      'POST',
      `/api/meetings/${meetingId}/pairing-codes`,
      { seatIds: ['s04'] },
      clerkToken,
    );
    expect(reissue.body.pendingApproval).toHaveLength(1);
    const newCode = reissue.body.codes[0]!.code;
    expect((await http.pair(newCode, newDeviceId())).body).toMatchObject({ ok: false });

    // A chair approves both (a different person from the clerk); the changes then happen.
    await emitOk(li, 'presidium:decideRequest', { requestId: asked.pendingRequestId, approve: true });
    await emitOk(li, 'presidium:decideRequest', { requestId: reissue.body.pendingApproval[0], approve: true });
    const approved = await consoleViews.waitFor((v) => v.requests.every((r) => r.state === 'approved'), 'both requests approved');
    expect(approved.seats.find((s) => s.seatId === 's04')?.attendance).toBe('present');
    expect(approved.requests).toHaveLength(2);
    expect(approved.requests[0]?.decidedBy).toEqual({ name: '李明', role: 'chair' });
    const deviceId = newDeviceId();
    const paired = await http.pair(newCode, deviceId);
    expect(paired.body).toMatchObject({ ok: true, seatId: 's04' });
    const fourth = await connectTablet(server.baseUrl, { seatId: 's04', deviceId, token: paired.body.token });
    sockets.push(fourth.socket);
    expect(await emitAck(fourth.socket, 'ballot:cast', { ballotId, idempotencyKey: 'key-s04-approved', choice: { option: 'yes' } })).toMatchObject({
      ok: true,
    });

    // The log names both people of each request.
    const events = await logOf();
    const requested = events.filter((e) => e.type === 'ChangeRequested');
    const decided = events.filter((e) => e.type === 'ChangeDecided');
    expect(requested.map((e) => e.by)).toEqual([
      { role: 'secretariat', name: '王芳', accountId: CLERK.accountId },
      { role: 'secretariat', name: '王芳', accountId: CLERK.accountId },
    ]);
    expect(decided.map((e) => e.by)).toEqual([
      { role: 'chair', name: '李明', accountId: CHAIR_LI.accountId },
      { role: 'chair', name: '李明', accountId: CHAIR_LI.accountId },
    ]);
    await emitOk(li, 'presidium:closeBallot', { ballotId });
    await emitOk(li, 'presidium:publishResult', { ballotId });

    // R3.11: a teller enters the hand count of a show-of-hands ballot; the sheet prints the person.
    const manual = await emitOk(li, 'presidium:openBallot', { itemId: 'item-1', title: '举手表决', secrecy: 'named', method: 'manual' });
    const teller = await consoleOf(TELLER);
    await emitOk(teller, 'presidium:enterManualCount', { ballotId: manual.ballotId, counts: { kind: 'motion', yes: 3, no: 1, abstain: 0 } });
    await emitOk(li, 'presidium:publishResult', { ballotId: manual.ballotId });
    const sheet = await fetch(`${server.baseUrl}/api/meetings/${meetingId}/ballots/${String(manual.ballotId)}/result-sheet`, {
      headers: { authorization: `Bearer ${await token(TELLER)}` },
    });
    expect(await sheet.text()).toContain('录入人：周明（计票人）');
  });

  it('the log names the person and the role used for every staff command', async () => {
    const events = await logOf();
    const opened = events.find((e) => e.type === 'SessionOpened');
    expect(opened?.by).toEqual({ role: 'chair', name: '李明', accountId: CHAIR_LI.accountId });
    const issued = events.find((e) => e.type === 'PairingCodeIssued');
    expect(issued?.by).toEqual({ role: 'secretariat', name: '王芳', accountId: CLERK.accountId });
    const created = events.find((e) => e.type === 'MeetingCreated');
    expect(created?.by).toMatchObject({ name: '王芳', accountId: CLERK.accountId });
  });

  it('counts failed logins per account and address: one shared NAT address guessing at A does not lock out B', async () => {
    // A fresh pair of accounts, so other tests' logins do not count.
    for (const login of ['nat-a', 'nat-b']) {
      await http.request('POST', '/api/accounts', { login, displayName: login, roles: ['secretariat'], password: PASSWORD }, admin);
    }
    for (let i = 0; i < 10; i++) expect((await http.login('nat-a', `wrong-${i}`)).status).toBe(401);
    // A is locked (even with its right password) ...
    expect((await http.login('nat-a', PASSWORD)).body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    // ... and B, from the very same address, is not.
    expect((await http.login('nat-b', PASSWORD)).status).toBe(200);
  });
});

describe.skipIf(!redisServerAvailable() && !process.env['CI'])('staff accounts in cluster mode (two nodes, one Redis)', () => {
  let redis: RedisServer;
  let nodeA: InProcessNode;
  let nodeB: InProcessNode;

  beforeAll(async () => {
    redis = await startRedis();
    nodeA = await startInProcessNode(redis.url);
    nodeB = await startInProcessNode(redis.url);
  });

  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
    await redis?.stop();
  });

  it('an account made on one node logs in on the other, and revoking on one disconnects its socket on the other', async () => {
    const a = new HttpClient(nodeA.baseUrl);
    const b = new HttpClient(nodeB.baseUrl);
    await a.ensureAccount({ login: 'liming', displayName: '李明', roles: ['chair'], allMeetings: true, password: PASSWORD });
    const meetingId = await a.createMeeting(await a.staffToken('secretariat'), congressSpec(3));
    const login = await b.login('liming', PASSWORD);
    expect(login.status).toBe(200);
    const socket = await connect(nodeB.baseUrl, { token: login.body.token, meetingId });
    const disconnected = nextEvent<string>(socket, 'disconnect');
    const accountId = (login.body.account as { accountId: string }).accountId;
    expect((await a.request('POST', `/api/accounts/${accountId}/revoke-sessions`, {}, await a.adminToken())).status).toBe(200);
    expect(await disconnected).toBe('io server disconnect');
    expect((await b.request('GET', '/api/auth/me', undefined, login.body.token)).status).toBe(401);
  });
});
