// The replica ack through Sentinel, on real redis-server and Sentinel processes: a cast is
// acknowledged only once a replica has it; with no replica it is refused as retryable and not
// acknowledged, and the tablet's retry with the same key goes through once the replica is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { StoreUnavailableError } from '../../server/store/redis/errors';
import { RedisStore, type RedisStoreOptions } from '../../server/store/redis/redis-store';
import type { StoredCast, CastRequest } from '../../server/store/types';
import { hasWaitAof, REDIS_SERVER_BINARY, redisServerAvailable, serverVersion, startRedis, WAITAOF_SERVER_BINARY, waitAofServerAvailable } from '../support/redis-server';
import { ackCommandCalls, startSentinelSet, type SentinelSet } from '../support/redis-sentinel';
import { ballotClosed, castRequest, createMeeting, openBallot, testKeyring } from '../store/fixtures';

const available = redisServerAvailable();
const ACK_TIMEOUT_MS = 1000;

/**
 * Both replica acks on real servers: WAIT on the machine's redis-server (Debian 12's is 7.0), and
 * WAITAOF (the primary's and the replica's AOF fsync) on a server that has it, as deploy/'s
 * redis:7.2 image does (Valkey from bookworm-backports here).
 */
const SERVERS = [
  { binary: REDIS_SERVER_BINARY, runs: available, title: `${serverVersion(REDIS_SERVER_BINARY)}` },
  { binary: WAITAOF_SERVER_BINARY, runs: available && waitAofServerAvailable(), title: `${serverVersion(WAITAOF_SERVER_BINARY)}, which has WAITAOF` },
];

/**
 * Casts as a tablet does: the same request again while the store answers StoreUnavailableError
 * (on a loaded machine a replica may miss a WAIT deadline even while it is up).
 */
async function castUntilAcked(store: RedisStore, meetingId: string, request: CastRequest): Promise<StoredCast> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.cast(meetingId, request);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || attempt >= 10) throw error;
    }
  }
}
const QUIET: RedisStoreOptions = { logger: silentLogger, keyring: testKeyring(), commandTimeoutMs: 3000 };

describe.each(SERVERS)('the Redis store through Sentinel, acks that wait for a replica, on $title', ({ binary, runs }) => {
  let set: SentinelSet;
  let store: RedisStore;

  beforeAll(async () => {
    if (!runs) return;
    set = await startSentinelSet({ binary });
    store = await RedisStore.connect(set.url({ ackReplicas: 1, ackTimeoutMs: ACK_TIMEOUT_MS }), QUIET);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await set?.stop();
  });

  it.skipIf(!runs)('acks a cast once the replica has it, refuses it while no replica answers, and takes the same key once the replica is back', async () => {
    const meeting = await createMeeting(store, 4);
    const ballotId = await openBallot(store, meeting);
    const replica = set.servers[1]!;
    const primary = set.servers[0]!;
    const before = await ackCommandCalls(primary.port);

    // With the replica up, an ack means the replica already has the paper.
    expect(await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toMatchObject({ status: 'recorded', voted: 1 });
    // …through WAIT, and where the server has it, WAITAOF after it (script-runner.ts).
    const after = await ackCommandCalls(primary.port);
    expect(after.wait).toBeGreaterThan(before.wait);
    expect(after.waitaof > before.waitaof).toBe(binary !== null && hasWaitAof(binary));

    await replica.kill('SIGKILL');
    const refused = store.cast(meeting.meetingId, castRequest(ballotId, 2, 'no'));
    await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(refused).rejects.toThrow(/0 of 1 replica/);
    // Commands too wait for the replica: no meeting change is acknowledged without it.
    await expect(store.cast(meeting.meetingId, castRequest(ballotId, 3, 'no'))).rejects.toBeInstanceOf(StoreUnavailableError);

    await replica.restart();
    await set.replicating(replica);
    // Refused is not lost or doubled: the primary kept both papers without an ack, and the
    // tablets' retries with the same keys get them back as duplicates, each counted once.
    const seat = (n: number) => castRequest(ballotId, n, 'no').seatId;
    const retried2 = await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 2, 'no'));
    expect(retried2).toMatchObject({ status: 'duplicate', voted: 3, entry: { seatId: seat(2) } });
    const retried3 = await castUntilAcked(store, meeting.meetingId, castRequest(ballotId, 3, 'no'));
    expect(retried3).toMatchObject({ status: 'duplicate', voted: 3, entry: { seatId: seat(3) } });
    const votes = await store.readVotes(meeting.meetingId);
    expect(votes.register.filter((p) => p.ballotId === ballotId).map((p) => p.seatId)).toEqual([seat(1), seat(2), seat(3)]);
  }, 60_000);
});

