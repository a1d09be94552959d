import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AccountStore } from '../../server/accounts/types';
import { createApp, type App } from '../../server/app';
import type { Clock } from '../../server/clock';
import type { Config } from '../../server/config';
import { silentLogger, type Logger } from '../../server/logger';
import { FileStore } from '../../server/store/file/file-store';
import { fileStoreKeyring } from '../../server/store/index';
import { testConfig } from './test-config';

export interface TestServer {
  app: App;
  store: FileStore;
  dataDir: string;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real app on a free port, with the real file journal in a fresh temp directory, or in
 * `dataDir` (a restart on the same data: that directory is left in place on close).
 */
export async function startTestServer(
  options: { clock?: Clock; config?: Partial<Config>; dataDir?: string; logger?: Logger; accounts?: AccountStore } = {},
): Promise<TestServer> {
  const reused = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'biaojue-it-')));
  const logger = options.logger ?? silentLogger;
  const config = testConfig({ ...options.config, dataDir });
  // The same BALLOT_KEY as the config, so a store reopened on this directory opens its ballots.
  const store = await FileStore.open(dataDir, { clock: options.clock, logger, ...fileStoreKeyring(config) });
  const app = createApp({ config, store, clock: options.clock, logger, ...(options.accounts ? { accounts: options.accounts } : {}) });
  const { port } = await app.listen(0);
  return {
    app,
    store,
    dataDir,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await store.close();
      if (!reused) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
