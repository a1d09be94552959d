import { deployFile } from './deploy-file';

/**
 * deploy/compose.yaml's Redis settings, read from the file itself, for running them on real
 * processes here: the data nodes' command lines (`redis`, `redis-replica`, `redis-replica-2`) and the Sentinels'
 * config (the heredoc in `sentinel-1`), with the password put in and the compose network's host
 * names and paths replaced by this machine's. Nothing else is changed: the ACL users, the
 * durability, min-replicas-to-write and the Sentinel's auth are compose's own.
 */

const COMPOSE = deployFile('compose.yaml');
const PASSWORD_VARIABLE = /\$\{REDIS_PASSWORD:\?[^}]*\}/g;

/** compose's data nodes: the primary at first, then its two replicas. */
export const COMPOSE_DATA_NODES = ['redis', 'redis-replica', 'redis-replica-2'] as const;
export type ComposeDataNode = (typeof COMPOSE_DATA_NODES)[number];

/** The services whose command is redis-server itself (the data nodes; the Sentinels start through sh). */
export function composeRedisServerServices(): string[] {
  return [...COMPOSE.matchAll(/\n {2}([a-z0-9-]+):\n(?: {4}.*\n)*? {4}command:\n {6}- redis-server\n/g)].map((match) => match[1]!);
}

/** The lines of one service, up to the next service (the comment that opens it, or its key). */
export function serviceBlock(service: string): string {
  const start = COMPOSE.indexOf(`\n  ${service}:`);
  if (start < 0) throw new Error(`compose.yaml has no service ${service}`);
  const next = /\n  (#|[a-z0-9-]+:)/g;
  next.lastIndex = start + 1;
  const end = next.exec(COMPOSE)?.index ?? COMPOSE.length;
  return COMPOSE.slice(start, end);
}

/** A data node's `command:` list, as redis-server arguments. */
export function composeRedisArgs(service: ComposeDataNode, password: string): string[] {
  const block = serviceBlock(service);
  const lines = block.slice(block.indexOf('    command:\n') + '    command:\n'.length).split('\n');
  const items: string[] = [];
  for (const line of lines) {
    const item = /^ {6}- (.*)$/.exec(line);
    if (!item) break;
    const raw = item[1]!;
    items.push((raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw).replace(PASSWORD_VARIABLE, password));
  }
  if (items[0] !== 'redis-server') throw new Error(`${service}'s command does not start with redis-server: ${items.join(' ')}`);
  return items.slice(1);
}

/**
 * A data node's arguments for a server on this machine: its `--dir` is the test's (startRedis
 * sets it), the compose host names become 127.0.0.1, and `--replicaof redis 6379` points at
 * the primary's port here.
 */
export function localRedisArgs(service: ComposeDataNode, password: string, primaryPort?: number): string[] {
  const args = composeRedisArgs(service, password);
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--dir') {
      i++;
      continue;
    }
    if (arg === '--replica-announce-ip') {
      out.push(arg, '127.0.0.1');
      i++;
      continue;
    }
    if (arg === '--replicaof') {
      if (primaryPort === undefined) throw new Error(`${service} replicates: give the primary's port`);
      out.push(arg, '127.0.0.1', String(primaryPort));
      i += 2;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** The Sentinels' config as compose writes it, monitoring the primary on `primaryPort` here. */
export function localSentinelConfig(password: string, primaryPort: number): string[] {
  const block = serviceBlock('sentinel-1');
  const heredoc = /<<EOF\n([\s\S]*?)\n\s*EOF\n/.exec(block)?.[1];
  if (!heredoc) throw new Error('compose.yaml: no Sentinel config in sentinel-1');
  return heredoc
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('port ') && !line.startsWith('dir '))
    .map((line) =>
      line
        .replaceAll('$$REDIS_PASSWORD', password)
        .replaceAll('$$SENTINEL_HOST', '127.0.0.1')
        .replace(/^sentinel monitor (\S+) redis 6379 (\d+)$/, `sentinel monitor $1 127.0.0.1 ${primaryPort} $2`),
    );
}
