// deploy/compose.yaml's Redis set run here on real processes with compose's own settings (read
// from the file: tests/support/compose-redis.ts): the nodes' user and password, the Sentinels'
// restricted user, the secrecy denials, min-replicas-to-write. `docker compose config` only
// checks that the file parses; this checks that what it configures works: the nodes reach the
// primary through password-protected Sentinels, a paper cannot be exposed through the nodes'
// user, and the Sentinels, with only the commands compose gives them, promote a replica and point
// the other one at it, so that votes are acked again with the old primary still dead, and turn
// the restarted old primary into a replica.
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { StoreUnavailableError } from '../../server/store/redis/errors';
import { RedisStore, type RedisStoreOptions } from '../../server/store/redis/redis-store';
import type { CastRequest, StoredCast } from '../../server/store/types';
import { COMPOSE_DATA_NODES, localRedisArgs, localSentinelConfig } from '../support/compose-redis';
import { aofText, REDIS_SERVER_BINARY, redisServerAvailable, startRedis, WAITAOF_SERVER_BINARY, waitAofServerAvailable, type RedisServer } from '../support/redis-server';
import { appendTo, ballotClosed, castRequest, createMeeting, openBallot, testKeyring } from '../store/fixtures';
import { persistenceInfo, redisCommand, replicaInSync } from '../support/redis-sentinel';
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

/** The server's AOF files, once no rewrite is running (INFO persistence as the nodes' user); null while one runs. */
async function settledAof(server: RedisServer): Promise<string | null> {
  const info = await persistenceInfo(server.port, PASSWORD);
  return info.aof_rewrite_in_progress === '0' ? aofText(server) : null;
}

const replicating = (server: RedisServer, primaryPort: number) => async () =>
  replicaInSync(String(await command(server.port, ['INFO', 'replication'])), primaryPort);

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
    const [primaryService, ...replicaServices] = COMPOSE_DATA_NODES;
    const primary = await startRedis({ binary: BINARY, args: localRedisArgs(primaryService, PASSWORD), password: PASSWORD });
    started.push(primary);
    const replicas: RedisServer[] = [];
    for (const service of replicaServices) {
      const replica = await startRedis({ binary: BINARY, args: localRedisArgs(service, PASSWORD, primary.port), password: PASSWORD });
      started.push(replica);
      replicas.push(replica);
      // The replica authenticates to the primary as compose says (masteruser, masterauth).
      await until(`${service} in sync`, replicating(replica, primary.port));
    }
    const sentinels: RedisServer[] = [];
    for (let i = 0; i < 3; i++) {
      const sentinel = await startRedis({ binary: BINARY, appendonly: false, sentinelConfig: localSentinelConfig(PASSWORD, primary.port), password: PASSWORD });
      started.push(sentinel);
      sentinels.push(sentinel);
    }
    // Each Sentinel logs in to the data nodes as `sentinel` and to the others with the password.
    await until('every Sentinel knowing the replicas and the two others', async () => {
      for (const sentinel of sentinels) {
        const known = (await command(sentinel.port, ['SENTINEL', 'replicas', MASTER_NAME])) as unknown[];
        const peers = (await command(sentinel.port, ['SENTINEL', 'sentinels', MASTER_NAME])) as unknown[];
        if (known.length < replicas.length || peers.length < 2) return false;
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

    // The primary dies: the Sentinels promote a replica with their restricted user, and point
    // the other one at it.
    await primary.kill('SIGKILL');
    const promoted = await until(
      'the Sentinels naming a replica as primary',
      async () => {
        const [, port] = (await command(sentinels[0]!.port, ['SENTINEL', 'get-master-addr-by-name', MASTER_NAME])) as [string, string];
        const chosen = replicas.find((r) => r.port === Number(port));
        return chosen && String(((await command(chosen.port, ['ROLE'])) as unknown[])[0]) === 'master' ? chosen : null;
      },
      { withinMs: FAILOVER_WITHIN_MS },
    );
    const other = replicas.find((r) => r !== promoted)!;
    await until('the other replica following the promoted one', replicating(other, promoted.port), { withinMs: FAILOVER_WITHIN_MS });

    // With the old primary still dead, the nodes followed: the acked vote is there once, a retry
    // gets its first answer, and a new vote is acked (the other replica has it).
    expect(await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toMatchObject({ status: 'duplicate', voted: 1 });
    expect(await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 2, 'no'))).toMatchObject({ status: 'recorded', voted: 2 });
    expect(primary.pid).toBeUndefined();

    // Back, the old primary is turned into a replica of the new one by the Sentinels.
    await primary.restart();
    await until('the old primary replicating the promoted one', replicating(primary, promoted.port), { withinMs: FAILOVER_WITHIN_MS });
    expect(await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 3, 'abstain'))).toMatchObject({ status: 'recorded', voted: 3 });
    await until('the restarted old primary in sync', replicating(primary, promoted.port), { withinMs: FAILOVER_WITHIN_MS });

    // The secret ballot closes: the node, as compose's user, has every data node rewrite its
    // AOF once it has the tally (the replicas on connections of their own, by the names they
    // announce), so none keeps the sealed papers or the wrapped key.
    const papersKey = `bj:{${meeting.meetingId}}:papers:${ballotId}`;
    await appendTo(store, meeting, ballotClosed(ballotId));
    const votes = await store.readVotes(meeting.meetingId);
    expect(votes.register.filter((p) => p.ballotId === ballotId)).toHaveLength(3);
    expect(votes.boxes[ballotId]).toEqual({ yes: 1, no: 1, abstain: 1 });
    for (const server of [promoted, other, primary]) {
      await until(`:${server.port}'s AOF rewritten without the papers after the tally`, async () => {
        const text = await settledAof(server);
        return text !== null && !text.includes(papersKey);
      });
    }
  }, 180_000);
});
