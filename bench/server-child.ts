/**
 * The embedded server (file journal) as its own process for the benchmark, so its memory and
 * CPU are measured apart from the simulated tablets. Same wiring as `npm start` in embedded
 * mode (FileStore + createApp, with the operator's metrics); reports the store's fsync counters
 * (IPC: bench/child-ipc.ts).
 */
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { silentLogger } from '../server/logger';
import { Metrics } from '../server/metrics';
import { FileStore } from '../server/store/file/file-store';
import { fileStoreKeyring } from '../server/store/index';
import { failChild, serveChildIpc } from './child-ipc';
import { watchPendingCasts } from './pending-snapshots';

/** `--pending-snapshots`: the third ballot's casts, snapshots at its first cast and at 300 in flight. */
const SNAPSHOT_BALLOT = 3;
const SNAPSHOT_PENDING = 300;

async function main(): Promise<void> {
  const { config } = loadConfig();
  // The operator's metrics, as production always has them (server/main.ts): every cast is observed.
  const metrics = new Metrics('bench-server');
  const store = await FileStore.open(config.dataDir, { logger: silentLogger, ...fileStoreKeyring(config), observer: metrics.storeObserver() });
  const snapshotsDir = process.env.BENCH_PENDING_SNAPSHOTS;
  if (snapshotsDir) watchPendingCasts(store, { dir: snapshotsDir, ballotOrdinal: SNAPSHOT_BALLOT, pending: SNAPSHOT_PENDING });
  const app = createApp({ config, store, logger: silentLogger, metrics });
  // PORT is 0 (any free port) but for a restart on the port the tablets know (bench/restart.ts).
  const { port } = await app.listen(config.port);
  serveChildIpc(
    port,
    () => store.stats(),
    async () => {
      await app.close();
      await store.close();
    },
  );
}

main().catch(failChild('bench server'));
