import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../server/app';
import type { Clock } from '../../server/clock';
import type { Config } from '../../server/config';
import { silentLogger } from '../../server/logger';
import { FileStore } from '../../server/store/file/file-store';
import { testConfig } from './test-config';

export interface TestServer {
  app: App;
  store: FileStore;
  dataDir: string;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real app on a free port, with the real file journal in a fresh temp directory. */
export async function startTestServer(options: { clock?: Clock; config?: Partial<Config> } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-it-'));
  const store = await FileStore.open(dataDir, { clock: options.clock, logger: silentLogger });
  const app = createApp({ config: testConfig({ ...options.config, dataDir }), store, clock: options.clock, logger: silentLogger });
  const { port } = await app.listen(0);
  return {
    app,
    store,
    dataDir,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
