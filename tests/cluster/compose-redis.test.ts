// deploy/compose.yaml's Redis set run here on real processes with compose's own settings (read
// from the file: tests/support/compose-redis.ts): the nodes' user and password, the Sentinels'
// restricted user, the secrecy denials, min-replicas-to-write. `docker compose config` only
// checks that the file parses; this checks that what it configures works: the nodes reach the
// primary through password-protected Sentinels, a paper cannot be exposed through the nodes'
// user, and the Sentinels, with only the commands compose gives them, promote the replica and
// turn the restarted old primary into its replica.
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { StoreUnavailableError } from '../../server/store/redis/errors';
import { RedisStore, type RedisStoreOptions } from '../../server/store/redis/redis-store';
import type { CastRequest, StoredCast } from '../../server/store/types';
import { localRedisArgs, localSentinelConfig } from '../support/compose-redis';
import { REDIS_SERVER_BINARY, redisServerAvailable, startRedis, WAITAOF_SERVER_BINARY, waitAofServerAvailable, type RedisServer } from '../support/redis-server';
import { castRequest, createMeeting, openBallot, testKeyring } from '../store/fixtures';
import { redisCommand } from '../support/redis-sentinel';
import { until } from '../support/until';

const runs = redisServerAvailable() && waitAofServerAvailable();
/** compose runs redis:7.2: a server with WAITAOF where there is one. */
const BINARY = WAITAOF_SERVER_BINARY ?? REDIS_SERVER_BINARY;
const PASSWORD = 'compose-test-password-0123456789';
const MASTER_NAME = 'biaojue';
const QUIET: RedisStoreOptions = { logger: silentLogger, keyring: testKeyring(), commandTimeoutMs: 5000 };
/** compose's down-after (5 s) and the promotion after it, with room for a loaded machine. */
const FAILOVER_WITHIN_MS = 45_000;

/** A command as the nodes' user (compose's password). */
const command = (port: number, args: string[]) => redisCommand(port, args, PASSWORD);

const replicating = (server: RedisServer, primaryPort: number) => async () => {
  const info = String(await command(server.port, ['INFO', 'replication']));
  return /role:slave/.test(info) && new RegExp(`master_port:${primaryPort}\\b`).test(info) && /master_link_status:up/.test(info);
};

/** Casts as a tablet does: the same request again while the store answers StoreUnavailableError. */
async function castUntilAcked(store: RedisStore, meetingId: string, request: CastRequest): Promise<StoredCast> {
  const giveUpAt = Date.now() + FAILOVER_WITHIN_MS;
  for (;;) {
    try {
      return await store.cast(meetingId, request);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe.skipIf(!runs)("deploy/compose.yaml's Redis set, with its own settings, on real processes", () => {
  const started: RedisServer[] = [];
  let store: RedisStore | null = null;
  afterAll(async () => {
    await store?.close();
    for (const server of started.reverse()) await server.stop();
  });

  it('serves the nodes through its Sentinels, denies what would expose a paper, and fails over with only the Sentinels’ own commands', async () => {
    const primary = await startRedis({ binary: BINARY, args: localRedisArgs('redis', PASSWORD), password: PASSWORD });
    started.push(primary);
    const replica = await startRedis({ binary: BINARY, args: localRedisArgs('redis-replica', PASSWORD, primary.port), password: PASSWORD });
    started.push(replica);
    // The replica authenticates to the primary as compose says (masteruser, masterauth).
    await until('the replica in sync', replicating(replica, primary.port));
    const sentinels: RedisServer[] = [];
    for (let i = 0; i < 3; i++) {
      const sentinel = await startRedis({ binary: BINARY, appendonly: false, sentinelConfig: localSentinelConfig(PASSWORD, primary.port), password: PASSWORD });
      started.push(sentinel);
      sentinels.push(sentinel);
    }
    // Each Sentinel logs in to the data nodes as `sentinel` and to the others with the password.
    await until('every Sentinel knowing the replica and the two others', async () => {
      for (const sentinel of sentinels) {
        const replicas = (await command(sentinel.port, ['SENTINEL', 'replicas', MASTER_NAME])) as unknown[];
        const peers = (await command(sentinel.port, ['SENTINEL', 'sentinels', MASTER_NAME])) as unknown[];
        if (replicas.length < 1 || peers.length < 2) return false;
      }
      return true;
    });

    // The nodes, as compose's REDIS_URL has them (user and password through the Sentinels).
    const hosts = sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
    store = await RedisStore.connect(`redis-sentinel://default:${PASSWORD}@${hosts}/${MASTER_NAME}?ackReplicas=1&ackTimeoutMs=1000`, QUIET);
    const meeting = await createMeeting(store, 3);
    const ballotId = await openBallot(store, meeting);
    expect(await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toMatchObject({ status: 'recorded', voted: 1 });

    // Invariant 4 on the nodes' own user: no slow log switched on, no MONITOR, no DEBUG.
    await expect(command(primary.port, ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'])).rejects.toThrow(/NOPERM/);
    await expect(command(primary.port, ['MONITOR'])).rejects.toThrow(/NOPERM/);
    // (DEBUG is also off by Redis's own default, which answers before the ACL.)
    await expect(command(primary.port, ['DEBUG', 'SLEEP', '0'])).rejects.toThrow(/NOPERM|DEBUG command not allowed/);
    expect(await command(primary.port, ['SLOWLOG', 'LEN'])).toBe(0);
    // Nobody without the password.
    const stranger = createClient({ socket: { host: '127.0.0.1', port: primary.port, reconnectStrategy: false } });
    stranger.on('error', () => {});
    await stranger.connect();
    await expect(stranger.sendCommand(['GET', 'anything'])).rejects.toThrow(/NOAUTH/);
    stranger.destroy();

    // The primary dies: the Sentinels promote the replica with their restricted user.
    await primary.kill('SIGKILL');
    await until(
      'the Sentinels naming the replica as primary',
      async () => {
        const [, port] = (await command(sentinels[0]!.port, ['SENTINEL', 'get-master-addr-by-name', MASTER_NAME])) as [string, string];
        return Number(port) === replica.port && String(((await command(replica.port, ['ROLE'])) as unknown[])[0]) === 'master';
      },
      { withinMs: FAILOVER_WITHIN_MS },
    );
    // Back, the old primary is turned into the new one's replica by the Sentinels.
    await primary.restart();
    await until('the old primary replicating the promoted one', replicating(primary, replica.port), { withinMs: FAILOVER_WITHIN_MS });

    // The nodes followed: the acked vote is there once, a retry gets its first answer, and a
    // new vote is acked once the new primary has its replica.
    expect(await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toMatchObject({ status: 'duplicate', voted: 1 });
    expect(await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 2, 'no'))).toMatchObject({ status: 'recorded', voted: 2 });
    const votes = await store.readVotes(meeting.meetingId);
    expect(votes.participations.filter((p) => p.ballotId === ballotId)).toHaveLength(2);
  }, 180_000);
});
