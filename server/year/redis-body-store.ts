import type { BodyEvent } from '../../shared/domain/year/body';
import { closeClient, clusterClient, type RedisClient } from '../cluster/redis-clients';
import type { Logger } from '../logger';
import { InvalidStoreInputError } from '../store/errors';
import { isSafeId } from '../store/file/layout';
import { sendRaw } from '../store/redis/node-redis-client';
import { parseRedisUrl, type ReplicaAckPolicy } from '../store/redis/redis-url';
import { BodyUnavailableError, type BodyAppendOutcome, type BodyStore } from './body-store';

export const BODY_KEYS = {
  /** Set of body ids. */
  bodies: 'bj:bodies',
  /** List of the body's events as JSON, in order. */
  log: (bodyId: string) => `bj:body:${bodyId}:log`,
} as const;

/**
 * Appends only when the log has the expected length, atomically (one script): two nodes
 * deciding on the same body version cannot both append.
 */
const APPEND_SCRIPT = `
local n = redis.call('LLEN', KEYS[1])
if n ~= tonumber(ARGV[1]) then return {0, n} end
for i = 3, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
redis.call('SADD', KEYS[2], ARGV[2])
return {1, n + #ARGV - 2}
`;

/**
 * Cluster mode: each body's log is a Redis list shared by every node. Redis runs with AOF
 * `appendfsync always` (docs/OPERATIONS.md), so a reply means the write is on disk.
 */
export class RedisBodyStore implements BodyStore {
  private constructor(
    private readonly client: RedisClient,
    private readonly ownsClient: boolean,
    /** REDIS_URL's replica policy: an append is acknowledged once this many replicas have it (like the meeting store). */
    private readonly ack: ReplicaAckPolicy,
  ) {}

  static async connect(url: string, logger: Logger): Promise<RedisBodyStore> {
    const client = clusterClient(url, 'bodies', logger);
    await client.connect();
    return new RedisBodyStore(client, true, parseRedisUrl(url).ack);
  }

  private key(bodyId: string): string {
    if (!isSafeId(bodyId)) throw new InvalidStoreInputError(`not a body id: ${JSON.stringify(bodyId).slice(0, 80)}`);
    return BODY_KEYS.log(bodyId);
  }

  async listBodies(): Promise<string[]> {
    const ids = (await sendRaw(this.client, ['SMEMBERS', BODY_KEYS.bodies])) as string[];
    return ids.filter(isSafeId).sort();
  }

  async readBody(bodyId: string, from = 0): Promise<BodyEvent[]> {
    const lines = (await sendRaw(this.client, ['LRANGE', this.key(bodyId), String(from), '-1'])) as string[];
    return lines.map((line, i) => {
      try {
        return JSON.parse(line) as BodyEvent;
      } catch {
        // Written by appendBody as JSON: only a hand-edited key gets here.
        throw new BodyUnavailableError(`body log ${this.key(bodyId)} entry ${from + i} is not JSON; restore it from a backup`);
      }
    });
  }

  async appendBody(bodyId: string, expectedVersion: number, events: readonly BodyEvent[]): Promise<BodyAppendOutcome> {
    const key = this.key(bodyId);
    const reply = (await sendRaw(this.client, [
      'EVAL',
      APPEND_SCRIPT,
      '2',
      key,
      BODY_KEYS.bodies,
      String(expectedVersion),
      bodyId,
      ...events.map((e) => JSON.stringify(e)),
    ])) as [number, number];
    if (reply[0] === 1 && this.ack.replicas > 0) {
      const acked = Number(await sendRaw(this.client, ['WAIT', String(this.ack.replicas), String(this.ack.timeoutMs)]));
      if (acked < this.ack.replicas) throw new Error(`body ${bodyId}: only ${acked} of ${this.ack.replicas} replicas confirmed the append`);
    }
    return { ok: reply[0] === 1, version: Number(reply[1]) };
  }

  async close(): Promise<void> {
    if (this.ownsClient) await closeClient(this.client);
  }
}
