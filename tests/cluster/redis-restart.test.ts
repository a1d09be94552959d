import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, PublicView } from '../../shared/domain/views';
import type { MeetingArchive } from '../../server/store/types';
import { congressSpec, openBallot, pairAll, randomOption, tally, type Option } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { redisServerAvailable } from '../support/redis-server';
import { connect, emitOk, ViewLog, type Ack } from '../support/sockets';
import { startCluster, type TestCluster } from './cluster-nodes';
import { RoamingTablet } from './roaming-tablet';

const DELEGATES = 30;
const VOTED_BEFORE_RESTART = 12;
const POLL = { timeout: 30_000, interval: 100 };

const healthStatus = async (baseUrl: string) => (await fetch(`${baseUrl}/api/health`)).status;

describe.skipIf(!redisServerAvailable())('Redis (AOF, fsync always) killed and restarted mid-session', () => {
  let cluster: TestCluster;
  const closers: { close(): void }[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2);
  });

  afterAll(async () => {
    for (const c of closers) c.close();
    await cluster?.stop();
  });

  it('loses no acknowledged vote or command, and the nodes carry on by themselves', async () => {
    const urls = cluster.nodes.map((n) => n.baseUrl);
    const http = new HttpClient(urls[0]!);
    const secretariat = await http.staffToken('secretariat');
    const presidiumToken = await http.staffToken('presidium');
    const meetingId = await http.createMeeting(secretariat, congressSpec(DELEGATES));
    const paired = await pairAll(http, secretariat, meetingId);
    const tablets = paired.map((p, i) => new RoamingTablet(urls, p, i % 2));
    closers.push(...tablets);
    await Promise.all(tablets.map((t) => t.connect()));
    const consoleView = new ViewLog<ConsoleView>();
    const presidium = await connect(urls[1]!, { token: presidiumToken, meetingId }, consoleView);
    const link = await http.request<{ token: string }>('GET', `/api/meetings/${meetingId}/wall-link`, undefined, secretariat);
    const wallView = new ViewLog<PublicView>();
    const wall = await connect(urls[0]!, { token: link.body.token }, wallView);
    closers.push(presidium, wall);

    await Promise.all(tablets.map((t) => emitOk(t.socket!, 'delegate:signIn')));
    await consoleView.waitFor((v) => v.attendance.present === DELEGATES, 'everyone present');
    await emitOk(presidium, 'presidium:openSession');
    await emitOk(presidium, 'presidium:startItem', { itemId: 'item-1' });
    const first = await openBallot(presidium, { itemId: 'item-1', title: '重启前开始的表决' });
    const lastAckedCommand = await emitOk(presidium, 'staff:recordAttendance', { seatId: 's01', status: 'present' });
    await Promise.all(tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === first && v.ballot.status === 'open')));

    const choices = new Map<string, Option>(tablets.map((t) => [t.seatId, randomOption()]));
    const cast = (t: RoamingTablet, ballotId: string) =>
      t.castUntilAnswered({ ballotId, idempotencyKey: `key-${ballotId}-${t.seatId}`, choice: { option: choices.get(t.seatId) } });
    const answers = new Map<string, Ack>();
    for (const t of tablets.slice(0, VOTED_BEFORE_RESTART)) answers.set(t.seatId, await cast(t, first));

    // Redis dies without warning; both nodes notice and report themselves not ready.
    await cluster.redis.kill('SIGKILL');
    for (const url of urls) await expect.poll(() => healthStatus(url), POLL).toBe(503);

    // The rest vote into the outage (their tablets retry with the same key) while Redis comes back.
    const late = Promise.all(tablets.slice(VOTED_BEFORE_RESTART).map(async (t) => answers.set(t.seatId, await cast(t, first))));
    await cluster.redis.restart();
    await late;
    for (const url of urls) await expect.poll(() => healthStatus(url), POLL).toBe(200);
    for (const t of tablets) expect(answers.get(t.seatId)).toMatchObject({ ok: true, receipt: { ballotId: first, seatId: t.seatId } });

    // Everything acknowledged before the crash is in the log and the register.
    const exported = await http.request<MeetingArchive>('GET', `/api/meetings/${meetingId}/export`, undefined, secretariat);
    expect(exported.body.events.length).toBeGreaterThanOrEqual(lastAckedCommand.version as number);
    const register = new Map(exported.body.votes.participations.filter((p) => p.ballotId === first).map((p) => [p.seatId, p.receiptId]));
    for (const [seatId, answer] of answers) expect(answer.ok && (answer.receipt as { receiptId: string }).receiptId).toBe(register.get(seatId));

    await emitOk(presidium, 'presidium:closeBallot', { ballotId: first });
    await emitOk(presidium, 'presidium:publishResult', { ballotId: first });
    const firstResult = await wallView.waitFor((v) => v.ballot?.ballotId === first && v.ballot.status === 'published', 'first result');
    expect(firstResult.ballot?.result).toMatchObject({ voted: DELEGATES, notVoted: 0, ...tally(choices.values()) });

    // The session goes on: the next item, a new ballot, every vote, a published result.
    await emitOk(presidium, 'presidium:startItem', { itemId: 'item-2' });
    const second = await openBallot(presidium, { itemId: 'item-2', title: '重启后的表决' });
    await Promise.all(tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === second && v.ballot.status === 'open')));
    for (const t of tablets) choices.set(t.seatId, randomOption());
    const secondAnswers = await Promise.all(tablets.map((t) => cast(t, second)));
    for (const answer of secondAnswers) expect(answer).toMatchObject({ ok: true, duplicate: false });
    await emitOk(presidium, 'presidium:closeBallot', { ballotId: second });
    await emitOk(presidium, 'presidium:publishResult', { ballotId: second });
    const secondResult = await wallView.waitFor((v) => v.ballot?.ballotId === second && v.ballot.status === 'published', 'second result');
    expect(secondResult.ballot?.result).toMatchObject({ voted: DELEGATES, notVoted: 0, ...tally(choices.values()) });
  });
});
