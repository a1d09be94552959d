import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployFile } from './deploy-file';
import type { Host } from './netns-hosts';
import { findOnPath, freePort } from './redis-server';
import { until } from './until';
import { runsHere } from './runs-here';
import { watchChild } from './watched-child';

/**
 * A real HAProxy with deploy/haproxy.cfg, read from the file itself: its frontends bound where
 * the test needs them and its servers `app1`/`app2` pointed at the test's nodes. Nothing else
 * changes, but a stats socket the test reads the servers' state and sessions from.
 */

export const HAPROXY_BINARY = findOnPath('haproxy');

/** Whether the HAProxy test can run: CI must run it (.ci/run installs Debian's haproxy). */
export function haproxyAvailable(): boolean {
  return runsHere(HAPROXY_BINARY ? null : 'haproxy is not on PATH', 'the HAProxy tests', 'apt-get install haproxy');
}

const CONFIG = deployFile('haproxy.cfg');

export interface Haproxy {
  url: string;
  /** Each server's state and current sessions, from the stats socket (`show stat`). */
  servers(): Promise<Map<string, { status: string; sessions: number }>>;
  /**
   * The connections HAProxy has taken in and counts for one source (`address` as its stick table
   * keeps it: IPv4 as `::ffff:a.b.c.d`), from the hall's frontend's table (`show table`).
   */
  connectionsFrom(address: string): Promise<number>;
  process: ChildProcess;
  /** Its recent output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Where a test's HAProxy listens and what it sends to. */
export interface HaproxyPlacement {
  /** The hall's frontend (`bind :8080` in the file): e.g. `127.0.0.1:PORT`, or `:8080` on a host of its own. */
  bind: string;
  /** The `proxy_alive` frontend keepalived asks (`127.0.0.1:8404` in the file). */
  aliveBind: string;
  /** `app1`, `app2`…: host:port of each node. */
  servers: readonly string[];
  statsSocket: string;
}

/** deploy/haproxy.cfg with its binds and servers placed, and a stats socket the test reads. */
export function haproxyConfig({ bind, aliveBind, servers, statsSocket }: HaproxyPlacement): string {
  const shape = () => new Error('deploy/haproxy.cfg: its binds or servers changed shape');
  if (!/^\s*bind :8080$/m.test(CONFIG) || !/^\s*bind 127\.0\.0\.1:8404$/m.test(CONFIG)) throw shape();
  let config = CONFIG.replace(/^(\s*)bind :8080$/m, `$1bind ${bind}`).replace(/^(\s*)bind 127\.0\.0\.1:8404$/m, `$1bind ${aliveBind}`);
  servers.forEach((address, i) => {
    config = config.replace(new RegExp(`^(\\s*server app${i + 1}) app${i + 1}:3000 `, 'm'), `$1 ${address} `);
  });
  if (/\bapp\d+:3000\b/.test(config)) throw shape();
  return config.replace(/^global\n/m, `global\n  stats socket ${statsSocket} level admin\n`);
}

/**
 * HAProxy with deploy/haproxy.cfg in front of the nodes at `servers` (host:port). Here, on free
 * ports of 127.0.0.1; or on `host`, a network namespace of its own (netns-hosts.ts), with the
 * file's own ports, listening on every address the host has or gets. `env` is added to its
 * environment, as a deployment sets the file's settings (SOCKET_CONNECTIONS_PER_ADDRESS).
 */
export async function startHaproxy(
  servers: readonly string[],
  { host, env = {} }: { host?: Host; env?: Record<string, string> } = {},
): Promise<Haproxy> {
  if (!HAPROXY_BINARY) throw new Error('haproxy is not on PATH');
  const dir = await mkdtemp(join(tmpdir(), 'biaojue-haproxy-'));
  const statsSocket = join(dir, 'stats.sock');
  const configFile = join(dir, 'haproxy.cfg');
  const port = host ? 8080 : await freePort();
  const aliveBind = host ? '127.0.0.1:8404' : `127.0.0.1:${await freePort()}`;
  await writeFile(configFile, haproxyConfig({ bind: host ? ':8080' : `127.0.0.1:${port}`, aliveBind, servers, statsSocket }));
  const args = ['-f', configFile, '-db'];
  const options: SpawnOptions = { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } };
  const child: ChildProcess = host ? host.spawn(HAPROXY_BINARY, args, options) : spawn(HAPROXY_BINARY, args, options);
  const watched = watchChild(child);

  /** One command on the stats socket, and its whole answer. */
  const ask = (command: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = createConnection(statsSocket);
      let text = '';
      socket.once('error', reject);
      socket.on('data', (c) => (text += c.toString('utf8')));
      socket.once('end', () => resolve(text));
      socket.write(`${command}\n`);
    });
  const serverStates = async () => {
    const csv = await ask('show stat');
    const [header, ...rows] = csv.trim().split('\n');
    const columns = (header ?? '').replace(/^# /, '').split(',');
    const at = (name: string) => columns.indexOf(name);
    const states = new Map<string, { status: string; sessions: number }>();
    for (const row of rows) {
      const cells = row.split(',');
      if (cells[at('pxname')] !== 'app_nodes' || /^(FRONTEND|BACKEND)$/.test(cells[at('svname')] ?? '')) continue;
      states.set(cells[at('svname')]!, { status: cells[at('status')]!, sessions: Number(cells[at('scur')]) });
    }
    return states;
  };
  await until(
    "haproxy's servers all UP",
    async () => {
      if (child.exitCode !== null) throw new Error('haproxy exited');
      const states = [...(await serverStates()).values()];
      return states.length === servers.length && states.every((v) => v.status === 'UP');
    },
    { withinMs: 15_000, output: watched.output },
  );
  return {
    url: `http://${host?.address ?? '127.0.0.1'}:${port}`,
    servers: serverStates,
    async connectionsFrom(address) {
      // e.g. `0x55d1…: key=::ffff:127.0.0.2 use=40 exp=59990 shard=0 conn_cur=40`
      const entry = (await ask('show table http_in')).split('\n').find((line) => line.includes(` key=${address} `));
      return Number(/\bconn_cur=(\d+)/.exec(entry ?? '')?.[1] ?? 0);
    },
    process: child,
    output: watched.output,
    async stop() {
      await watched.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
