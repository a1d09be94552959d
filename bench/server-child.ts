/**
 * The embedded server (file journal) as its own process for the benchmark, so its memory and
 * CPU are measured apart from the simulated tablets. Same wiring as `npm start` in embedded
 * mode (FileStore + createApp), plus an IPC channel that reports the store's fsync counters.
 *
 * IPC: sends { type: 'listening', port }; answers { type: 'stats' } with
 * { type: 'stats', rssBytes, heapUsedBytes, disk }, and { type: 'stop' } with { type: 'stopped' }.
 */
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { silentLogger } from '../server/logger';
import { FileStore } from '../server/store/file/file-store';

type Request = { type: 'stats' } | { type: 'stop' };

async function main(): Promise<void> {
  const { config } = loadConfig();
  const store = await FileStore.open(config.dataDir, { logger: silentLogger });
  const app = createApp({ config, store, logger: silentLogger });
  const { port } = await app.listen(0);
  process.send?.({ type: 'listening', port });

  process.on('message', (message: Request) => {
    if (message.type === 'stats') {
      const memory = process.memoryUsage();
      process.send?.({ type: 'stats', rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, disk: store.stats() });
    } else if (message.type === 'stop') {
      void app
        .close()
        .then(() => store.close())
        .then(() => process.send?.({ type: 'stopped' }, () => process.exit(0)));
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
