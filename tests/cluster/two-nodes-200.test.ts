import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, PublicView } from '../../shared/domain/views';
import type { TurnoutUpdate } from '../../shared/protocol/socket';
import { congressSpec, connectTablet, openBallot, pairAll, randomOption, tally, type Option, type Tablet } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { redisServerAvailable } from '../support/redis-server';
import { connect, emitAck, emitOk, ViewLog } from '../support/sockets';
import { startCluster, type TestCluster } from './cluster-nodes';

const DELEGATES = 200;

/** The published result's numbers (the result type is a union over ballot kinds). */
const resultOf = (ballot: { result: unknown } | null) => ballot?.result as Record<string, unknown> | null | undefined;

describe.skipIf(!redisServerAvailable())('two cluster nodes, 200 tablets spread across them', () => {
  let cluster: TestCluster;
  const sockets: { close(): void }[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.stop();
  });

  it('shows every tablet the ballot opened on the other node and publishes the independent count', async () => {
    const [node1, node2] = cluster.nodes.map((n) => n.baseUrl) as [string, string];
    const http1 = new HttpClient(node1);
    const http2 = new HttpClient(node2);
    const secretariat = await http1.staffToken('secretariat');
    const presidiumToken = await http2.staffToken('presidium');
    const meetingId = await http1.createMeeting(secretariat, congressSpec(DELEGATES));

    // Seat cards issued on node 1, redeemed on node 2: the pairing itself crosses nodes.
    const paired = await pairAll(http2, secretariat, meetingId);
    const tablets: Tablet[] = await Promise.all(paired.map((p, i) => connectTablet(i % 2 === 0 ? node1 : node2, p)));
    sockets.push(...tablets.map((t) => t.socket));

    const consoleView = new ViewLog<ConsoleView>();
    const presidium = await connect(node2, { token: presidiumToken, meetingId }, consoleView);
    const link = await http1.request<{ token: string }>('GET', `/api/meetings/${meetingId}/wall-link`, undefined, secretariat);
    const wallView = new ViewLog<PublicView>();
    const wall = await connect(node1, { token: link.body.token }, wallView);
    sockets.push(presidium, wall);
    const wallTurnouts: TurnoutUpdate[] = [];
    wall.on('ballot:turnout', (u: TurnoutUpdate) => wallTurnouts.push(u));

    // Sign-ins land on both nodes; the presidium on node 2 sees all of them.
    await Promise.all(tablets.map((t) => emitOk(t.socket, 'delegate:signIn')));
    await consoleView.waitFor((v) => v.attendance.present === DELEGATES, 'all 200 present on the console');
    await emitOk(presidium, 'presidium:openSession');
    await emitOk(presidium, 'presidium:startItem', { itemId: 'item-1' });
    const ballotId = await openBallot(presidium, { itemId: 'item-1', title: '关于年度预算的决议' });

    // Node 1 learns of the ballot from the notice channel and pushes it to its own tablets.
    await Promise.all(
      tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open', `ballot open on ${t.seatId}`)),
    );

    const choices = new Map<string, Option>(tablets.map((t) => [t.seatId, randomOption()]));
    const acks = await Promise.all(
      tablets.map((t) =>
        emitAck(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${t.seatId}-1`, choice: { option: choices.get(t.seatId) } }),
      ),
    );
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, duplicate: false });

    // Half of the casts went through node 2; the wall on node 1 still sees the store's turnout.
    await expect.poll(() => wallTurnouts.filter((u) => u.ballotId === ballotId).at(-1)?.voted, { timeout: 15_000 }).toBe(DELEGATES);
    const seen = wallTurnouts.filter((u) => u.ballotId === ballotId).map((u) => u.voted);
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // never backwards
    // The views count every node's casts too, before anything closes: the register is shared.
    for (const socket of [wall, presidium]) {
      await expect
        .poll(async () => {
          const sync = await emitAck(socket, 'meeting:sync', {});
          const view = sync.ok ? (sync.view as { ballot?: { voted: number }; ballots?: { voted: number }[] }) : null;
          return view?.ballot?.voted ?? view?.ballots?.at(-1)?.voted;
        }, { timeout: 15_000 })
        .toBe(DELEGATES);
    }

    // A second cast through the other node is refused: the store holds one vote per seat.
    const first = tablets[0]!;
    const other = await connectTablet(node2, first);
    sockets.push(other.socket);
    expect(await emitAck(other.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${first.seatId}-again`, choice: { option: 'yes' } })).toMatchObject({
      ok: false,
      code: 'ALREADY_VOTED',
    });
    // …and a retry of the first cast through it gets the first receipt.
    expect(await emitAck(other.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${first.seatId}-1`, choice: { option: 'yes' } })).toMatchObject({
      ok: true,
      duplicate: true,
      receipt: acks[0]!.ok ? acks[0]!.receipt : {},
    });

    await emitOk(presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(presidium, 'presidium:publishResult', { ballotId });
    const expected = tally(choices.values());
    const published = await wallView.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'published', 'published on the wall');
    expect(published.ballot?.result).toMatchObject({ total: DELEGATES, present: DELEGATES, voted: DELEGATES, notVoted: 0, ...expected });
    // Every tablet, on either node, sees the same published result.
    await Promise.all(
      tablets.map((t) => t.views.waitFor((v) => v.ballot?.status === 'published' && resultOf(v.ballot)?.['voted'] === DELEGATES)),
    );
  });
});
