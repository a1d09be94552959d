/**
 * The servers under test, each in its own process (bench/child-ipc.ts): the bare Socket.IO
 * transport (bench/bare-child.ts), the embedded server with the file journal
 * (bench/server-child.ts) and cluster nodes on a redis-server the runner started
 * (bench/cluster-child.ts). Each runs with --expose-gc so its memory is read after a full GC, and
 * as production runs its server: built to JavaScript (scripts/build-server.ts), not through tsx.
 */
import type { DiskStatsSnapshot } from '../server/store/file/disk';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProcessEntry } from '../scripts/build-server';
import type { ChildStats } from './child-ipc';
import { LIMIT_MAX } from '../server/gateway/limits';
import { SERVER_NODE_FLAGS } from '../server/node-flags';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Guards against a hang while starting; not a measurement. */
const START_WAIT_MS = 60_000;

export const BENCH_STAFF_PASSWORD = 'bench-staff-Password-7316';
const BENCH_JWT_SECRET = 'bench-jwt-secret-0123456789abcdef-x8';
const BENCH_BALLOT_KEY = 'bench-ballot-key-0123456789abcdef-q5';

/** A server child's CPU so far (µs): the whole process, its main thread (null if the OS does not tell), its main thread's GC pauses. */
export interface CpuTimes {
  micros: number;
  mainMicros: number | null;
  gcMicros: number;
}

export interface BenchServer {
  baseUrl: string;
  pid: number;
  stats(): Promise<ChildStats>;
  /** The child's CPU time so far in µs (user + system), its main thread's (null if unknown), and its main thread's GC pauses so far in µs. */
  cpuTimes(): Promise<CpuTimes>;
  /** The store's journal counts (no GC first, unlike stats). */
  disk(): Promise<DiskStatsSnapshot | null>;
  stop(): Promise<void>;
  /** Starts the child's CPU profiler (bench/profiler.ts). */
  profileStart(allocations: boolean): Promise<void>;
  /** Stops it and writes `<dir>/<name>.cpuprofile`; returns the path. */
  profileStop(dir: string, name: string): Promise<string>;
}

