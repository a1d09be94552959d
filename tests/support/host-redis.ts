import type { ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host } from './netns-hosts';
import { MASTER_NAME, redisCommand, sentinelMonitorConfig } from './redis-sentinel';
import { REDIS_SERVER_BINARY } from './redis-server';
import { until } from './until';
import { watchChild } from './watched-child';

/**
 * A Redis data node and a Sentinel on a host of the test's network (netns-hosts.ts), on Redis's
 * own ports, as deploy/compose.yaml runs them on each of OPERATIONS' three hosts: AOF with
 * `appendfsync always`, a rejoining replica synced at once. They die with their host.
 */

export const DATA_PORT = 6379;
export const SENTINEL_PORT = 26379;

export interface HostProcess {
  process: ChildProcess;
  output(): string;
}

function spawnOnHost(host: Host, args: string[]): HostProcess {
  if (!REDIS_SERVER_BINARY) throw new Error('redis-server is not on PATH');
  const child = host.spawn(REDIS_SERVER_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return { process: child, output: watchChild(child).output };
}

/** The data node on `host`: a replica of `primary` (an address) when given. */
export async function startHostDataNode(host: Host, primary?: string): Promise<HostProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'biaojue-host-redis-'));
  const node = spawnOnHost(host, [
    '--port', String(DATA_PORT),
    '--bind', '0.0.0.0',
    '--protected-mode', 'no',
    '--dir', dir,
    '--save', '',
    '--appendonly', 'yes',
    '--appendfsync', 'always',
    '--repl-diskless-sync-delay', '0',
    '--logfile', '',
    ...(primary ? ['--replicaof', primary, String(DATA_PORT)] : []),
  ]);
  await until(`redis on ${host.address} answering`, async () => (await redisCommand(DATA_PORT, ['PING'], undefined, host.address)) === 'PONG', { output: node.output });
  return node;
}

/** A Sentinel on `host` watching the primary at `primary` (as the tests' Sentinel sets: sentinelMonitorConfig). */
export async function startHostSentinel(host: Host, primary: string): Promise<HostProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'biaojue-host-sentinel-'));
  const config = join(dir, 'sentinel.conf');
  await writeFile(
    config,
    [
      `port ${SENTINEL_PORT}`,
      'bind 0.0.0.0',
      'protected-mode no',
      `dir ${dir}`,
      ...sentinelMonitorConfig(primary, DATA_PORT),
      '',
    ].join('\n'),
  );
  const sentinel = spawnOnHost(host, [config, '--sentinel']);
  await until(`sentinel on ${host.address} answering`, async () => (await redisCommand(SENTINEL_PORT, ['PING'], undefined, host.address)) === 'PONG', { output: sentinel.output });
  return sentinel;
}

/** The address the Sentinel on `host` names as primary. */
export async function sentinelPrimary(host: Host): Promise<string | null> {
  const reply = (await redisCommand(SENTINEL_PORT, ['SENTINEL', 'get-master-addr-by-name', MASTER_NAME], undefined, host.address).catch(() => null)) as [string, string] | null;
  return reply ? reply[0] : null;
}
