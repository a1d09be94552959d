/**
 * The IPC every benchmark server child speaks (bench/*-child.ts), so the runner treats the bare
 * transport, the embedded server and a cluster node alike:
 *   child → runner  { type: 'listening', port }
 *   runner → child  { type: 'stats' }  → { type: 'stats', rssBytes, heapUsedBytes, disk }
 *   runner → child  { type: 'stop' }   → { type: 'stopped' }, then the child exits.
 *   runner → child  { type: 'cpu' }    → { type: 'cpu', micros, mainMicros, gcMicros }: the child's CPU
 *       time so far (user + system, process.cpuUsage), its main thread's alone (mainThreadMicros;
 *       null where the OS does not tell), and how long its main thread has been stopped by garbage
 *       collections so far (GcPauses), no GC: read before and after a burst.
 *   runner → child  { type: 'disk' }   → { type: 'disk', disk }: the store's journal counts, no GC
 *       (a GC before a burst would start it with an empty heap, which no hall does).
 *   runner → child  { type: 'profileStart', allocations } → { type: 'profiling' }
 *   runner → child  { type: 'profileStop', dir, name } → { type: 'profiled', file }
 *       a CPU profile of the phase between the two (bench/profiler.ts, `--profile=DIR`).
 * `stats` runs full garbage collections first (the child runs with --expose-gc), so memory per
 * tablet compares live objects, not garbage that happens to be uncollected (settledMemory).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import type { DiskStatsSnapshot } from '../server/store/file/disk';
import { PhaseProfiler } from './profiler';
import { mainThreadMicros } from './thread-cpu';

/**
 * The main thread's time stopped in garbage collections since the child started (µs), from V8's
 * own `gc` performance entries: in a burst most of it is the young generation's scavenges
 * (docs/BENCHMARKS.md, "The young generation's collector is the largest share of the gap"), which
 * the CPU figure counts among everything else. V8's helper threads' share is not in it.
 */
class GcPauses {
  micros = 0;
  constructor() {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.micros += entry.duration * 1000;
    }).observe({ entryTypes: ['gc'] });
  }
}

export interface ChildStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** What V8's young generation (new space) holds in memory, the part of RSS that is its size, not what lives in it. */
  youngGenerationBytes: number;
  disk: DiskStatsSnapshot | null;
}

type Request = { type: 'stats' } | { type: 'cpu' } | { type: 'disk' } | { type: 'stop' } | { type: 'profileStart'; allocations: boolean } | { type: 'profileStop'; dir: string; name: string };

export function serveChildIpc(port: number, stats: () => DiskStatsSnapshot | null, stop: () => Promise<void>): void {
  process.send?.({ type: 'listening', port });
  const profiler = new PhaseProfiler();
  const gc = new GcPauses();
  // The runner gone (it failed or was killed): no server of the benchmark outlives it, holding
  // its port and thousands of tablets' connections on a machine the next run measures.
  process.once('disconnect', () => process.exit(1));
  process.on('message', (message: Request) => {
    if (message.type === 'profileStart') {
      void profiler.start(message.allocations).then(() => process.send?.({ type: 'profiling' }));
      return;
    }
    if (message.type === 'profileStop') {
      void profiler.stop(message.dir, message.name).then((file) => process.send?.({ type: 'profiled', file }));
      return;
    }
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ type: 'cpu', micros: user + system, mainMicros: mainThreadMicros(), gcMicros: gc.micros });
      return;
    }
    if (message.type === 'disk') {
      process.send?.({ type: 'disk', disk: stats() });
      return;
    }
    if (message.type === 'stats') {
      void settledMemory().then((memory) => {
        const reply: ChildStats & { type: 'stats' } = {
          type: 'stats',
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          youngGenerationBytes: memory.youngGeneration,
          disk: stats(),
        };
        process.send?.(reply);
      });
    } else if (message.type === 'stop') {
      void stop().then(() => process.send?.({ type: 'stopped' }, () => process.exit(0)));
    }
  });
}

/**
 * Memory once garbage is collected and given back: V8 unmaps freed pages in a background task
 * after a GC, so RSS read right after one still counts some of them (RSS per tablet moved by
 * ±40 % between runs of the same code). Two full GCs with a pause after each, for every target,
 * then the least of SETTLED_READS readings a pause apart: pages still being given back read high,
 * and RSS per tablet is the difference of two such readings, so one reading taken too early made
 * a whole run's figure (the bare server once read 21 KB a socket against its usual 27–29).
 */
const SETTLED_READS = 4;
const SETTLE_PAUSE_MS = 250;

async function settledMemory(): Promise<{ rss: number; heapUsed: number; youngGeneration: number }> {
  const collect = (globalThis as { gc?: () => void }).gc;
  const pause = () => new Promise((resolve) => setTimeout(resolve, SETTLE_PAUSE_MS));
  for (let i = 0; i < 2; i++) {
    collect?.();
    await pause();
  }
  let { rss, heapUsed } = process.memoryUsage();
  for (let i = 1; i < SETTLED_READS; i++) {
    await pause();
    const now = process.memoryUsage();
    rss = Math.min(rss, now.rss);
    heapUsed = Math.min(heapUsed, now.heapUsed);
  }
  return { rss, heapUsed, youngGeneration: youngGenerationBytes() };
}

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics()
    .filter((space) => space.space_name === 'new_space' || space.space_name === 'new_large_object_space')
    .reduce((sum, space) => sum + space.physical_space_size, 0);
}

export function failChild(what: string) {
  return (err: unknown): void => {
    process.stderr.write(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  };
}