/** Debian's jemalloc (package libjemalloc2), which production preloads (deploy/Dockerfile, deploy/biaojue.service). */
function jemallocLibrary(): string | null {
  const file = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/libjemalloc.so.2`;
  return existsSync(file) ? file : null;
}

/** Whether `--glibc-malloc` (bench/run.ts) asked for glibc's allocator. */
export function glibcMallocAsked(): boolean {
  return process.env.BENCH_GLIBC_MALLOC === '1';
}

/**
 * The jemalloc every server process preloads, the bare one too, as production runs: null for
 * glibc's allocator (asked for, or jemalloc not installed).
 */
export function serverJemalloc(): string | null {
  return glibcMallocAsked() ? null : jemallocLibrary();
}

function benchEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const library = serverJemalloc();
  const { LD_PRELOAD: _inherited, ...inherited } = process.env;
  return {
    ...inherited,
    ...(library ? { LD_PRELOAD: library } : {}),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: BENCH_JWT_SECRET,
    STAFF_PASSWORD: BENCH_STAFF_PASSWORD,
    ADMIN_PASSWORD: BENCH_STAFF_PASSWORD,
    BALLOT_KEY: BENCH_BALLOT_KEY,
    PUBLIC_URL: 'http://127.0.0.1',
    SKIP_CLIENT_BUILD: '1',
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
    // glibc's default of 8 malloc arenas per core may keep native memory touched by the libuv
    // and V8 threads during sign-in (HTTP, JWT, fs) resident and counted in RSS per tablet
    // (docs/BENCHMARKS.md); every server the benchmark starts, the bare one included, gets the
    // same setting, so the comparison stays fair.
    MALLOC_ARENA_MAX: '2',
    // Every simulated tablet connects from 127.0.0.1, where a hall's tablets each have an
    // address of their own: the per-address cap (gateway/limits.ts) would refuse all but 1,000.
    SOCKET_CONNECTIONS_PER_ADDRESS: String(LIMIT_MAX),
    ...extra,
  };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The children's built entries, one directory below the repository as the source is. */
const BUILT_DIR = path.join(REPO_ROOT, 'dist-bench');
const builtEntries = new Map<string, Promise<string>>();

/**
 * Whether the children run from the TypeScript through tsx (`--from-source`, bench/run.ts): CPU
 * profiles then name each source file. By default they are built first, once per benchmark
 * process from the source as it is, as production's server is (scripts/build-server.ts): the
 * loader's own memory and work are not the server's (docs/BENCHMARKS.md, 2026-12-08).
 */
export function childrenFromSource(): boolean {
  return process.env.BENCH_FROM_SOURCE === '1';
}

async function childEntry(script: string): Promise<{ file: string; execArgv: string[] }> {
  // Every server with the flags production runs with (server/node-flags.ts), the bare one too.
  const flags = ['--expose-gc', ...SERVER_NODE_FLAGS];
  if (childrenFromSource()) return { file: script, execArgv: [...flags, '--import', 'tsx'] };
  let built = builtEntries.get(script);
  if (!built) builtEntries.set(script, (built = buildProcessEntry(script, BUILT_DIR, path.basename(script, '.ts'))));
  return { file: await built, execArgv: flags };
}

async function startChild(script: string, env: Record<string, string>, what: string): Promise<BenchServer> {
  const { file, execArgv } = await childEntry(script);
  const child = fork(file, [], {
    cwd: REPO_ROOT,
    execArgv,
    env: benchEnv(env),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (c: Buffer) => (output = (output + c.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let timer: NodeJS.Timeout | undefined;
  const port = await Promise.race([
    new Promise<number>((resolve, reject) => {
      child.on('message', (m: { type: string; port?: number }) => {
        if (m.type === 'listening' && typeof m.port === 'number') resolve(m.port);
      });
      child.once('exit', (code) => reject(new Error(`${what} exited (${code}):\n${output}`)));
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`starting ${what} timed out:\n${output}`));
      }, START_WAIT_MS);
    }),
  ]).finally(() => clearTimeout(timer));

  // A child that died mid-run fails the question asked of it, never the runner's process with an
  // unhandled 'error' (a send on its closed channel), which left the other children running.
  child.on('error', () => {});
  const ask = <T>(request: { type: string; [field: string]: unknown }, answer: string): Promise<T> =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error(`${what} is gone (${child.exitCode ?? child.signalCode}):\n${output}`));
      const onExit = (code: number | null) => reject(new Error(`${what} exited (${code}) before answering ${request.type}:\n${output}`));
      const onMessage = (m: { type: string }) => {
        if (m.type !== answer) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(request, (err) => {
        if (err) reject(err);
      });
    });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stats: () => ask<ChildStats>({ type: 'stats' }, 'stats'),
    cpuTimes: () => ask<CpuTimes>({ type: 'cpu' }, 'cpu'),
    disk: async () => (await ask<{ disk: DiskStatsSnapshot | null }>({ type: 'disk' }, 'disk')).disk,
    profileStart: async (allocations: boolean) => {
      await ask({ type: 'profileStart', allocations }, 'profiling');
    },
    profileStop: async (dir: string, name: string) => (await ask<{ file: string }>({ type: 'profileStop', dir, name }, 'profiled')).file,
    async stop() {
      // One that already died has nothing to stop; one that exits as it answers is stopped too.
      if (child.connected) await ask({ type: 'stop' }, 'stopped').catch(() => {});
      await exited(child);
    },
  };
}

/** Per ack, objects the bare server makes and drops, and makes and keeps (`--bare-garbage`: a calibration, never the baseline). */
export interface BareGarbage {
  made: number;
  kept: number;
}

export const startBareServer = (garbage: BareGarbage | null = null) =>
  startChild(
    'bench/bare-child.ts',
    garbage ? { BENCH_BARE_GARBAGE_MADE: String(garbage.made), BENCH_BARE_GARBAGE_KEPT: String(garbage.kept) } : {},
    'the bare Socket.IO server',
  );
/** `port`: listen there (a restart on the port the tablets know, bench/restart.ts); any free port by default. */
export const startFileServer = (dataDir: string, pendingSnapshotsDir: string | null = null, port = 0) =>
  startChild(
    'bench/server-child.ts',
    { DATA_DIR: dataDir, PORT: String(port), ...(pendingSnapshotsDir ? { BENCH_PENDING_SNAPSHOTS: pendingSnapshotsDir } : {}) },
    'the embedded server',
  );
export const startClusterNode = (redisUrl: string, dataDir: string) =>
  startChild('bench/cluster-child.ts', { REDIS_URL: redisUrl, DATA_DIR: dataDir }, 'a cluster node');
