// The replica ack on a server that has WAITAOF (Redis ≥ 7.2, as deploy/'s image; Valkey from
// bookworm-backports here): what an operator's mistakes do to it, on real processes. A replica
// without an AOF never confirms a write, so every write is refused (never acked) and says why;
// and a primary of another version put behind the same address (a rolling upgrade, or a
// downgrade) gets the ack command it has, not the one read when the store connected.
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { StoreUnavailableError } from '../../server/store/redis/errors';
import { RedisStore, type RedisStoreOptions } from '../../server/store/redis/redis-store';
import { hasWaitAof, REDIS_SERVER_BINARY, redisServerAvailable, startRedis, WAITAOF_SERVER_BINARY, waitAofServerAvailable, type RedisServer } from '../support/redis-server';
import { ackCommandCalls, redisCommand } from '../support/redis-sentinel';
import { castRequest, createMeeting, openBallot, testKeyring } from '../store/fixtures';
import { until } from '../support/until';

const runs = redisServerAvailable() && waitAofServerAvailable();
/** The downgrade needs a redis-server without WAITAOF beside the WAITAOF server (Debian 12's 7.0). */
const olderRedis = runs && REDIS_SERVER_BINARY !== null && !hasWaitAof(REDIS_SERVER_BINARY) ? REDIS_SERVER_BINARY : null;
const ACK_TIMEOUT_MS = 500;
/**
 * Far above a replica's fsync, also on a loaded CI machine (300 ms left little margin there), and
 * half the replica's once-a-second ack: were the casts acked only by that periodic ack, each would
 * miss this timeout about half the time, and all ten in a row would pass once in a thousand runs.
 */
const FAST_ACK_TIMEOUT_MS = 500;
const CASTS_IN_A_ROW = 10;
const QUIET: RedisStoreOptions = { logger: silentLogger, keyring: testKeyring(), commandTimeoutMs: 3000 };

/** A primary and its replica, of one binary; the replica with or without an AOF. */
async function primaryWithReplica(binary: string, replicaAppendonly: boolean, port?: number): Promise<[RedisServer, RedisServer]> {
  // No 5 s wait for more replicas before the first full sync (the default): one replica here.
  const primary = await startRedis({ binary, port, args: ['--repl-diskless-sync-delay', '0'] });
  const replica = await startRedis({ binary, appendonly: replicaAppendonly, args: ['--replicaof', '127.0.0.1', String(primary.port)] });
  await until('the replica in sync', async () => /master_link_status:up/.test(String(await redisCommand(replica.port, ['INFO', 'replication']))));
  if (replicaAppendonly && hasWaitAof(binary)) {
    // A replica confirms its AOF only once it has rewritten it after the first sync: a write and
    // its WAITAOF on one connection (a connection without writes waits for nothing).
    await until('the replica’s AOF', async () => {
      const client = createClient({ socket: { host: '127.0.0.1', port: primary.port, reconnectStrategy: false } });
      await client.connect();
      try {
        await client.set('biaojue-test:aof-probe', '1');
        const [, replicas] = (await client.sendCommand(['WAITAOF', '0', '1', '200'])) as number[];
        return replicas === 1;
      } finally {
        client.destroy();
      }
    });
  }
  return [primary, replica];
}

describe.skipIf(!runs)('the replica ack with WAITAOF, on a real server that has it', () => {
  const stopLater: Array<{ stop(): Promise<void> } | { close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of stopLater.splice(0).reverse()) await ('close' in item ? item.close() : item.stop());
  });

  it('acks every cast as soon as the replica has fsynced it, not at its once-a-second ack', async () => {
    const [primary, replica] = await primaryWithReplica(WAITAOF_SERVER_BINARY!, true);
    stopLater.push(primary, replica);
    // A timeout well below the replica's one-second ack period: WAITAOF sent alone behind the
    // writes was answered by that periodic ack (about 1 s), so nearly every write was refused.
    const store = await RedisStore.connect(`${primary.url}?ackReplicas=1&ackTimeoutMs=${FAST_ACK_TIMEOUT_MS}`, QUIET);
    stopLater.push(store);
    const meeting = await createMeeting(store, CASTS_IN_A_ROW);
    const ballotId = await openBallot(store, meeting);
    for (let n = 1; n <= CASTS_IN_A_ROW; n++) {
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, n, 'yes'))).toMatchObject({ status: 'recorded', voted: n });
    }
    expect((await ackCommandCalls(primary.port)).waitaof).toBeGreaterThanOrEqual(CASTS_IN_A_ROW);
  }, 60_000);

  it('refuses every write while the replica keeps no AOF, says so, and takes the same key once it keeps one', async () => {
    const [primary, replica] = await primaryWithReplica(WAITAOF_SERVER_BINARY!, false);
    stopLater.push(primary, replica);
    const setup = await RedisStore.connect(primary.url, QUIET);
    stopLater.push(setup);
    const store = await RedisStore.connect(`${primary.url}?ackReplicas=1&ackTimeoutMs=${ACK_TIMEOUT_MS}`, QUIET);
    stopLater.push(store);
    const meeting = await createMeeting(setup, 3);
    const ballotId = await openBallot(setup, meeting);

    // The replica has the paper (replication is up), but WAITAOF counts only an AOF fsync: no ack.
    const before = await ackCommandCalls(primary.port);
    const refused = store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'));
    await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(refused).rejects.toThrow(/0 of 1 replica\(s\) confirmed the write on their AOF .*appendonly yes.*retry with the same key/);
    expect((await ackCommandCalls(primary.port)).waitaof).toBeGreaterThan(before.waitaof);

    // The operator turns the replica's AOF on: the tablet's retry with the same key is acked,
    // as the first answer (the paper was on the primary all along), and counted once.
    await redisCommand(replica.port, ['CONFIG', 'SET', 'appendonly', 'yes']);
    const retried = await until('a cast acked once the replica keeps an AOF', () => store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
    expect(retried).toMatchObject({ status: 'duplicate', voted: 1 });
    const votes = await store.readVotes(meeting.meetingId);
    expect(votes.register.filter((p) => p.ballotId === ballotId)).toHaveLength(1);
  }, 60_000);

  it.skipIf(!olderRedis)('asks a primary of another version for the ack it has, after the store reconnects to it', async () => {
    // A WAITAOF primary first: the store reads its version at connect and acks with WAITAOF.
    const [first, firstReplica] = await primaryWithReplica(WAITAOF_SERVER_BINARY!, true);
    stopLater.push(firstReplica);
    const store = await RedisStore.connect(`${first.url}?ackReplicas=1&ackTimeoutMs=${ACK_TIMEOUT_MS}`, QUIET);
    stopLater.push(store);
    await createMeeting(store, 2);
    expect((await ackCommandCalls(first.port)).waitaof).toBeGreaterThan(0);

    // The same address now answers with an older server and its own replica (a set rebuilt on
    // another version). Sent WAITAOF, Redis 7.0 answers "unknown command" and nothing is acked:
    // the store must read the version again when it reconnects, or refuse every write forever.
    const port = first.port;
    await first.stop();
    const [second, secondReplica] = await primaryWithReplica(olderRedis!, true, port);
    stopLater.push(second, secondReplica);
    await until('a write acked by the older primary', () => createMeeting(store, 2));
    const calls = await ackCommandCalls(second.port);
    expect(calls.wait).toBeGreaterThan(0);
  }, 60_000);
});
