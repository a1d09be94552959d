/**
 * The server under test, always in its own process: the embedded file journal through
 * bench/server-child.ts (which reports fsync counters), or a cluster node (`server/main.ts` with
 * REDIS_URL) against a redis-server the benchmark started on a free port.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DiskStatsSnapshot } from '../server/store/file/disk';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Guards against a hang while starting; not a measurement. */
const START_WAIT_MS = 60_000;

export const BENCH_STAFF_PASSWORD = 'bench-staff-password';
const BENCH_JWT_SECRET = 'bench-jwt-secret-0123456789abcdef';

export interface ServerStats {
  rssBytes: number | null;
  /** File journal only. */
  disk: DiskStatsSnapshot | null;
}

export interface BenchServer {
  baseUrl: string;
  pid: number;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: BENCH_JWT_SECRET,
    STAFF_PASSWORD: BENCH_STAFF_PASSWORD,
    PUBLIC_URL: 'http://127.0.0.1',
    SKIP_CLIENT_BUILD: '1',
    REDIS_URL: '',
    ...extra,
  };
}

/** Resident set size of another process, from /proc (Linux). */
async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function withTimeout<T>(promise: Promise<T>, what: string, child: ChildProcess, output: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} timed out:\n${output()}`));
    }, START_WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function startFileServer(dataDir: string): Promise<BenchServer> {
  const child = fork('bench/server-child.ts', [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    env: baseEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      child.on('message', (m: { type: string; port?: number }) => {
        if (m.type === 'listening' && typeof m.port === 'number') resolve(m.port);
      });
      child.once('exit', (code) => reject(new Error(`bench server exited (${code}):\n${output}`)));
    }),
    'starting the file-journal server',
    child,
    () => output,
  );
  const ask = <T>(request: { type: string }, answer: string): Promise<T> =>
    new Promise((resolve) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== answer) return;
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.send(request);
    });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stats() {
      const s = await ask<{ rssBytes: number; disk: DiskStatsSnapshot }>({ type: 'stats' }, 'stats');
      return { rssBytes: s.rssBytes, disk: s.disk };
    },
    async stop() {
      await ask({ type: 'stop' }, 'stopped');
      await exited(child);
    },
  };
}

/** `node --import tsx server/main.ts` in cluster mode, exactly as deployed (one node). */
export async function startClusterNode(redisUrl: string): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: baseEnv({ REDIS_URL: redisUrl, LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      let pending = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output = (output + text).slice(-20_000);
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('{')) continue;
          try {
            const entry = JSON.parse(line) as { msg?: string; port?: number };
            if (entry.msg === 'listening' && typeof entry.port === 'number') resolve(entry.port);
          } catch {
            // not a log line
          }
        }
      });
      child.once('exit', (code) => reject(new Error(`cluster node exited (${code}):\n${output}`)));
    }),
    'starting the cluster node',
    child,
    () => output,
  );
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stats() {
      return { rssBytes: await rssOf(child.pid!), disk: null };
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
