import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../server/logger';
import { InvalidStoreInputError } from '../../server/store/errors';
import { StoreUnavailableError } from '../../server/store/redis/errors';
import { RedisStore, type RedisStoreOptions } from '../../server/store/redis/redis-store';
import type { CastOutcome } from '../../server/store/types';
import { freePort, redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { describeStoreContract } from './contract';
import {
  appendTo,
  attendanceRecorded,
  ballotClosed,
  ballotOpened,
  castRequest,
  choiceOf,
  CHOICES,
  createMeeting,
  meetingCreated,
  meetingSpec,
  openBallot,
  seatIdOf,
  uniqueId,
} from './fixtures';

const available = redisServerAvailable();
const QUIET: RedisStoreOptions = { logger: silentLogger };

function recorded(outcome: CastOutcome): Extract<CastOutcome, { status: 'recorded' }> {
  if (outcome.status !== 'recorded') throw new Error(`expected recorded, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** Seat numbers 1..n. */
function seatNumbers(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Retries `attempt` while the store reports Redis unavailable (bounded), e.g. during a restart. */
async function onceAvailable<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || tries >= 50) throw error;
      await sleep(100);
    }
  }
}

/** Runs `use` with a plain client on `url`, for looking at what the store wrote. */
async function withClient<T>(url: string, use: (send: (args: string[]) => Promise<unknown>) => Promise<T>): Promise<T> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await use((args) => client.sendCommand(args));
  } finally {
    await client.close();
  }
}

/** Every key in the server with all the strings it holds (fields, values, members, entries). */
function dumpAllKeys(url: string): Promise<Map<string, string[]>> {
  return withClient(url, async (send) => {
    const reads: Record<string, (key: string) => string[]> = {
      string: (key) => ['GET', key],
      hash: (key) => ['HGETALL', key],
      set: (key) => ['SMEMBERS', key],
      list: (key) => ['LRANGE', key, '0', '-1'],
      zset: (key) => ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
      stream: (key) => ['XRANGE', key, '-', '+'],
    };
    const dump = new Map<string, string[]>();
    let cursor = '0';
    do {
      const [next, keys] = (await send(['SCAN', cursor, 'COUNT', '1000'])) as [string, string[]];
      cursor = next;
      for (const key of keys) {
        const type = (await send(['TYPE', key])) as string;
        const read = reads[type];
        if (!read) throw new Error(`unexpected key type ${type} for ${key}`);
        dump.set(key, [await send(read(key))].flat(Infinity).map(String));
      }
    } while (cursor !== '0');
    return dump;
  });
}

/** Whole words of stored strings: ids and choice keys are made of letters, digits, _ and -. */
function words(values: string[]): Set<string> {
  return new Set(values.flatMap((value) => value.split(/[^A-Za-z0-9_-]+/)).filter(Boolean));
}

function redisTimeMs(url: string): Promise<number> {
  return withClient(url, async (send) => {
    const [seconds, micros] = (await send(['TIME'])) as [string, string];
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  });
}

function persistenceInfo(url: string): Promise<Record<string, string>> {
  return withClient(url, async (send) => {
    const text = (await send(['INFO', 'persistence'])) as string;
    const fields = text.split('\r\n').filter((line) => line.includes(':'));
    return Object.fromEntries(fields.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]));
  });
}

/** Everything in the server's AOF directory (base and incremental files). */
async function aofText(server: RedisServer): Promise<string> {
  const dir = join(server.dir, 'appendonlydir');
  const files = await readdir(dir);
  return (await Promise.all(files.map((file) => readFile(join(dir, file), 'latin1')))).join('\n');
}

describe.skipIf(!available)('Redis store', () => {
  // One server for the contract runs (meeting ids are unique, so tests do not meet) and one
  // for the Redis-specific tests; tests that kill or rewrite start their own.
  let contractServer: RedisServer | undefined;
  const contractRedis = async () => (contractServer ??= await startRedis({ appendonly: true }));
  afterAll(async () => {
    await contractServer?.stop();
  });

  describeStoreContract('Redis, reopened as a new connection', async () => {
    const server = await contractRedis();
    let current = await RedisStore.connect(server.url, QUIET);
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await RedisStore.connect(server.url, QUIET);
        return current;
      },
      cleanup: () => current.close(),
    };
  });

  describeStoreContract('Redis, reopened after SIGKILL and an AOF restart of redis-server', async () => {
    const server = await contractRedis();
    let current = await RedisStore.connect(server.url, QUIET);
    return {
      store: current,
      reopen: async () => {
        await current.close();
        await server.kill('SIGKILL');
        await server.restart();
        current = await RedisStore.connect(server.url, QUIET);
        return current;
      },
      cleanup: () => current.close(),
    };
  });

  describe('beyond the contract', () => {
    let server: RedisServer;
    const open: RedisStore[] = [];

    async function connect(url = server.url, options: RedisStoreOptions = {}): Promise<RedisStore> {
      const store = await RedisStore.connect(url, { ...QUIET, ...options });
      open.push(store);
      return store;
    }

    beforeAll(async () => {
      server = await startRedis({ appendonly: true });
    });
    afterEach(async () => {
      vi.useRealTimers();
      await Promise.all(open.splice(0).map((store) => store.close()));
    });
    afterAll(async () => {
      await server?.stop();
    });

    describe('input', () => {
      it('refuses bad ids, versions and logs before writing anything', async () => {
        const store = await connect();
        const meetingId = uniqueId('m');
        const created = meetingCreated(meetingSpec(meetingId, 2));
        await expect(store.append('bad{id}', 0, [meetingCreated(meetingSpec('bad{id}', 1))])).rejects.toThrow(/invalid meetingId/);
        await expect(store.append(meetingId, -1, [created])).rejects.toThrow(/expectedVersion/);
        await expect(store.append(meetingId, 0, [created, ballotOpened('b:x')])).rejects.toThrow(/ballot id "b:x" is not a valid id/);
        await expect(store.append(meetingId, 0, [ballotOpened('b-1')])).rejects.toBeInstanceOf(InvalidStoreInputError);
        await expect(store.append(meetingId, 0, [])).rejects.toThrow(/needs its MeetingCreated/);
        await expect(store.cast(meetingId, { ...castRequest('b-1', 1, 'yes'), seatId: 'seat}1' })).rejects.toThrow(/invalid seatId/);
        await expect(store.cast(meetingId, { ...castRequest('b-1', 1, 'yes'), idempotencyKey: '' })).rejects.toThrow(/idempotencyKey/);
        expect(await store.readEvents(meetingId, 0)).toEqual([]);
        expect(await store.listMeetings()).not.toContain(meetingId);
      });

      it('treats a stale version as a conflict before judging the events', async () => {
        const store = await connect();
        const meeting = await createMeeting(store, 2);
        expect(await store.append(meeting.meetingId, 0, [ballotOpened('b-1')])).toEqual({
          ok: false,
          reason: 'conflict',
          version: meeting.version,
        });
        await expect(store.append(meeting.meetingId, meeting.version, [meetingCreated(meeting.spec)])).rejects.toThrow(/only start a log/);
        expect(await store.readEvents(meeting.meetingId, 0)).toHaveLength(meeting.version);
      });

      it('refuses a shut ballot before "already voted", as the file store does', async () => {
        const store = await connect();
        const meeting = await createMeeting(store, 3);
        const ballotId = await openBallot(store, meeting);
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        await appendTo(store, meeting, ballotClosed(ballotId));
        expect(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'no', 2))).toMatchObject({
          status: 'rejected',
          code: 'BALLOT_NOT_OPEN',
        });
      });
    });

    describe('two app nodes', () => {
      it('count 200 concurrent casts exactly once, and a retry on the other node is a duplicate', async () => {
        const [nodeA, nodeB] = [await connect(), await connect()];
        const meeting = await createMeeting(nodeA, 200);
        const ballotId = await openBallot(nodeA, meeting);
        const seats = seatNumbers(200);
        const nodeFor = (n: number, retry: boolean) => ((n % 2 === 0) !== retry ? nodeA : nodeB);

        const outcomes = (
          await Promise.all(seats.map((n) => nodeFor(n, false).cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)))))
        ).map(recorded);
        // Each cast saw a different turnout: 1..200, none counted twice or skipped.
        expect(outcomes.map((o) => o.voted).sort((a, b) => a - b)).toEqual(seats);

        const retries = await Promise.all(seats.map((n) => nodeFor(n, true).cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)))));
        retries.forEach((retry, i) => {
          expect(retry).toEqual({ status: 'duplicate', participation: outcomes[i]?.participation, voted: 200 });
        });

        const votes = await nodeB.readVotes(meeting.meetingId);
        expect(new Set(votes.participations.map((p) => p.seatId)).size).toBe(200);
        const expectedBox: Record<string, number> = {};
        for (const n of seats) expectedBox[choiceOf(n)] = (expectedBox[choiceOf(n)] ?? 0) + 1;
        expect(votes.boxes).toEqual({ [ballotId]: expectedBox });
        // The register comes back in the order recorded: the order of the turnouts.
        const turnoutBySeat = new Map(outcomes.map((o) => [o.participation.seatId, o.voted]));
        expect(votes.participations.map((p) => turnoutBySeat.get(p.seatId))).toEqual(seats);
      });

      it('let exactly one of them win a race for the same version', async () => {
        const [nodeA, nodeB] = [await connect(), await connect()];
        const meeting = await createMeeting(nodeA, 3);
        const results = await Promise.all([
          nodeA.append(meeting.meetingId, meeting.version, [attendanceRecorded(seatIdOf(1))]),
          nodeB.append(meeting.meetingId, meeting.version, [attendanceRecorded(seatIdOf(2))]),
        ]);
        expect(results.filter((r) => r.ok)).toEqual([{ ok: true, version: meeting.version + 1 }]);
        expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict', version: meeting.version + 1 }]);
      });
    });

    it("judges the deadline and stamps the cast by Redis' clock, not the app node's", async () => {
      const store = await connect();
      const meeting = await createMeeting(store, 3);
      const redisNow = await redisTimeMs(server.url);

      // Past by Redis' clock; the node's clock says an hour is left.
      const past = await openBallot(store, meeting, { deadline: redisNow - 60_000 });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(redisNow - 3_600_000);
      expect(await store.cast(meeting.meetingId, castRequest(past, 1, 'yes'))).toMatchObject({
        status: 'rejected',
        code: 'BALLOT_NOT_OPEN',
      });
      vi.useRealTimers();
      await appendTo(store, meeting, ballotClosed(past));

      // An hour left by Redis' clock; the node's clock says it ended an hour ago.
      const future = await openBallot(store, meeting, { deadline: redisNow + 3_600_000 });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(redisNow + 7_200_000);
      const before = await redisTimeMs(server.url);
      const cast = recorded(await store.cast(meeting.meetingId, castRequest(future, 1, 'yes')));
      const after = await redisTimeMs(server.url);
      expect(cast.participation.at).toBeGreaterThanOrEqual(before);
      expect(cast.participation.at).toBeLessThanOrEqual(after);
    });

    describe('secret ballots', () => {
      it('store no key that holds both a seat and a choice of an anonymous ballot', async () => {
        const store = await connect();
        const seats = seatNumbers(30);
        const meeting = await createMeeting(store, 30);
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        for (const n of seats) recorded(await store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n))));
        await appendTo(store, meeting, ballotClosed(secret));
        const named = await openBallot(store, meeting, { secrecy: 'named' });
        for (const n of seats) recorded(await store.cast(meeting.meetingId, castRequest(named, n, choiceOf(n))));

        const seatIds = seats.map(seatIdOf);
        const ownPrefix = `bj:{${meeting.meetingId}}:`;
        const linking: string[] = [];
        for (const [key, values] of await dumpAllKeys(server.url)) {
          // Other tests' meetings share this server: look at this meeting's keys and the global ones.
          if (!(key.startsWith(ownPrefix) || !key.includes('{'))) continue;
          // The log names the roster (seats) in MeetingCreated; it holds no votes (checked below).
          if (key === `${ownPrefix}log`) continue;
          const present = words(values);
          if (seatIds.some((s) => present.has(s)) && CHOICES.some((c) => present.has(c))) linking.push(key);
        }
        // Only the named ballot's register links seats to choices: the check does see links.
        expect(linking).toEqual([`${ownPrefix}voters:${named}`]);
        expect(await store.readEvents(meeting.meetingId, 0)).toHaveLength(meeting.version);
      });

      it('rewrite the AOF once an anonymous ballot shuts, so the file no longer lists the casts', async () => {
        const own = await startRedis({ appendonly: true });
        try {
          const store = await connect(own.url);
          const meeting = await createMeeting(store, 10);
          const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
          for (const n of seatNumbers(10)) recorded(await store.cast(meeting.meetingId, castRequest(secret, n, 'yes')));
          // While the ballot is open, the AOF lists each cast's box increment beside its register entry.
          expect(await aofText(own)).toContain('HINCRBY');
          const rewritesBefore = Number((await persistenceInfo(own.url)).aof_rewrites);

          await appendTo(store, meeting, ballotClosed(secret));
          let info = await persistenceInfo(own.url);
          for (let polls = 0; Number(info.aof_rewrites) === rewritesBefore || info.aof_rewrite_in_progress !== '0'; polls++) {
            if (polls > 200) throw new Error(`no AOF rewrite after the ballot shut: ${JSON.stringify(info)}`);
            await sleep(50);
            info = await persistenceInfo(own.url);
          }
          expect(info.aof_last_bgrewrite_status).toBe('ok');
          expect(await aofText(own)).not.toContain('HINCRBY');
          // The rewritten AOF still restores the register and the counts.
          await own.kill('SIGKILL');
          await own.restart();
          const votes = await onceAvailable(() => store.readVotes(meeting.meetingId));
          expect(votes.participations).toHaveLength(10);
          expect(votes.boxes).toEqual({ [secret]: { yes: 10 } });
        } finally {
          await own.stop();
        }
      });
    });

    describe('Redis restarts', () => {
      it('keep every acked cast exactly once across a SIGKILL mid-burst, and the same stores recover by themselves', async () => {
        const own = await startRedis({ appendonly: true });
        try {
          const options = { commandTimeoutMs: 10_000 };
          const [nodeA, nodeB] = [await connect(own.url, options), await connect(own.url, options)];
          const seats = seatNumbers(200);
          const meeting = await createMeeting(nodeA, 200);
          const ballotId = await openBallot(nodeA, meeting);

          let acked = 0;
          let killed: Promise<void> | undefined;
          const burst = seats.map((n) =>
            (n % 2 === 0 ? nodeA : nodeB).cast(meeting.meetingId, castRequest(ballotId, n, 'yes')).then((outcome) => {
              acked++;
              // Kill while the burst is in flight, then bring Redis back on the same port and dir.
              if (acked === 50) killed = own.kill('SIGKILL').then(() => own.restart());
              return outcome;
            }),
          );
          const settled = await Promise.allSettled(burst);
          await killed;
          expect(killed).toBeDefined();

          const ackedBySeat = new Map<string, CastOutcome>();
          settled.forEach((result, i) => {
            if (result.status === 'fulfilled') ackedBySeat.set(seatIdOf(i + 1), result.value);
            else expect(result.reason).toBeInstanceOf(StoreUnavailableError);
          });
          expect(ackedBySeat.size).toBeGreaterThanOrEqual(50);

          const afterRestart = await onceAvailable(() => nodeA.readVotes(meeting.meetingId));
          const registered = new Map(afterRestart.participations.map((p) => [p.seatId, p]));
          expect(registered.size).toBe(afterRestart.participations.length);
          for (const [seatId, outcome] of ackedBySeat) expect(registered.get(seatId)).toEqual(recorded(outcome).participation);
          expect(afterRestart.boxes[ballotId]?.yes).toBe(afterRestart.participations.length);

          // The unacked casts are retried with their keys: each lands once, none twice.
          const unacked = seats.filter((n) => !ackedBySeat.has(seatIdOf(n)));
          const retried = await Promise.all(
            unacked.map((n) => onceAvailable(() => nodeB.cast(meeting.meetingId, castRequest(ballotId, n, 'yes')))),
          );
          for (const outcome of retried) expect(['recorded', 'duplicate']).toContain(outcome.status);
          const final = await nodeB.readVotes(meeting.meetingId);
          expect(final.participations.map((p) => p.seatId).sort()).toEqual(seats.map(seatIdOf));
          expect(final.boxes).toEqual({ [ballotId]: { yes: 200 } });
        } finally {
          await own.stop();
        }
      });

      it('fail fast with StoreUnavailableError while Redis is down, write nothing, and work again once it is back', async () => {
        const own = await startRedis({ appendonly: true });
        try {
          const store = await connect(own.url, { commandTimeoutMs: 300 });
          const meeting = await createMeeting(store, 3);
          const ballotId = await openBallot(store, meeting, { secrecy: 'named' });
          await own.kill('SIGKILL');
          for (let polls = 0; store.connected; polls++) {
            if (polls > 200) throw new Error('the store did not notice that Redis is gone');
            await sleep(10);
          }

          const refused = store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'));
          await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(refused).rejects.toMatchObject({ outcome: 'not_run' });
          await expect(store.append(meeting.meetingId, meeting.version, [ballotClosed(ballotId)])).rejects.toMatchObject({
            outcome: 'not_run',
          });

          await own.restart();
          const votes = await onceAvailable(() => store.readVotes(meeting.meetingId));
          expect(votes.participations).toEqual([]);
          expect(await store.readEvents(meeting.meetingId, 0)).toHaveLength(meeting.version);
          recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        } finally {
          await own.stop();
        }
      });

      it('gives up connecting within the bound when no Redis answers', async () => {
        const nobody = `redis://127.0.0.1:${await freePort()}`;
        await expect(RedisStore.connect(nobody, { ...QUIET, connectTimeoutMs: 500 })).rejects.toBeInstanceOf(StoreUnavailableError);
      });

      it('refuses calls after close with a clear error', async () => {
        const store = await connect();
        await store.close();
        await expect(store.listMeetings()).rejects.toThrow(/closed/);
      });
    });
  });
});
