import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, DelegateView, PublicView } from '../../shared/domain/views';
import { silentLogger } from '../../server/logger';
import { BallotKeyring } from '../../server/secrecy/ballot-keys';
import { RedisStore } from '../../server/store/redis/redis-store';
import { congressSpec, connectTablet, openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { connect, emitAck, emitOk, ViewLog } from '../support/sockets';
import { TEST_BALLOT_KEY } from '../support/test-config';
import { startInProcessNode, type InProcessNode } from './in-process-node';
import { TurnoutLog } from './turnout-log';

/**
 * "A node never answers from a copy older than what the store has acknowledged" (issue 9).
 * Node B is made deaf to the other node's notices, as after notices lost to a dying peer or a
 * dropped channel: everything it knows of A's changes it must read from the store, when a
 * client (re)connects or syncs, before it refuses, and when a peer leaves.
 */
function deaf(node: InProcessNode): void {
  const replica = node.app.service.replica;
  replica.followVersion = async () => {};
  replica.followCasts = async () => {};
}

async function storeTurnout(redisUrl: string, meetingId: string, ballotId: string): Promise<number> {
  const store = await RedisStore.connect(redisUrl, { logger: silentLogger, keyring: BallotKeyring.fromSecret(TEST_BALLOT_KEY) });
  try {
    return (await store.readVotes(meetingId)).register.filter((p) => p.ballotId === ballotId).length;
  } finally {
    await store.close();
  }
}

describe.skipIf(!redisServerAvailable())('every node agrees with the store at once', () => {
  let redis: RedisServer;
  const nodes: InProcessNode[] = [];
  const halls: Hall[] = [];
  const sockets: { close(): void }[] = [];

  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
  });

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const h of halls.splice(0)) h.closeSockets();
    for (const node of nodes.splice(0)) await node.close();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('answers the very next command on B as the store stands after a change acked on A (no false QUORUM_NOT_MET or WRONG_PHASE)', async () => {
    nodes.push(await startInProcessNode(redis.url), await startInProcessNode(redis.url));
    const [a, b] = nodes as [InProcessNode, InProcessNode];

    // Quorum: 3 of 4 seats signed in on A; B's presidium opens the session.
    const first = await openHall(a.baseUrl, congressSpec(4, '第一次会议'));
    halls.push(first);
    const presidiumOnB = await connect(b.baseUrl, { token: first.presidiumToken, meetingId: first.meetingId });
    sockets.push(presidiumOnB);
    deaf(b);
    for (const t of first.tablets.slice(0, 3)) await emitOk(t.socket, 'delegate:signIn');
    expect(await emitAck(presidiumOnB, 'presidium:openSession')).toMatchObject({ ok: true });

    // Phase: the session opened on A; B's presidium starts the first item.
    const second = await openHall(a.baseUrl, congressSpec(4, '第二次会议'));
    halls.push(second);
    const secondOnB = await connect(b.baseUrl, { token: second.presidiumToken, meetingId: second.meetingId });
    sockets.push(secondOnB);
    for (const t of second.tablets.slice(0, 3)) await emitOk(t.socket, 'delegate:signIn');
    await emitOk(second.presidium, 'presidium:openSession');
    expect(await emitAck(secondOnB, 'presidium:startItem', { itemId: 'item-1' })).toMatchObject({ ok: true });

    // A sync on B right after a sign-in acked on A shows it.
    await emitOk(second.tablets[3]!.socket, 'delegate:signIn');
    const synced = await emitOk(secondOnB, 'meeting:sync');
    expect((synced.view as ConsoleView).attendance.present).toBe(4);
    // A refusal that holds at the store's latest version is still given.
    expect(await emitAck(secondOnB, 'presidium:openSession')).toMatchObject({ ok: false, code: 'WRONG_PHASE' });
  });

  it('gives connects, syncs and refused presses on B the turnout and votes acked on A, and catches up when A leaves', async () => {
    nodes.push(await startInProcessNode(redis.url), await startInProcessNode(redis.url));
    const [a, b] = nodes as [InProcessNode, InProcessNode];
    const hall = await openHall(a.baseUrl, 10);
    halls.push(hall);
    await startSitting(hall);
    const link = await hall.http.request<{ token: string }>('GET', `/api/meetings/${hall.meetingId}/wall-link`, undefined, hall.presidiumToken);
    const consoleOnB = await connect(b.baseUrl, { token: hall.presidiumToken, meetingId: hall.meetingId });
    sockets.push(consoleOnB);
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    const consoleTurnout = new TurnoutLog(consoleOnB, ballotId);
    // B has seen the ballot open; from now on it hears nothing from A.
    await expect.poll(() => b.app.service.cachedState(hall.meetingId)?.ballots.get(ballotId)?.status).toBe('open');
    deaf(b);

    const [early, late] = [hall.tablets.slice(0, 6), hall.tablets.slice(6, 8)];
    for (const t of early) await emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${t.seatId}-a`, choice: { option: 'yes' } });
    expect(await storeTurnout(redis.url, hall.meetingId, ballotId)).toBe(6);

    // A wall connecting to B shows the store's turnout from its first view.
    const wallView = new ViewLog<PublicView>();
    const wallOnB = await connect(b.baseUrl, { token: link.body.token }, wallView);
    sockets.push(wallOnB);
    const wallTurnout = new TurnoutLog(wallOnB, ballotId);
    const firstView = await wallView.waitFor((v) => v.ballot?.ballotId === ballotId, 'the wall on B sees the ballot');
    expect(firstView.ballot?.voted).toBe(6);
    // So does a console's sync, and a tablet whose seat voted on A, moving to B.
    const synced = await emitOk(consoleOnB, 'meeting:sync');
    expect((synced.view as ConsoleView).ballots.find((x) => x.ballotId === ballotId)?.voted).toBe(6);
    const moved = await connectTablet(b.baseUrl, early[0]!);
    sockets.push(moved.socket);
    const movedView = await moved.views.waitFor((v: DelegateView) => v.ballot?.ballotId === ballotId, 'the moved tablet sees the ballot');
    expect(movedView.myVote).not.toBeNull();
    // A press with another key is refused as the store has it (ALREADY_VOTED, final).
    expect(await emitAck(moved.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${early[0]!.seatId}-b`, choice: { option: 'no' } })).toMatchObject({
      ok: false,
      code: 'ALREADY_VOTED',
    });

    // Two more votes on A, unheard by B; then A leaves: B reads what it missed.
    for (const t of late) await emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${t.seatId}-a`, choice: { option: 'no' } });
    hall.closeSockets();
    halls.splice(0);
    await nodes.shift()!.close();
    await consoleTurnout.waitFor(8, 'the console on B after A left');
    await wallTurnout.waitFor(8, 'the wall on B after A left');
    // Neither screen ever showed less than it had shown before.
    for (const log of [consoleTurnout, wallTurnout]) {
      for (let i = 1; i < log.shown.length; i++) expect(log.shown[i]).toBeGreaterThanOrEqual(log.shown[i - 1]!);
    }
  });
});
