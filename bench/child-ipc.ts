/**
 * The IPC every benchmark server child speaks (bench/*-child.ts), so the runner treats the bare
 * transport, the embedded server and a cluster node alike:
 *   child → runner  { type: 'listening', port }
 *   runner → child  { type: 'stats' }  → { type: 'stats', rssBytes, heapUsedBytes, disk }
 *   runner → child  { type: 'stop' }   → { type: 'stopped' }, then the child exits.
 * `stats` runs a full garbage collection first (the child runs with --expose-gc), so memory per
 * tablet compares live objects, not garbage that happens to be uncollected.
 */
import type { DiskStatsSnapshot } from '../server/store/file/disk';

export interface ChildStats {
  rssBytes: number;
  heapUsedBytes: number;
  disk: DiskStatsSnapshot | null;
}

type Request = { type: 'stats' } | { type: 'stop' };

export function serveChildIpc(port: number, stats: () => DiskStatsSnapshot | null, stop: () => Promise<void>): void {
  process.send?.({ type: 'listening', port });
  process.on('message', (message: Request) => {
    if (message.type === 'stats') {
      const collect = (globalThis as { gc?: () => void }).gc;
      collect?.();
      const memory = process.memoryUsage();
      const reply: ChildStats & { type: 'stats' } = {
        type: 'stats',
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        disk: stats(),
      };
      process.send?.(reply);
    } else if (message.type === 'stop') {
      void stop().then(() => process.send?.({ type: 'stopped' }, () => process.exit(0)));
    }
  });
}

export function failChild(what: string) {
  return (err: unknown): void => {
    process.stderr.write(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  };
}
