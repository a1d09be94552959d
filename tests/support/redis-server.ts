import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runsHere } from './runs-here';
import { signalGroup } from './process-group';

/**
 * Real redis-server processes for tests: each on its own free port and temp directory, never
 * the machine's shared Redis on 6379.
 */

const SHARED_REDIS_PORT = 6379;
const READY_WITHIN_MS = 15_000;
const STOP_WITHIN_MS = 5_000;
const RESTART_ATTEMPTS = 5;

export function findOnPath(binary: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

export const REDIS_SERVER_BINARY = findOnPath('redis-server');

/** "Redis server v=7.0.15 sha=…" or "Valkey server v=8.0.1 …" → [7, 0] or [8, 0]; null if unreadable. */
function versionOf(binary: string): [number, number] | null {
  try {
    const match = /\bv=(\d+)\.(\d+)/.exec(execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 5000 }));
    return match ? [Number(match[1]), Number(match[2])] : null;
  } catch {
    return null;
  }
}

/**
 * A server that has WAITAOF (Redis ≥ 7.2, or Valkey, its fork from 7.2.4, which Debian 12 ships
 * in bookworm-backports): the store's replica ack then waits for the primary's and the replica's
 * AOF fsync (server/store/redis/script-runner.ts), the path production runs on deploy/'s image.
 * The machine's redis-server when it is new enough, else valkey-server; null when neither is there.
 */
export const WAITAOF_SERVER_BINARY: string | null = REDIS_SERVER_BINARY && hasWaitAof(REDIS_SERVER_BINARY) ? REDIS_SERVER_BINARY : findOnPath('valkey-server');

/** Whether `binary` is a server with WAITAOF: Redis ≥ 7.2, or Valkey (forked from 7.2.4: its versions start there). */
export function hasWaitAof(binary: string): boolean {
  const version = versionOf(binary);
  return version !== null && (version[0] > 7 || (version[0] === 7 && version[1] >= 2));
}

/** A binary's name and version as `--version` gives them (for test titles). */
export function serverVersion(binary: string | null): string {
  if (!binary) return 'none';
  const version = versionOf(binary);
  return `${binary.split('/').pop()} ${version ? version.join('.') : '?'}`;
}

/**
 * Whether the WAITAOF tests can run, as redisServerAvailable: CI must run them (.ci/run installs
 * valkey-server from bookworm-backports when redis-server is older than 7.2).
 */
export function waitAofServerAvailable(): boolean {
  const missing = WAITAOF_SERVER_BINARY ? null : 'no redis-server ≥ 7.2 nor valkey-server on PATH';
  return runsHere(missing, 'the WAITAOF tests', 'apt-get install -t bookworm-backports valkey-server');
}

/**
 * Whether the Redis tests can run, for `describe.skipIf(!redisServerAvailable())`. Without
 * redis-server on PATH, CI fails loudly (it must run them); a developer's machine skips them
 * with a warning.
 */
export function redisServerAvailable(): boolean {
  return runsHere(REDIS_SERVER_BINARY ? null : 'redis-server is not on PATH', 'the Redis store tests', 'apt-get install redis-server');
}

/** A port nothing listens on right now: listen on port 0, note the port, close. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
      });
    });
    if (port !== SHARED_REDIS_PORT) return port;
  }
}

/**
 * True when the server at `port` answers PING with PONG (not LOADING, not refused), after
 * `AUTH <password>` when it has one (the default user's).
 */
