import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublicView } from '../../shared/domain/views';
import { createClient } from 'redis';
import { NOTICE_CHANNEL } from '../../server/cluster/notices';
import { silentLogger } from '../../server/logger';
import { BallotKeyring } from '../../server/secrecy/ballot-keys';
import { congressSpec } from '../support/hall';
import { RedisStore } from '../../server/store/redis/redis-store';
import { FakeClock } from '../support/fake-clock';
import { connectTablet, openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { connect, emitAck, emitOk, ViewLog } from '../support/sockets';
import { HttpClient } from '../support/http-client';
import { TEST_BALLOT_KEY } from '../support/test-config';
import { startInProcessNode, type InProcessNode } from './in-process-node';

const POLL = { timeout: 30_000, interval: 100 };
const healthOf = async (baseUrl: string) => {
  const res = await fetch(`${baseUrl}/api/health`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** A wall of the hall's meeting connected to `node`, which then follows the meeting. */
async function wallOn(node: InProcessNode, hall: Hall): Promise<{ wall: Awaited<ReturnType<typeof connect>>; views: ViewLog<PublicView> }> {
  const link = await hall.http.request<{ token: string }>('GET', `/api/meetings/${hall.meetingId}/wall-link`, undefined, hall.presidiumToken);
  const views = new ViewLog<PublicView>();
  return { wall: await connect(node.baseUrl, { token: link.body.token }, views), views };
}

describe.skipIf(!redisServerAvailable())('cluster nodes in one process', () => {
  let redis: RedisServer;
  const nodes: InProcessNode[] = [];
  let hall: Hall | null = null;

  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
  });

  afterEach(async () => {
    hall?.closeSockets();
    hall = null;
    for (const node of nodes.splice(0)) await node.close();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('closes a ballot at its deadline exactly once when both nodes\u2019 countdowns fire', async () => {
    const clock = new FakeClock();
    nodes.push(await startInProcessNode(redis.url, { clock }), await startInProcessNode(redis.url, { clock }));
    const [a, b] = nodes as [InProcessNode, InProcessNode];
    hall = await openHall(a.baseUrl, 6);
    await startSitting(hall);
    // Node B watches through its own wall, so it has read the ballot (and armed its countdown).
    const { wall, views: wallOnB } = await wallOn(b, hall);
    // Redis judges the deadline by its own clock: start the countdown from the real now, however long the setup took.
    clock.advance(Date.now() - clock.now());
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '限时表决', durationSec: 10 });
    await wallOnB.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open', 'ballot open on node B');
    const voters = hall.tablets.slice(0, 4);
    await Promise.all(voters.map((t) => emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${t.seatId}-dl`, choice: { option: 'yes' } })));

    clock.advance(11_000);
    await Promise.all([a.app.service.closeOverdueBallots(), b.app.service.closeOverdueBallots()]);

    const store = await RedisStore.connect(redis.url, { logger: silentLogger, keyring: BallotKeyring.fromSecret(TEST_BALLOT_KEY) });
    try {
      const closes = (await store.readEvents(hall.meetingId, 0)).filter((e) => e.type === 'BallotClosed' && e.ballotId === ballotId);
      expect(closes).toEqual([expect.objectContaining({ reason: 'deadline', by: { role: 'system', name: 'countdown' } })]);
    } finally {
      await store.close();
    }
    for (const node of nodes) expect(node.app.service.cachedState(hall.meetingId)?.ballots.get(ballotId)?.status).toBe('closed');
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    const published = await wallOnB.waitFor((v) => v.ballot?.status === 'published', 'published on node B');
    expect(published.ballot?.result).toMatchObject({ voted: 4, yes: 4, notVoted: 2 });
    wall.close();
  });

  it("gives a named ballot's per-delegate record with every choice on the node that only heard of the votes from its peer", async () => {
    nodes.push(await startInProcessNode(redis.url), await startInProcessNode(redis.url));
    const [a, b] = nodes as [InProcessNode, InProcessNode];
    hall = await openHall(a.baseUrl, 6);
    await startSitting(hall);
    // Node B serves a wall, so it follows the meeting (and hears of A's votes by notice, which carry no choice).
    const { wall, views: wallOnB } = await wallOn(b, hall);
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议', secrecy: 'named' });
    await wallOnB.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open', 'ballot open on node B');
    const choices = ['yes', 'no', 'abstain', 'yes'] as const;
    await Promise.all(choices.map((option, i) => emitOk(hall!.tablets[i]!.socket, 'ballot:cast', { ballotId, idempotencyKey: `named-b-${i}-key`, choice: { option } })));
    // B's copy has the four entries, from A's notices (without their papers).
    await expect.poll(() => b.app.service.cachedState(hall!.meetingId)?.registers.get(ballotId)?.size, POLL).toBe(4);
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    await wallOnB.waitFor((v) => v.ballot?.status === 'published', 'published on node B');

    const onB = new HttpClient(b.baseUrl);
    const record = await onB.request<{ records: { seatId: string; status: string; choice: string }[] }>('GET', `/api/meetings/${hall.meetingId}/ballots/${ballotId}/named.json`, undefined, hall.presidiumToken);
    expect(record.status).toBe(200);
    expect(record.body.records.map((r) => [r.seatId, r.status, r.choice])).toEqual([
      ['s01', 'voted', '赞成'],
      ['s02', 'voted', '反对'],
      ['s03', 'voted', '弃权'],
      ['s04', 'voted', '赞成'],
      ['s05', 'not_voted', ''],
      ['s06', 'not_voted', ''],
    ]);
    wall.close();
  });

  it('pairs a seat card on a node other than the one that issued it, before any notice arrives', async () => {
    nodes.push(await startInProcessNode(redis.url), await startInProcessNode(redis.url));
    const [a, b] = nodes as [InProcessNode, InProcessNode];
    const spec = { ...congressSpec(3), meetingId: 'm-pair-across' };
    const secretariat = { role: 'secretariat', name: '秘书处' } as const;
    expect(await a.app.service.createMeeting(spec as Parameters<typeof a.app.service.createMeeting>[0], secretariat)).toMatchObject({ ok: true });
    await b.app.service.stateOf(spec.meetingId); // B has the meeting cached, without the codes
    const issued = await a.app.service.issuePairingCodes(spec.meetingId, ['s01'], secretariat);
    const code = issued.ok ? issued.codes[0]!.code : '';
    // No await in between: B's notice of the new code cannot have been handled yet.
    expect(await b.app.service.pairDevice(code, 'device-paired-on-b')).toEqual({ ok: true, meetingId: spec.meetingId, seatId: 's01' });
    expect(await a.app.service.pairDevice(code, 'device-second-try')).toMatchObject({ ok: false, code: 'PAIRING_CODE_INVALID' });
  });

  it('ignores malformed and foreign messages on the notice channel', async () => {
    nodes.push(await startInProcessNode(redis.url));
    const [node] = nodes as [InProcessNode];
    hall = await openHall(node.baseUrl, 2);
    const publisher = createClient({ url: redis.url });
    await publisher.connect();
    try {
      for (const message of ['not json', '{"t":"moved"}', JSON.stringify({ t: 'cast', from: 'x', meetingId: hall.meetingId, participation: {}, voted: -1 }), JSON.stringify({ t: 'casts', from: 'x', meetingId: hall.meetingId, casts: [{ participation: { ballotId: '__proto__' }, voted: 1 }] }), JSON.stringify({ t: 'casts', from: 'x', meetingId: hall.meetingId, casts: 'all' }), JSON.stringify({ t: 'castRows', from: 'x', meetingId: hall.meetingId, ballots: ['__proto__'], rows: [[3, 'constructor', 'k', 'r', 1, 1, null]] }), JSON.stringify({ t: 'castRows', from: 'x', meetingId: hall.meetingId, ballots: ['__proto__'], rows: [[0, 'constructor', 'k', 'r', 1, 1, 'yes']] }), JSON.stringify({ t: 'moved', from: 'x', meetingId: 'm-nowhere', version: 99 })]) {
        await publisher.publish(NOTICE_CHANNEL, message);
      }
    } finally {
      await publisher.close();
    }
    // Still serving, with the state unchanged.
    expect((await healthOf(node.baseUrl)).status).toBe(200);
    await startSitting(hall);
    expect(node.app.service.cachedState(hall.meetingId)?.phase).toBe('in_session');
  });

  it('answers STORE_UNAVAILABLE while Redis is down, reports not ready, and recovers by itself', async () => {
    nodes.push(await startInProcessNode(redis.url, { store: { commandTimeoutMs: 500 } }));
    const [node] = nodes as [InProcessNode];
    hall = await openHall(node.baseUrl, 4);
    await startSitting(hall);
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '停机中的表决' });
    const [voter, other] = hall.tablets as [Hall['tablets'][0], Hall['tablets'][0]];
    const payload = { ballotId, idempotencyKey: `key-${voter.seatId}-outage`, choice: { option: 'no' } };
    expect((await healthOf(node.baseUrl)).body).toMatchObject({ ok: true, ready: true });

    await redis.kill('SIGKILL');
    await expect.poll(async () => (await healthOf(node.baseUrl)).status, POLL).toBe(503);
    expect((await healthOf(node.baseUrl)).body).toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE', ready: false });

    // A cast: a stable code, and the instruction to send it again with the same key.
    expect(await emitAck(voter.socket, 'ballot:cast', payload)).toMatchObject({
      ok: false,
      code: 'STORE_UNAVAILABLE',
      details: { outcome: expect.stringMatching(/^(not_run|unknown)$/), retry: 'same_idempotency_key' },
    });
    // A command: the same code; nothing was recorded.
    expect(await emitAck(hall.presidium, 'staff:recordAttendance', { seatId: other.seatId, status: 'on_leave' })).toMatchObject({
      ok: false,
      code: 'STORE_UNAVAILABLE',
    });

    await redis.restart();
    await expect.poll(async () => (await healthOf(node.baseUrl)).status, POLL).toBe(200);
    // The retry with the same key goes through once; a fresh tablet connection works too.
    expect(await emitAck(voter.socket, 'ballot:cast', payload)).toMatchObject({ ok: true, receipt: { ballotId, seatId: voter.seatId } });
    expect(await emitAck(voter.socket, 'ballot:cast', payload)).toMatchObject({ ok: true, duplicate: true });
    const again = await connectTablet(node.baseUrl, other);
    expect(await emitAck(again.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${other.seatId}-after`, choice: { option: 'yes' } })).toMatchObject({
      ok: true,
      duplicate: false,
    });
    again.socket.close();
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    const closed = await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    expect(closed.ok).toBe(true);
    const sync = await emitAck(hall.presidium, 'meeting:sync', {});
    const ballot = sync.ok ? (sync.view as { ballots: { ballotId: string; result: unknown }[] }).ballots.find((b) => b.ballotId === ballotId) : null;
    expect(ballot?.result).toMatchObject({ voted: 2, yes: 1, no: 1 });
  });
});