describe.skipIf(!available)('acks that wait for a replica on a single server (redis://…?ackReplicas=1)', () => {
  it('refuses every write while the server has no replica, and acks nothing', async () => {
    const redis = await startRedis();
    const plain = await RedisStore.connect(`${redis.url}?ackTimeoutMs=${ACK_TIMEOUT_MS}`, QUIET);
    const waiting = await RedisStore.connect(`${redis.url}?ackReplicas=1&ackTimeoutMs=${ACK_TIMEOUT_MS}`, QUIET);
    try {
      const meeting = await createMeeting(plain, 2);
      const ballotId = await openBallot(plain, meeting);
      await expect(waiting.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'))).rejects.toThrow(/0 of 1 replica/);
      // ackReplicas=0 (the default of redis://) acks as before.
      expect(await plain.cast(meeting.meetingId, castRequest(ballotId, 2, 'no'))).toMatchObject({ status: 'recorded' });
      // A refused write may still be on the primary ('unknown'): refused, never acked.
      await expect(waiting.append(meeting.meetingId, meeting.version, [ballotClosed(ballotId)])).rejects.toBeInstanceOf(StoreUnavailableError);
      // Reads need no replica.
      expect((await waiting.readEvents(meeting.meetingId, 0)).length).toBeGreaterThan(0);
    } finally {
      await waiting.close();
      await plain.close();
      await redis.stop();
    }
  }, 30_000);
});

describe.skipIf(!available)('two replicas, as deploy/compose.yaml runs: losing one refuses nothing', () => {
  it('acks every cast at once, without a retry, while either replica is down', async () => {
    const set = await startSentinelSet({ replicas: 2 });
    // A longer ack timeout than the others': the test says "no retry", and a loaded machine can
    // make an up replica miss a 1 s WAIT (see castUntilAcked).
    const store = await RedisStore.connect(set.url({ ackReplicas: 1, ackTimeoutMs: 2500 }), { ...QUIET, commandTimeoutMs: 6000 });
    try {
      const meeting = await createMeeting(store, 6);
      const ballotId = await openBallot(store, meeting);
      const [, first, second] = set.servers as [unknown, SentinelSet['servers'][0], SentinelSet['servers'][0]];
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'))).toMatchObject({ status: 'recorded' });

      await first.kill('SIGKILL');
      // No retry: the other replica confirms within the ack timeout (castUntilAcked is not used).
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, 2, 'no'))).toMatchObject({ status: 'recorded' });
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, 3, 'yes'))).toMatchObject({ status: 'recorded' });

      await first.restart();
      await set.replicating(first);
      await second.kill('SIGKILL');
      expect(await store.cast(meeting.meetingId, castRequest(ballotId, 4, 'abstain'))).toMatchObject({ status: 'recorded', voted: 4 });
      // Both down: refused, as with one replica.
      await first.kill('SIGKILL');
      await expect(store.cast(meeting.meetingId, castRequest(ballotId, 5, 'no'))).rejects.toThrow(/0 of 1 replica/);
    } finally {
      await store.close();
      await set.stop();
    }
  }, 60_000);
});
