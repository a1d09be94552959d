import type { RedisNodeAddress } from './redis-url';

/** One replica as the primary lists it in INFO replication. */
export interface ListedReplica extends RedisNodeAddress {
  /** The replication offset the replica has confirmed (it acks once a second, and on WAIT). */
  offset: number;
  /** `online` once in sync; `wait_bgsave`, `send_bulk`… while a full sync runs. */
  state: string;
}

export interface PrimaryReplication {
  /** The primary's replication id (`master_replid`): a new one when a replica is promoted. */
  replicationId: string;
  /** How far the primary's replication stream has gone (`master_repl_offset`). */
  offset: number;
  replicas: ListedReplica[];
}

/**
 * The primary's `INFO replication`: its offset and its replicas, each
 * `slave<N>:ip=<host>,port=<port>,state=<state>,offset=<offset>,lag=<s>`. The host is the
 * replica's `replica-announce-ip` when it sets one (compose: its service name), else its
 * address as the primary sees it. Lines it does not know are ignored; a replica line without a
 * host or a port is skipped.
 */
export function parsePrimaryReplication(info: string): PrimaryReplication {
  const offset = Number(/^master_repl_offset:(\d+)/m.exec(info)?.[1] ?? 0);
  const replicationId = /^master_replid:([0-9a-f]+)/m.exec(info)?.[1] ?? '';
  const replicas: ListedReplica[] = [];
  for (const [, fields = ''] of info.matchAll(/^slave\d+:(.*)$/gm)) {
    const values = new Map(
      fields
        .trim()
        .split(',')
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const),
    );
    const host = values.get('ip');
    const port = Number(values.get('port'));
    if (!host || !Number.isInteger(port) || port <= 0) continue;
    replicas.push({ host, port, offset: Number(values.get('offset') ?? 0), state: values.get('state') ?? '' });
  }
  return { replicationId, offset, replicas };
}
