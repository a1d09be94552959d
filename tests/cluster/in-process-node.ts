import { createApp, type App } from '../../server/app';
import type { Clock } from '../../server/clock';
import { openCluster, type Cluster, type ClusterOptions } from '../../server/cluster/index';
import type { PeerWatchTiming } from '../../server/cluster/peer-watch';
import { silentLogger } from '../../server/logger';
import { TEST_BALLOT_KEY, testConfig } from '../support/test-config';

export interface InProcessNode {
  app: App;
  cluster: Cluster;
  baseUrl: string;
  close(): Promise<void>;
}

/** A cluster node in this process (as main.ts wires it), for tests that need its clock or service. */
export async function startInProcessNode(
  redisUrl: string,
  options: { clock?: Clock; store?: ClusterOptions['store']; peerWatch?: PeerWatchTiming } = {},
): Promise<InProcessNode> {
  // TEST_BALLOT_KEY: every node and restart of a test shares the key that seals secret ballots.
  const cluster = await openCluster(redisUrl, silentLogger, { ballotKey: TEST_BALLOT_KEY, production: false, store: options.store, peerWatch: options.peerWatch });
  const app = createApp({
    config: testConfig({ redisUrl }),
    store: cluster.store,
    clock: options.clock,
    logger: silentLogger,
    ready: cluster.ready,
    shared: cluster.shared,
    accounts: cluster.accounts,
  });
  await cluster.attach(app);
  const { port } = await app.listen(0);
  return {
    app,
    cluster,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await cluster.close();
    },
  };
}
