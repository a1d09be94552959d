import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startCluster, type TestCluster } from './cluster-nodes';
import { startInProcessNode } from './in-process-node';

/**
 * A node stopped while Redis is gone must still stop cleanly: no unhandled rejection from the
 * Socket.IO adapter's unsubscribe or from the Redis clients' close, and no hang (the only time
 * bound is the test's own timeout; no speed is asserted).
 */
const POLL = { timeout: 30_000, interval: 100 };
const healthStatus = async (baseUrl: string) => (await fetch(`${baseUrl}/api/health`)).status;

describe.skipIf(!redisServerAvailable())('cluster node shutdown with Redis down', () => {
  let cluster: TestCluster | undefined;
  let redis: RedisServer | undefined;

  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
  });

  it('an in-process node closes without an unhandled rejection', async () => {
    redis = await startRedis({ appendonly: false });
    const node = await startInProcessNode(redis.url);
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      expect(await healthStatus(node.baseUrl)).toBe(200);
      await redis.kill('SIGKILL');
      // The clients have noticed and are reconnecting: the case that leaked rejections.
      await expect.poll(() => healthStatus(node.baseUrl), POLL).toBe(503);
      await node.close();
      // Rejections are reported after the microtask queue drains: give them a few turns.
      for (let i = 0; i < 5; i++) await nextTurn();
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });

  it('a node process stopped with SIGTERM exits 0 and logs no unhandled rejection', async () => {
    cluster = await startCluster(1);
    const node = cluster.nodes[0]!;
    expect(await healthStatus(node.baseUrl)).toBe(200);
    await cluster.redis.kill('SIGKILL');
    await expect.poll(() => healthStatus(node.baseUrl), POLL).toBe(503);
    node.process.kill('SIGTERM');
    const exit = await node.exited;
    expect(node.output()).toContain('"msg":"stopped"');
    expect(node.output()).not.toMatch(/unhandled ?rejection/i);
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
