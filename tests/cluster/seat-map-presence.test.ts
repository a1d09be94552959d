import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEATMAP_DELTA_EVENT, type SeatMapDelta, type SeatMapSnapshot } from '../../shared/protocol/seat-map';
import { openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { connect, emitOk } from '../support/sockets';
import { startInProcessNode, type InProcessNode } from './in-process-node';

/**
 * The seat map across nodes (docs/OPERATIONS.md, "Presence in cluster mode"): tablets on node A,
 * the console on node B. B's whole picture merges fetchSockets across the cluster; A's presence
 * changes reach B's console through the adapter, and votes through the cluster's vote notices.
 */
describe.skipIf(!redisServerAvailable())('the seat map in cluster mode', () => {
  let redis: RedisServer;
  const nodes: InProcessNode[] = [];
  let hall: Hall;

  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
    nodes.push(await startInProcessNode(redis.url), await startInProcessNode(redis.url));
    hall = await openHall(nodes[0]!.baseUrl, 5);
    await startSitting(hall);
  });
  afterAll(async () => {
    hall?.closeSockets();
    for (const node of nodes.splice(0)) await node.close();
    await redis?.stop();
  });

  it('a console on another node sees the tablets online, one going offline, and who voted', async () => {
    const consoleOnB = await connect(nodes[1]!.baseUrl, { token: hall.secretariatToken, meetingId: hall.meetingId });
    const deltas: SeatMapDelta[] = [];
    const waiters: (() => void)[] = [];
    consoleOnB.on(SEATMAP_DELTA_EVENT, (d: SeatMapDelta) => {
      deltas.push(d);
      for (const w of waiters.splice(0)) w();
    });
    const until = async (test: () => boolean, what: string) => {
      const deadline = Date.now() + 15_000;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(deltas)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    };

    const snapshot = (await emitOk(consoleOnB, 'console:seatMap', {})) as unknown as SeatMapSnapshot;
    expect(new Set(snapshot.online)).toEqual(new Set(hall.tablets.map((t) => t.seatId)));

    hall.tablets[4]!.socket.close();
    await until(() => deltas.some((d) => d.offline.some((o) => o.seatId === 's05')), 's05 offline on node B');

    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    await Promise.all(hall.tablets.slice(0, 3).map((t) => emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `cl-${t.seatId}-key`, choice: { option: 'yes' } })));
    const voted = () => new Set(deltas.flatMap((d) => (d.voted?.ballotId === ballotId ? d.voted.seatIds : [])));
    await until(() => voted().size === 3, 'three voters on node B');
    expect([...voted()].sort()).toEqual(['s01', 's02', 's03']);
    consoleOnB.close();
  });
});
