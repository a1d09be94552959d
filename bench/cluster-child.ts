/**
 * One cluster node (Redis store, notice channel, Socket.IO Redis adapter) as its own process
 * for the benchmark: the same wiring as `server/main.ts` with REDIS_URL, plus the benchmark IPC
 * (bench/child-ipc.ts) so its memory is measured after a forced GC like the other servers'.
 * With the operator's metrics, as production always has them (server/main.ts).
 */
import { createApp } from '../server/app';
import { openCluster } from '../server/cluster/index';
import { loadConfig } from '../server/config';
import { silentLogger } from '../server/logger';
import { Metrics } from '../server/metrics';
import { failChild, serveChildIpc } from './child-ipc';

async function main(): Promise<void> {
  const { config } = loadConfig();
  if (!config.redisUrl) throw new Error('REDIS_URL must be set for a cluster node');
  const metrics = new Metrics('bench-cluster-node');
  const cluster = await openCluster(config.redisUrl, silentLogger, { ...config, observer: metrics.storeObserver() });
  const app = createApp({ config, store: cluster.store, logger: silentLogger, ready: cluster.ready, shared: cluster.shared, accounts: cluster.accounts, metrics });
  await cluster.attach(app);
  const { port } = await app.listen(0);
  serveChildIpc(
    port,
    () => null,
    async () => {
      await app.close();
      await cluster.close();
    },
  );
}

main().catch(failChild('bench cluster node'));
