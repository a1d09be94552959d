import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, freePort } from './redis-server';
import { until } from './until';

/**
 * A real HAProxy with deploy/haproxy.cfg, read from the file itself: its frontend bound to a free
 * port here and its servers `app1`/`app2` pointed at this machine's nodes. Nothing else changes,
 * but a stats socket the test reads the servers' state and sessions from.
 */

export const HAPROXY_BINARY = findOnPath('haproxy');

/** Whether the HAProxy test can run: CI must run it (.ci/run installs Debian's haproxy). */
export function haproxyAvailable(): boolean {
  if (HAPROXY_BINARY) return true;
  if (process.env.CI) throw new Error('haproxy is not on PATH: CI must run the HAProxy test');
  console.warn('\n!!! haproxy is not on PATH: the HAProxy test is SKIPPED (apt-get install haproxy). !!!\n');
  return false;
}

const CONFIG = readFileSync(join(import.meta.dirname, '..', '..', 'deploy', 'haproxy.cfg'), 'utf8');

export interface Haproxy {
  url: string;
  /** Each server's state and current sessions, from the stats socket (`show stat`). */
  servers(): Promise<Map<string, { status: string; sessions: number }>>;
  stop(): Promise<void>;
}

/** deploy/haproxy.cfg with its frontend on `port` and `app1`, `app2`… on `nodePorts` here. */
export function localHaproxyConfig(port: number, nodePorts: readonly number[], statsSocket: string): string {
  let config = CONFIG.replace(/^(\s*)bind :8080$/m, `$1bind 127.0.0.1:${port}`);
  nodePorts.forEach((nodePort, i) => {
    config = config.replace(new RegExp(`^(\\s*server app${i + 1}) app${i + 1}:3000 `, 'm'), `$1 127.0.0.1:${nodePort} `);
  });
  if (/\bapp\d+:3000\b/.test(config) || !config.includes(`127.0.0.1:${port}`)) throw new Error('deploy/haproxy.cfg: its bind or servers changed shape');
  return config.replace(/^global\n/m, `global\n  stats socket ${statsSocket} level admin\n`);
}

export async function startHaproxy(nodePorts: readonly number[]): Promise<Haproxy> {
  if (!HAPROXY_BINARY) throw new Error('haproxy is not on PATH');
  const dir = await mkdtemp(join(tmpdir(), 'biaojue-haproxy-'));
  const port = await freePort();
  const statsSocket = join(dir, 'stats.sock');
  const configFile = join(dir, 'haproxy.cfg');
  await writeFile(configFile, localHaproxyConfig(port, nodePorts, statsSocket));
  const child: ChildProcess = spawn(HAPROXY_BINARY, ['-f', configFile, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString('utf8')).slice(-20_000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString('utf8')).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const servers = async () => {
    const csv = await new Promise<string>((resolve, reject) => {
      const socket = createConnection(statsSocket);
      let text = '';
      socket.once('error', reject);
      socket.on('data', (c) => (text += c.toString('utf8')));
      socket.once('end', () => resolve(text));
      socket.write('show stat\n');
    });
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
      const states = [...(await servers()).values()];
      return states.length === nodePorts.length && states.every((v) => v.status === 'UP');
    },
    { withinMs: 15_000, output: () => output },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    servers,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
