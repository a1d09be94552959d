import { killHard, startMain, type ChildServer } from '../support/child-server';
import { startRedis, type RedisServer } from '../support/redis-server';
import { TEST_BALLOT_KEY, TEST_JWT_SECRET, TEST_STAFF_PASSWORD } from '../support/test-config';

/**
 * A real cluster for tests: one redis-server (AOF, fsync always) on a free port and server
 * nodes as child processes of `server/main.ts` with REDIS_URL set, sharing the secrets.
 */
export interface TestCluster {
  redis: RedisServer;
  nodes: ChildServer[];
  /** Starts one more node against the same Redis. */
  addNode(): Promise<ChildServer>;
  stop(): Promise<void>;
}

export async function startCluster(nodeCount: number): Promise<TestCluster> {
  const redis = await startRedis({ appendonly: true });
  const nodes: ChildServer[] = [];
  const addNode = async () => {
    const node = await startMain({
      REDIS_URL: redis.url,
      JWT_SECRET: TEST_JWT_SECRET,
      STAFF_PASSWORD: TEST_STAFF_PASSWORD,
      // Every node must unwrap the keys of secret ballots any other node opened.
      BALLOT_KEY: TEST_BALLOT_KEY,
    });
    nodes.push(node);
    return node;
  };
  try {
    // One after the other: the first start on an empty Redis creates the demo meeting.
    for (let i = 0; i < nodeCount; i++) await addNode();
  } catch (err) {
    for (const node of nodes) await killHard(node);
    await redis.stop();
    throw err;
  }
  return {
    redis,
    nodes,
    addNode,
    async stop() {
      for (const node of nodes) {
        if (node.process.exitCode === null && node.process.signalCode === null) await killHard(node);
      }
      await redis.stop();
    },
  };
}