function answersPing(port: number, password: string | null): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    const replies = password === null ? 1 : 2;
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(password === null ? 'PING\r\n' : `AUTH ${password}\r\nPING\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      const lines = reply.split('\r\n');
      if (lines.length > replies) done(lines[replies - 1] === '+PONG');
    });
  });
}

const running = new Set<ChildProcess>();
// A test run that dies must not leave redis-server processes behind.
process.once('exit', () => {
  for (const child of running) signalGroup(child, 'SIGKILL');
});

// redis-server runs in its own process group (signalGroup), so a signal reaches the children it
// forks for BGREWRITEAOF too: they inherit the listening socket, and a SIGKILLed server whose
// rewrite child lives on would keep its port bound and fail the restart (as a real crash would not).

export interface StartRedisOptions {
  /** AOF with fsync before every reply (default true). */
  appendonly?: boolean;
  /** More arguments after the defaults, e.g. ['--replicaof', '127.0.0.1', '6380'] (kept across restarts). */
  args?: readonly string[];
  /**
   * Run as a Sentinel (`redis-server <conf> --sentinel`) with these config lines; the file is
   * written into the server's directory, where Sentinel rewrites it as it learns the topology.
   */
  sentinelConfig?: readonly string[];
  /** The server binary (default: redis-server on PATH), e.g. WAITAOF_SERVER_BINARY. */
  binary?: string | null;
  /** This port instead of a free one (a server put in the place of another that has stopped). */
  port?: number;
  /** The default user's password, when the arguments or the Sentinel config set one (for the readiness check). */
  password?: string;
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL) and waits until the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and directory (stopping it first if it runs). */
  restart(): Promise<void>;
  /** The server's recent output, for failure messages. */
  output(): string;
  /** The running process's id (undefined while it is stopped). */
  readonly pid: number | undefined;
}

class RedisServerProcess implements RedisServer {
  readonly url: string;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly lines: string[] = [];

  get pid(): number | undefined {
    const child = this.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly appendonly: boolean,
    private readonly extraArgs: readonly string[] = [],
    private readonly sentinelConfigFile: string | null = null,
    private readonly binary: string | null = REDIS_SERVER_BINARY,
    private readonly password: string | null = null,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  output(): string {
    return this.lines.join('\n');
  }

  async start(): Promise<void> {
    if (!this.binary) throw new Error('redis-server is not on PATH');
    const args = [
      ...(this.sentinelConfigFile ? [this.sentinelConfigFile, '--sentinel'] : []),
      '--port', String(this.port),
      '--bind', '127.0.0.1',
      '--dir', this.dir,
      '--save', '',
      '--appendonly', this.appendonly ? 'yes' : 'no',
      '--appendfsync', 'always',
      '--daemonize', 'no',
      '--logfile', '',
      ...this.extraArgs,
    ];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    running.add(child);
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 60));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let hasExited = false;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        hasExited = true;
        running.delete(child);
        resolve();
      });
    });
    const giveUpAt = Date.now() + READY_WITHIN_MS;
    while (!(await answersPing(this.port, this.password))) {
      if (hasExited) throw new Error(`redis-server on port ${this.port} exited while starting:\n${this.output()}`);
      if (Date.now() > giveUpAt) {
        await this.kill('SIGKILL');
        throw new Error(`redis-server on port ${this.port} did not answer PING within ${READY_WITHIN_MS} ms:\n${this.output()}`);
      }
      await sleep(20);
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child, signal);
    await this.exited;
  }

  /** SIGTERM, or SIGKILL if it does not exit in time. */
  private async terminate(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_WITHIN_MS);
    await this.exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.terminate();
    // A killed group's last member may take a moment to release the port after the leader exits.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.start();
      } catch (err) {
        if (attempt >= RESTART_ATTEMPTS || !this.output().includes('Address already in use')) throw err;
        await sleep(100 * attempt);
      }
    }
  }

  async stop(): Promise<void> {
    await this.terminate();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Starts a redis-server on a free port in a new temp directory and waits until it answers PING. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'biaojue-redis-'));
  const sentinelConfigFile = options.sentinelConfig ? join(dir, 'sentinel.conf') : null;
  let lastError: unknown;
  // Another process may take the free port before redis-server binds it: try a few ports.
  for (let attempt = 0; attempt < 3; attempt++) {
    const server = new RedisServerProcess(options.port ?? (await freePort()), dir, options.appendonly ?? true, options.args, sentinelConfigFile, options.binary ?? REDIS_SERVER_BINARY, options.password ?? null);
    if (sentinelConfigFile) await writeFile(sentinelConfigFile, `${(options.sentinelConfig ?? []).join('\n')}\n`);
    try {
      await server.start();
      return server;
    } catch (error) {
      lastError = error;
      await server.kill('SIGKILL');
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

/** Everything in a server's AOF directory (base and incremental files), as text. */
export async function aofText(server: RedisServer): Promise<string> {
  const dir = join(server.dir, 'appendonlydir');
  const files = await readdir(dir);
  return (await Promise.all(files.map((file) => readFile(join(dir, file), 'latin1')))).join('\n');
}
