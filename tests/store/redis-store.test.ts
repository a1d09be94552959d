import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../server/logger';
import { BallotKeyring, sealedLength } from '../../server/secrecy/ballot-keys';
import { InvalidStoreInputError } from '../../server/store/errors';
import { REWRITE_DELAY_MS } from '../../server/store/redis/aof-compaction';
import { appendCall } from '../../server/store/redis/append-call';
import { ballotKeyringFor } from '../../server/store/redis/keyring-config';
import { RedisConnection } from '../../server/store/redis/connection';
import { meetingKeys } from '../../server/store/redis/keys';
import { StoreUnavailableError } from '../../server/store/redis/errors';
import { RedisStore, type RedisStoreOptions } from '../../server/store/redis/redis-store';
import { CASTS_PER_SCRIPT } from '../../server/store/redis/scripts/cast';
import { SCRIPTS } from '../../server/store/redis/scripts/index';
import type { CastRequest, StoredCast } from '../../server/store/types';
import { EMPTY_REGISTER_DIGEST, registerDigest } from '../../server/store/register-digest';
import type { RegisterEntry } from '../../shared/domain/meeting';
import { aofText, freePort, redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { persistenceInfo } from '../support/redis-sentinel';
import { TEST_BALLOT_KEY } from '../support/test-config';
import { describeStoreContract } from './contract';
import {
  appendTo,
  attendanceRecorded,
  ballotClosed,
  ballotOpened,
  castRequest,
  boxOfChoices,
  choiceOf,
  type ChoiceKey,
  CHOICES,
  createMeeting,
  meetingCreated,
  meetingSpec,
  openBallot,
  seatIdOf,
  uniqueId,
} from './fixtures';

const available = redisServerAvailable();
/** Every store of these tests, like every node of a cluster, shares BALLOT_KEY's keyring. */
const QUIET: RedisStoreOptions = { logger: silentLogger, keyring: BallotKeyring.fromSecret(TEST_BALLOT_KEY) };

function recorded(outcome: StoredCast): Extract<StoredCast, { status: 'recorded' }> {
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

/** Reads the papers set until a run is in it (the join follows the cast script, off the ack's path). */
async function onceJoined(read: () => Promise<string[]>): Promise<string[]> {
  for (let tries = 1; ; tries++) {
    const members = await read();
    if (members.some((member) => member.includes(':')) || tries >= 50) return members;
    await sleep(20);
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

    async function connect(url = server.url, options: Partial<RedisStoreOptions> = {}): Promise<RedisStore> {
      const store = await RedisStore.connect(url, { ...QUIET, ...options });
      open.push(store);
      return store;
    }

    /** A store whose cast, join and other scripts are listed by name as they run. */
    async function connectListingScripts(): Promise<{ store: RedisStore; scripts: string[] }> {
      const scripts: string[] = [];
      return { store: await connect(server.url, { observer: { redisScript: (name) => scripts.push(name) } }), scripts };
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
        // The cheap register reads take ids into key names too (bj:{m}:voters:<ballotId>).
        await expect(store.readTurnout('bad{id}', ['b-1'])).rejects.toThrow(/invalid meetingId/);
        await expect(store.readTurnout(meetingId, ['b-1', 'b:x'])).rejects.toThrow(/invalid ballotId/);
        await expect(store.readRegister(meetingId, 'b}1')).rejects.toThrow(/invalid ballotId/);
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

    it('reads no register of a ballot still waiting for its tally: the store tallies, then reads it once', async () => {
      const keys = meetingKeys(uniqueId('m'));
      const reply = await withClient(server.url, async (send) => {
        await send(['HSET', keys.gate('b-untallied'), 'open', '0', 'named', '0', 'wkey', 'wrapped', 'paper', '32']);
        await send(['HSET', keys.voters('b-untallied'), 's1', 'entry-1', 's2', 'entry-2']);
        await send(['HSET', keys.gate('b-shut'), 'open', '0', 'named', '1']);
        await send(['HSET', keys.voters('b-shut'), 's1', 'entry-3']);
        await send(['HSET', keys.box('b-shut'), 'yes', '1']);
        const ballotKeys = ['b-untallied', 'b-shut'].flatMap((b) => [keys.gate(b), keys.voters(b), keys.box(b)]);
        return send(['EVAL', SCRIPTS.readVotes.source, String(ballotKeys.length), ...ballotKeys]);
      });
      expect(reply).toEqual(['untallied', [], [], 'shut', ['s1', 'entry-3'], ['yes', '1']]);
    });

    describe('casts in batches (cast-batches.ts)', () => {
      it('sends the casts of one turn as a few scripts, each cast judged on its own, in one script with its retries and rivals', async () => {
        const { store, scripts } = await connectListingScripts();
        const seats = seatNumbers(CASTS_PER_SCRIPT + 44);
        const meeting = await createMeeting(store, seats.length);
        const ballotId = await openBallot(store, meeting, { secrecy: 'named' });
        scripts.length = 0;
        // One turn: every seat's cast, seat 1's retry and seat 2's second, different paper.
        const outcomes = await Promise.all([
          ...seats.map((n) => store.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)))),
          store.cast(meeting.meetingId, castRequest(ballotId, 1, choiceOf(1))),
          store.cast(meeting.meetingId, castRequest(ballotId, 2, 'abstain', 2)),
        ]);
        expect(scripts.filter((name) => name === 'cast')).toHaveLength(2);
        const first = outcomes.slice(0, seats.length).map(recorded);
        expect(first.map((o) => o.voted)).toEqual(seats);
        expect(outcomes[seats.length]).toEqual({ status: 'duplicate', entry: first[0]?.entry, voted: seats.length });
        expect(outcomes[seats.length + 1]).toMatchObject({ status: 'rejected', code: 'ALREADY_VOTED' });
        await appendTo(store, meeting, ballotClosed(ballotId));
        const votes = await store.readVotes(meeting.meetingId);
        expect(votes.register).toHaveLength(seats.length);
        const box = boxOfChoices(seats);
        expect(votes.boxes[ballotId]).toEqual(box);
      });

      it("seals a secret ballot's turn of papers as one run in the cast script: no single paper written, nothing joined after", async () => {
        const { store, scripts } = await connectListingScripts();
        const seats = seatNumbers(100);
        const meeting = await createMeeting(store, seats.length);
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        const papersKey = meetingKeys(meeting.meetingId).papers(secret);
        scripts.length = 0;
        const outcomes = (await Promise.all(seats.map((n) => store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n)))))).map(recorded);
        expect(outcomes.map((o) => o.voted)).toEqual(seats);
        expect(scripts).toEqual(['cast']);
        const members = await withClient(server.url, (send) => send(['SMEMBERS', papersKey]) as Promise<string[]>);
        expect(members).toHaveLength(1);
        expect(members[0]?.split(':')[0]).toBe('100');
        expect(CHOICES.some((c) => words(members).has(c))).toBe(false);
        // The AOF never held a paper of this ballot on its own: no single SADD, no SREM of a join.
        const aof = await aofText(server);
        expect(aof.split(papersKey).length - 1).toBe(1);

        await appendTo(store, meeting, ballotClosed(secret));
        const box = boxOfChoices(seats);
        expect((await store.readVotes(meeting.meetingId)).boxes[secret]).toEqual(box);
      });

      it('sends a secret turn again a paper each when its run cannot be taken whole (a retry, a second press), each cast answered as alone', async () => {
        const { store, scripts } = await connectListingScripts();
        const seats = seatNumbers(30);
        const meeting = await createMeeting(store, seats.length);
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        const first = recorded(await store.cast(meeting.meetingId, castRequest(secret, 1, 'yes')));
        scripts.length = 0;
        // One turn: seat 1's retry, seat 2's paper and its second press, seats 3–30.
        const outcomes = await Promise.all([
          store.cast(meeting.meetingId, castRequest(secret, 1, 'yes')),
          ...seats.slice(1).map((n) => store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n)))),
          store.cast(meeting.meetingId, castRequest(secret, 2, 'abstain', 2)),
        ]);
        // The run refused whole (nothing written), the same casts as single papers, then their join.
        expect(scripts.slice(0, 2)).toEqual(['cast', 'cast']);
        expect(outcomes[0]).toEqual({ status: 'duplicate', entry: first.entry, voted: 1 });
        expect(outcomes.slice(1, seats.length).map((o) => recorded(o).voted)).toEqual(seats.slice(1));
        expect(outcomes[seats.length]).toMatchObject({ status: 'rejected', code: 'ALREADY_VOTED' });
        expect(await store.readTurnout(meeting.meetingId, [secret])).toEqual([seats.length]);

        await appendTo(store, meeting, ballotClosed(secret));
        const box = boxOfChoices(seats.slice(1), { yes: 1 });
        expect((await store.readVotes(meeting.meetingId)).boxes[secret]).toEqual(box);
      });

      it('takes a run all or nothing: a seat twice or a shut gate writes nothing, a malformed run is an error', async () => {
        const meetingId = uniqueId('m');
        const keys = meetingKeys(meetingId);
        const castKeys = (ballotId: string) => [keys.version, keys.gate(ballotId), keys.voters(ballotId), keys.box(ballotId), keys.castSeq, keys.usedKeys(ballotId), keys.papers(ballotId)];
        const run = (n: number, length = sealedLength(32, n)) => `${n}:${'R'.repeat(length)}`;
        const cast = (seat: string, form = 'run', paper = '') => [seat, `key-${seat}`, `rcpt-${seat}`, form, paper];
        const evalCast = (ballotId: string, casts: string[][], last: string[]) =>
          withClient(server.url, (send) => send(['EVAL', SCRIPTS.cast.source, '7', ...castKeys(ballotId), String(casts.length), ...casts.flat(), ...last]));
        await withClient(server.url, async (send) => {
          await send(['SET', keys.version, '1']);
          await send(['HSET', keys.gate('open'), 'open', '1', 'named', '0', 'wkey', 'w', 'paper', '32']);
          await send(['HSET', keys.gate('shut'), 'open', '0', 'named', '0', 'wkey', 'w', 'paper', '32']);
        });
        expect(await evalCast('open', [cast('s1'), cast('s2'), cast('s1')], [run(3)])).toEqual(['unsealed']);
        expect(await evalCast('shut', [cast('s1'), cast('s2')], [run(2)])).toEqual(['unsealed']);
        await expect(evalCast('open', [cast('s1'), cast('s2')], [run(2, 10)])).rejects.toThrow(/length of its papers/);
        await expect(evalCast('open', [cast('s1'), cast('s2')], [run(3)])).rejects.toThrow(/name its n papers/);
        await expect(evalCast('open', [cast('s1')], [run(1)])).rejects.toThrow(/name its n papers/);
        await expect(evalCast('open', [cast('s1'), cast('s2', 'sealed', 'P'.repeat(sealedLength(32)))], [run(2)])).rejects.toThrow(/form run/);
        // A run's form without its run is refused like any paper that does not fit the gate.
        expect(await evalCast('open', [cast('s1')], [])).toEqual(['refused', 'a secret ballot takes only sealed papers, and this one has no key', '']);
        await withClient(server.url, async (send) => {
          for (const ballotId of ['open', 'shut']) {
            expect(await send(['EXISTS', keys.voters(ballotId), keys.papers(ballotId), keys.castSeq])).toBe(0);
          }
        });
        const taken = (await evalCast('open', [cast('s1'), cast('s2')], [run(2)])) as string[];
        expect([taken[0], taken[3]]).toEqual(['recorded', 'recorded']);
        await withClient(server.url, async (send) => {
          expect(await send(['SMEMBERS', keys.papers('open')])).toEqual([run(2)]);
          expect(await send(['HLEN', keys.voters('open')])).toBe(2);
        });
      });

      it('fails every cast of a script Redis does not answer in time with a retryable error, and a retry counts each once', async () => {
        const store = await connect(server.url, { commandTimeoutMs: 400 });
        const meeting = await createMeeting(store, 20);
        const ballotId = await openBallot(store, meeting);
        const seats = seatNumbers(20);
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes')));
        // Redis holds every script for 1.5 s (EVALSHA waits out a write pause): longer than the store waits.
        await withClient(server.url, (send) => send(['CLIENT', 'PAUSE', '1500', 'WRITE']));
        const outcomes = await Promise.allSettled(seats.slice(1).map((n) => store.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)))));
        for (const outcome of outcomes) {
          expect(outcome.status).toBe('rejected');
          expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
        }
        // The script runs once the pause ends: the retries find those votes (duplicate), none counted twice.
        await sleep(1500);
        const retried = await onceAvailable(() => Promise.all(seats.slice(1).map((n) => store.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n))))));
        expect(retried.map((o) => o.status)).toEqual(seats.slice(1).map(() => 'duplicate'));
        expect(await store.readTurnout(meeting.meetingId, [ballotId])).toEqual([20]);
      });
    });

    describe("the register's digest (register-digest.ts): a close reads a register only when the node's differs", () => {
      /** A cast with a receipt id as nodes make them (a UUID), unlike the fixtures' readable ones. */
      const uuidCast = (ballotId: string, n: number, choiceKey: ChoiceKey, attempt = 1): CastRequest => ({ ...castRequest(ballotId, n, choiceKey, attempt), receiptId: randomUUID() });
      const gateDigest = (meetingId: string, ballotId: string) => withClient(server.url, (send) => send(['HGET', meetingKeys(meetingId).gate(ballotId), 'rdigest']));
      const held = (ballotId: string, entries: readonly RegisterEntry[]) => new Map([[ballotId, { size: entries.length, digest: registerDigest(entries)! }]]);

      it("keeps in the gate the digest JavaScript computes of the register, through batched, run and replaced casts", async () => {
        const store = await connect();
        const meeting = await createMeeting(store, 40);
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        expect(await gateDigest(meeting.meetingId, secret)).toBe(EMPTY_REGISTER_DIGEST);
        // One turn of 30 secret papers: one script, one sealed run.
        await Promise.all(seatNumbers(30).map((n) => store.cast(meeting.meetingId, uuidCast(secret, n, choiceOf(n)))));
        recorded(await store.cast(meeting.meetingId, uuidCast(secret, 31, 'yes')));
        await appendTo(store, meeting, ballotClosed(secret));
        const secretVotes = await store.readVotes(meeting.meetingId, [secret]);
        expect(secretVotes.register).toHaveLength(31);
        expect(await gateDigest(meeting.meetingId, secret)).toBe(registerDigest(secretVotes.register));

        const named = uniqueId('b');
        const opened = ballotOpened(named, { secrecy: 'named' });
        if (opened.type !== 'BallotOpened' || opened.spec.kind !== 'motion') throw new Error('fixture opens a motion');
        await appendTo(store, meeting, { ...opened, spec: { ...opened.spec, pressRule: 'last_counts' } });
        for (const n of seatNumbers(5)) recorded(await store.cast(meeting.meetingId, uuidCast(named, n, 'yes')));
        // Seat 1 changes its paper twice: its earlier receipts leave the digest as they entered it.
        recorded(await store.cast(meeting.meetingId, uuidCast(named, 1, 'no', 2)));
        recorded(await store.cast(meeting.meetingId, uuidCast(named, 1, 'abstain', 3)));
        await appendTo(store, meeting, ballotClosed(named));
        const namedVotes = await store.readVotes(meeting.meetingId, [named]);
        expect(namedVotes.register).toHaveLength(5);
        expect(await gateDigest(meeting.meetingId, named)).toBe(registerDigest(namedVotes.register));
        expect(namedVotes.boxes[named]).toEqual({ abstain: 1, yes: 4 });
      });

      it('leaves out a register the node holds the same (by size and digest), and sends one that differs in any way', async () => {
        const [nodeA, nodeB] = [await connect(), await connect()];
        const meeting = await createMeeting(nodeA, 20);
        const ballotId = await openBallot(nodeA, meeting, { secrecy: 'named' });
        for (const n of seatNumbers(12)) recorded(await (n % 2 ? nodeA : nodeB).cast(meeting.meetingId, uuidCast(ballotId, n, choiceOf(n))));
        await appendTo(nodeA, meeting, ballotClosed(ballotId));
        const whole = await nodeB.readVotes(meeting.meetingId, [ballotId]);
        expect(whole.unchanged).toBeUndefined();
        const entries = whole.register;

        const same = await nodeB.readVotes(meeting.meetingId, [ballotId], held(ballotId, entries));
        expect(same).toEqual({ register: [], boxes: { [ballotId]: boxOfChoices(seatNumbers(12)) }, unchanged: [ballotId] });

        // A copy missing a vote, holding one more, or holding a different receipt for a seat: read whole.
        const missing = entries.slice(1);
        const extra = [...entries, { ...entries[0]!, seatId: seatIdOf(13), receiptId: randomUUID() }];
        const otherReceipt = [{ ...entries[0]!, receiptId: randomUUID() }, ...entries.slice(1)];
        for (const copy of [missing, extra, otherReceipt]) {
          const read = await nodeB.readVotes(meeting.meetingId, [ballotId], held(ballotId, copy));
          expect(read.unchanged).toBeUndefined();
          expect(read.register).toEqual(entries);
        }
        // The same size and a digest the store does not have (a different set of receipts): read whole.
        const swapped = await nodeB.readVotes(meeting.meetingId, [ballotId], new Map([[ballotId, { size: entries.length, digest: '1,2' }]]));
        expect(swapped.register).toEqual(entries);
        // A held value that is not a digest is not sent: read whole.
        const bogus = await nodeB.readVotes(meeting.meetingId, [ballotId], new Map([[ballotId, { size: entries.length, digest: "1,2' or '1" }]]));
        expect(bogus.register).toEqual(entries);
      });

      it('never trusts a digest of a register with a receipt id that is not a UUID, or of a gate that has none', async () => {
        const store = await connect();
        const meeting = await createMeeting(store, 10);
        const ballotId = await openBallot(store, meeting, { secrecy: 'named' });
        recorded(await store.cast(meeting.meetingId, uuidCast(ballotId, 1, 'yes')));
        // A readable receipt (as an import or a test makes): the digest is given up for good.
        recorded(await store.cast(meeting.meetingId, castRequest(ballotId, 2, 'no')));
        recorded(await store.cast(meeting.meetingId, uuidCast(ballotId, 3, 'yes')));
        expect(await gateDigest(meeting.meetingId, ballotId)).toBe('x');
        await appendTo(store, meeting, ballotClosed(ballotId));
        const whole = await store.readVotes(meeting.meetingId, [ballotId]);
        expect(registerDigest(whole.register)).toBeNull();
        // Even a node that claims the size and some digest gets the register whole.
        const read = await store.readVotes(meeting.meetingId, [ballotId], new Map([[ballotId, { size: 3, digest: EMPTY_REGISTER_DIGEST }]]));
        expect(read.register).toHaveLength(3);

        // A gate written before digests (no rdigest field): casts do not start one, reads are whole.
        const older = await openBallot(store, meeting, { secrecy: 'named' });
        await withClient(server.url, (send) => send(['HDEL', meetingKeys(meeting.meetingId).gate(older), 'rdigest']));
        recorded(await store.cast(meeting.meetingId, uuidCast(older, 1, 'yes')));
        expect(await gateDigest(meeting.meetingId, older)).toBeNull();
        await appendTo(store, meeting, ballotClosed(older));
        const olderVotes = await store.readVotes(meeting.meetingId, [older]);
        const again = await store.readVotes(meeting.meetingId, [older], held(older, olderVotes.register));
        expect(again.unchanged).toBeUndefined();
        expect(again.register).toEqual(olderVotes.register);
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
          expect(retry).toEqual({ status: 'duplicate', entry: outcomes[i]?.entry, voted: 200 });
        });

        // Node A shuts the gate and tallies the sealed papers; node B reads the counts.
        await appendTo(nodeA, meeting, ballotClosed(ballotId));
        const votes = await nodeB.readVotes(meeting.meetingId);
        expect(new Set(votes.register.map((p) => p.seatId)).size).toBe(200);
        const expectedBox = boxOfChoices(seats);
        expect(votes.boxes).toEqual({ [ballotId]: expectedBox });
        // The register comes back in the order recorded: the order of the turnouts.
        const turnoutBySeat = new Map(outcomes.map((o) => [o.entry.seatId, o.voted]));
        expect(votes.register.map((p) => turnoutBySeat.get(p.seatId))).toEqual(seats);
      });

      it('read a secret ballot\'s gate once on the node that did not open it, however many of its casts arrive together', async () => {
        const [nodeA, nodeB] = [await connect(), await connect()];
        const meeting = await createMeeting(nodeA, 120);
        const ballotId = await openBallot(nodeA, meeting);
        const seats = seatNumbers(120);
        // The commands the nodes send themselves (INFO commandstats would count the cast script's own too).
        const sent = vi.spyOn(RedisConnection.prototype, 'send');
        // Node B has never seen this ballot: every cast needs its key, read from the gate.
        const outcomes = await Promise.all(seats.map((n) => nodeB.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n)))));
        const gateReads = sent.mock.calls.filter(([args]) => args[0] === 'HMGET');
        sent.mockRestore();
        expect(outcomes.map((o) => recorded(o).voted).sort((a, b) => a - b)).toEqual(seats);
        expect(gateReads).toHaveLength(1);
        await appendTo(nodeA, meeting, ballotClosed(ballotId));
        const box = boxOfChoices(seats);
        expect((await nodeB.readVotes(meeting.meetingId)).boxes[ballotId]).toEqual(box);
      });

      it('send a paper again, sealed, when the script refuses it because the gate was read just before the ballot opened', async () => {
        const nodeA = await connect();
        const scripts: string[] = [];
        const nodeB = await connect(server.url, { observer: { redisScript: (name) => scripts.push(name) } });
        const meeting = await createMeeting(nodeA, 3);
        const ballotId = uniqueId('b');
        // Node B's first read of the gate is answered before node A opens the ballot, and its
        // cast goes after: its paper is the empty one of a gate it found not there.
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        let gateReads = 0;
        const send = RedisConnection.prototype.send;
        const spy = vi.spyOn(RedisConnection.prototype, 'send').mockImplementation(async function (this: RedisConnection, args) {
          const reply = await send.call(this, args);
          if (args[0] === 'HMGET' && ++gateReads === 1) await released;
          return reply;
        });
        try {
          const outcome = nodeB.cast(meeting.meetingId, castRequest(ballotId, 1, 'yes'));
          await vi.waitFor(() => expect(gateReads).toBe(1));
          await appendTo(nodeA, meeting, ballotOpened(ballotId));
          release();
          expect(recorded(await outcome).voted).toBe(1);
          // Refused (nothing written), the gate read again, the paper sealed with its key.
          expect(gateReads).toBe(2);
          expect(scripts).toEqual(['cast', 'cast']);
        } finally {
          spy.mockRestore();
        }
        await appendTo(nodeA, meeting, ballotClosed(ballotId));
        expect((await nodeB.readVotes(meeting.meetingId)).boxes[ballotId]).toEqual({ yes: 1 });
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
      expect(cast.entry.at).toBeGreaterThanOrEqual(before);
      expect(cast.entry.at).toBeLessThanOrEqual(after);
    });

    describe('secret ballots', () => {
      /** This meeting's keys and the global ones (other tests' meetings share the server). */
      const ownKeys = (dump: Map<string, string[]>, meetingId: string) =>
        [...dump].filter(([key]) => key.startsWith(`bj:{${meetingId}}:`) || !key.includes('{'));

      it('never store a plain paper while open, nor a key that holds both a seat and a choice', async () => {
        const store = await connect();
        const seats = seatNumbers(30);
        const meeting = await createMeeting(store, 30);
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        for (const n of seats) recorded(await store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n))));
        const ownPrefix = `bj:{${meeting.meetingId}}:`;

        // While it is open: no choice word in any key or value but the log (whose ballot spec names none).
        const whileOpen = ownKeys(await dumpAllKeys(server.url), meeting.meetingId);
        const plainWhileOpen = whileOpen.filter(([key, values]) => CHOICES.some((c) => words([key, ...values]).has(c)));
        expect(plainWhileOpen.map(([key]) => key)).toEqual([]);
        const papersKey = `${ownPrefix}papers:${secret}`;
        const sealed = whileOpen.find(([key]) => key === papersKey)?.[1] ?? [];
        expect(sealed).toHaveLength(30);
        // Every sealed paper has the same length, whatever its choice.
        expect(new Set(sealed.map((paper) => paper.length)).size).toBe(1);

        await appendTo(store, meeting, ballotClosed(secret));
        const named = await openBallot(store, meeting, { secrecy: 'named' });
        for (const n of seats) recorded(await store.cast(meeting.meetingId, castRequest(named, n, choiceOf(n))));

        const seatIds = seats.map(seatIdOf);
        const linking: string[] = [];
        const withChoices: string[] = [];
        for (const [key, values] of ownKeys(await dumpAllKeys(server.url), meeting.meetingId)) {
          // The log names the roster (seats) in MeetingCreated; it holds no votes (checked below).
          if (key === `${ownPrefix}log`) continue;
          const present = words([key, ...values]);
          if (CHOICES.some((c) => present.has(c))) withChoices.push(key);
          if (seatIds.some((s) => present.has(s)) && CHOICES.some((c) => present.has(c))) linking.push(key);
        }
        // Only the named ballot's register links seats to choices: the check does see links.
        expect(linking).toEqual([`${ownPrefix}voters:${named}`]);
        // The secret ballot's choices are only in its counts, once shut; the named one's live box moves with each cast.
        expect(withChoices.sort()).toEqual([`${ownPrefix}box:${secret}`, `${ownPrefix}box:${named}`, `${ownPrefix}voters:${named}`].sort());
        expect(await store.readEvents(meeting.meetingId, 0)).toHaveLength(meeting.version);
      });

      it('write the counts once at close, keys sorted in one listpack, and destroy the papers and the wrapped key', async () => {
        const store = await connect();
        const meeting = await createMeeting(store, 9);
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        const keys = { gate: `bj:{${meeting.meetingId}}:gate:${secret}`, papers: `bj:{${meeting.meetingId}}:papers:${secret}`, box: `bj:{${meeting.meetingId}}:box:${secret}` };
        // First appearances yes, no, abstain: not the sorted order.
        const order = ['yes', 'yes', 'no', 'yes', 'abstain', 'no', 'yes', 'abstain', 'yes'] as const;
        for (const [i, choice] of order.entries()) recorded(await store.cast(meeting.meetingId, castRequest(secret, i + 1, choice)));
        await withClient(server.url, async (send) => {
          expect(await send(['HEXISTS', keys.gate, 'wkey'])).toBe(1);
          expect(await send(['EXISTS', keys.box])).toBe(0);
        });
        // Nothing of an open box leaves the store.
        expect((await store.readVotes(meeting.meetingId)).boxes[secret]).toBeUndefined();

        await appendTo(store, meeting, ballotClosed(secret));
        await withClient(server.url, async (send) => {
          expect(await send(['HGETALL', keys.box])).toEqual(['abstain', '2', 'no', '2', 'yes', '5']);
          expect(await send(['OBJECT', 'ENCODING', keys.box])).toBe('listpack');
          expect(await send(['HEXISTS', keys.gate, 'wkey'])).toBe(0);
          expect(await send(['EXISTS', keys.papers])).toBe(0);
        });
        expect((await store.readVotes(meeting.meetingId)).boxes[secret]).toEqual({ abstain: 2, no: 2, yes: 5 });
      });

      it('replace the papers a script recorded together by one sealed run, which the tally opens with the single papers', async () => {
        const store = await connect();
        const seats = seatNumbers(100);
        const meeting = await createMeeting(store, seats.length + 1);
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        const papersKey = `bj:{${meeting.meetingId}}:papers:${secret}`;
        // One turn's casts (one script), then one alone: a run of 100 and a single paper.
        (await Promise.all(seats.map((n) => store.cast(meeting.meetingId, castRequest(secret, n, choiceOf(n)))))).forEach(recorded);
        recorded(await store.cast(meeting.meetingId, castRequest(secret, seats.length + 1, 'no')));
        const members = await onceJoined(() => withClient(server.url, (send) => send(['SMEMBERS', papersKey]) as Promise<string[]>));
        const runs = members.filter((member) => member.includes(':'));
        expect(runs.map((run) => run.split(':')[0])).toEqual(['100']);
        expect(members).toHaveLength(2);
        // Nothing in it reads as a choice, and the run is as long as 100 padded papers.
        expect(CHOICES.some((c) => words(members).has(c))).toBe(false);
        expect(new Set(members.filter((m) => !m.includes(':')).map((m) => m.length)).size).toBe(1);

        await appendTo(store, meeting, ballotClosed(secret));
        const box = boxOfChoices(seats, { no: 1 });
        expect((await store.readVotes(meeting.meetingId)).boxes[secret]).toEqual(box);
      });

      it('join nothing once the gate shut, a paper is missing, or the run does not fit its papers', async () => {
        const keys = meetingKeys(uniqueId('m'));
        const paper = (c: string) => c.repeat(sealedLength(32));
        const run = (n: number, length = sealedLength(32, n)) => `${n}:${'R'.repeat(length)}`;
        const join = (ballotId: string, args: string[]) =>
          withClient(server.url, (send) => send(['EVAL', SCRIPTS.joinPapers.source, '2', keys.gate(ballotId), keys.papers(ballotId), ...args]));
        await withClient(server.url, async (send) => {
          await send(['HSET', keys.gate('open'), 'open', '1', 'named', '0', 'wkey', 'w', 'paper', '32']);
          await send(['HSET', keys.gate('shut'), 'open', '0', 'named', '0', 'wkey', 'w', 'paper', '32']);
          for (const b of ['open', 'shut']) await send(['SADD', keys.papers(b), paper('a'), paper('b'), paper('c')]);
        });
        expect(await join('shut', [run(2), paper('a'), paper('b')])).toEqual(['shut']);
        expect(await join('open', [run(2), paper('a'), paper('x')])).toEqual(['missing']);
        expect((await join('open', [run(2, 10), paper('a'), paper('b')]) as string[])[0]).toBe('malformed');
        expect((await join('open', [run(3), paper('a'), paper('b')]) as string[])[0]).toBe('malformed');
        expect((await join('open', [run(1), paper('a')]) as string[])[0]).toBe('malformed');
        const members = () => withClient(server.url, (send) => send(['SMEMBERS', keys.papers('open')]) as Promise<string[]>);
        expect((await members()).sort()).toEqual([paper('a'), paper('b'), paper('c')]);
        expect(await join('open', [run(2), paper('a'), paper('b')])).toEqual(['joined', 2]);
        expect((await members()).sort()).toEqual([run(2), paper('c')].sort());
      });

      it('seal on any node with the key another node made, and refuse a paper longer than the ballot allows', async () => {
        const [opener, caster] = [await connect(), await connect()];
        const meeting = await createMeeting(opener, 3);
        const secret = await openBallot(opener, meeting, { secrecy: 'anonymous' });
        recorded(await caster.cast(meeting.meetingId, castRequest(secret, 1, 'no')));
        await expect(caster.cast(meeting.meetingId, { ...castRequest(secret, 2, 'no'), choiceKey: 'x'.repeat(150) })).rejects.toBeInstanceOf(
          InvalidStoreInputError,
        );
        // A node with another BALLOT_KEY cannot unwrap the key, so it seals nothing.
        const stranger = await connect(server.url, { keyring: BallotKeyring.random() });
        await expect(stranger.cast(meeting.meetingId, castRequest(secret, 3, 'yes'))).rejects.toThrow(/does not open/);
        await appendTo(opener, meeting, ballotClosed(secret));
        const votes = await caster.readVotes(meeting.meetingId);
        expect(votes.boxes[secret]).toEqual({ no: 1 });
        expect(votes.register.map((p) => [p.seatId, p.choiceKey])).toEqual([[seatIdOf(1), null]]);
      });

      it('tally on the next read when the node that shut the gate died before its tally, once however many nodes race', async () => {
        const [nodeA, nodeB, nodeC] = [await connect(), await connect(), await connect()];
        const meeting = await createMeeting(nodeA, 12);
        const secret = await openBallot(nodeA, meeting, { secrecy: 'anonymous' });
        for (const n of seatNumbers(12)) recorded(await (n % 2 ? nodeA : nodeB).cast(meeting.meetingId, castRequest(secret, n, choiceOf(n))));
        const box = `bj:{${meeting.meetingId}}:box:${secret}`;

        // The append lands exactly as a node sends it, and that node dies before its tally.
        const close = appendCall(meeting.meetingId, meeting.version, [ballotClosed(secret)], new Map());
        await withClient(server.url, (send) => send(['EVALSHA', SCRIPTS.append.sha1, String(close.keys.length), ...close.keys, ...close.args]));
        meeting.version += 1;

        // Every write of the box, as Redis executes it (MONITOR shows the commands scripts run).
        const monitor = createClient({ url: server.url });
        await monitor.connect();
        const boxWrites: string[] = [];
        await monitor.monitor((line: string) => {
          if (line.includes(`"${box}"`) && /"hset"/i.test(line)) boxWrites.push(line);
        });
        try {
          const reads = await Promise.all([nodeA.readVotes(meeting.meetingId), nodeB.readVotes(meeting.meetingId), nodeC.readVotes(meeting.meetingId), nodeC.readVotes(meeting.meetingId)]);
          const expected = boxOfChoices(seatNumbers(12));
          for (const votes of reads) expect(votes.boxes[secret]).toEqual(expected);
          await sleep(100); // MONITOR lines arrive after the replies
        } finally {
          await monitor.close();
        }
        expect(boxWrites).toHaveLength(1);
        // A late retry of a counted vote still gets its receipt; a new cast is refused.
        expect(await nodeC.cast(meeting.meetingId, castRequest(secret, 1, choiceOf(1)))).toMatchObject({ status: 'duplicate' });
        expect(await nodeC.cast(meeting.meetingId, castRequest(secret, 1, 'yes', 2))).toMatchObject({ status: 'rejected', code: 'BALLOT_NOT_OPEN' });
      });

      it('refuse to import an archive with an open ballot, and import shut boxes sorted', async () => {
        const store = await connect();
        const meeting = await createMeeting(store, 6);
        const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
        for (const n of seatNumbers(6)) recorded(await store.cast(meeting.meetingId, castRequest(secret, n, n < 3 ? 'yes' : 'no')));
        const events = await store.readEvents(meeting.meetingId, 0);
        const copyId = uniqueId('copy');
        const open = await store.readVotes(meeting.meetingId);
        const openArchive = { meetingId: copyId, events, votes: { participations: open.register, boxes: open.boxes } };
        await expect(store.importMeeting(openArchive)).rejects.toThrow(/still open; close it before exporting/);
        expect(await store.listMeetings()).not.toContain(copyId);

        await appendTo(store, meeting, ballotClosed(secret));
        const votes = await store.readVotes(meeting.meetingId);
        // An archive's box in first-appearance order comes in sorted.
        votes.boxes[secret] = { yes: 2, no: 4 };
        expect(await store.importMeeting({ meetingId: copyId, events: await store.readEvents(meeting.meetingId, 0), votes: { participations: votes.register, boxes: votes.boxes } })).toEqual({ ok: true });
        await withClient(server.url, async (send) => {
          expect(await send(['HGETALL', `bj:{${copyId}}:box:${secret}`])).toEqual(['no', '4', 'yes', '2']);
        });
      });

      it('rewrite the AOF once a secret ballot is tallied, so the file keeps neither the sealed papers nor the wrapped key', async () => {
        const own = await startRedis({ appendonly: true });
        try {
          const store = await connect(own.url);
          const meeting = await createMeeting(store, 10);
          const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
          for (const n of seatNumbers(10)) recorded(await store.cast(meeting.meetingId, castRequest(secret, n, n <= 7 ? 'yes' : 'no')));
          // While the ballot is open, the AOF lists each cast's sealed paper beside its register
          // entry, and the wrapped key: never a plain paper.
          const papersKey = `bj:{${meeting.meetingId}}:papers:${secret}`;
          const whileOpen = await aofText(own);
          expect(whileOpen).toContain(papersKey);
          expect(whileOpen).toMatch(/\bv1\.[A-Za-z0-9+/=]{40,}/);
          expect(whileOpen).not.toContain('HINCRBY');
          expect(words([whileOpen.replace(/\r\n\$\d+\r\n/g, '\n')]).has('yes')).toBe(false);
          const rewritesBefore = Number((await persistenceInfo(own.port)).aof_rewrites);

          await appendTo(store, meeting, ballotClosed(secret));
          let info = await persistenceInfo(own.port);
          for (let polls = 0; Number(info.aof_rewrites) === rewritesBefore || info.aof_rewrite_in_progress !== '0'; polls++) {
            if (polls > 200) throw new Error(`no AOF rewrite after the ballot shut: ${JSON.stringify(info)}`);
            await sleep(50);
            info = await persistenceInfo(own.port);
          }
          expect(info.aof_last_bgrewrite_status).toBe('ok');
          const rewritten = await aofText(own);
          expect(rewritten).not.toContain(papersKey);
          expect(rewritten).not.toMatch(/\bv1\.[A-Za-z0-9+/=]{40,}/);
          // The rewritten AOF still restores the register and the counts.
          await own.kill('SIGKILL');
          await own.restart();
          const votes = await onceAvailable(() => store.readVotes(meeting.meetingId));
          expect(votes.register).toHaveLength(10);
          expect(votes.boxes).toEqual({ [secret]: { no: 3, yes: 7 } });
        } finally {
          await own.stop();
        }
      });
    });

    describe('the AOF rewrite after a tally', () => {
      it(`waits ${REWRITE_DELAY_MS} ms, so it does not slow the close; a store closed before then asks for it as it closes`, async () => {
        const own = await startRedis({ appendonly: true });
        try {
          const rewrites = async () => Number((await persistenceInfo(own.port)).aof_rewrites);
          const store = await connect(own.url);
          const meeting = await createMeeting(store, 3);
          const secret = await openBallot(store, meeting, { secrecy: 'anonymous' });
          recorded(await store.cast(meeting.meetingId, castRequest(secret, 1, 'yes')));
          const before = await rewrites();
          const shut = Date.now();
          await appendTo(store, meeting, ballotClosed(secret));
          await sleep(REWRITE_DELAY_MS / 4);
          // Not yet: the delay has not passed (unless this machine stalled for most of it).
          if (Date.now() - shut < REWRITE_DELAY_MS - 100) expect(await rewrites()).toBe(before);
          await store.close();
          let after = await rewrites();
          for (let polls = 0; after === before && polls < 100; polls++) {
            await sleep(50);
            after = await rewrites();
          }
          expect(after).toBe(before + 1);
        } finally {
          await own.stop();
        }
      });
    });

    describe('BALLOT_KEY', () => {
      it('without it, every node derives one development key (with a warning); production refuses', async () => {
        const warnings: string[] = [];
        const logger = { ...silentLogger, warn: (msg: string) => void warnings.push(msg), child: () => logger };
        const [nodeA, nodeB] = [
          await connect(server.url, { keyring: ballotKeyringFor({ ballotKey: null, production: false }, logger) }),
          await connect(server.url, { keyring: ballotKeyringFor({ ballotKey: null, production: false }, logger) }),
        ];
        expect(warnings).toHaveLength(2);
        expect(warnings[0]).toMatch(/BALLOT_KEY is not set/);
        const meeting = await createMeeting(nodeA, 2);
        const secret = await openBallot(nodeA, meeting, { secrecy: 'anonymous' });
        recorded(await nodeB.cast(meeting.meetingId, castRequest(secret, 1, 'no')));
        await appendTo(nodeB, meeting, ballotClosed(secret));
        expect((await nodeA.readVotes(meeting.meetingId)).boxes[secret]).toEqual({ no: 1 });
        expect(() => ballotKeyringFor({ ballotKey: null, production: true }, logger)).toThrow(/BALLOT_KEY is required in production/);
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

          const ackedBySeat = new Map<string, StoredCast>();
          settled.forEach((result, i) => {
            if (result.status === 'fulfilled') ackedBySeat.set(seatIdOf(i + 1), result.value);
            else expect(result.reason).toBeInstanceOf(StoreUnavailableError);
          });
          expect(ackedBySeat.size).toBeGreaterThanOrEqual(50);

          const afterRestart = await onceAvailable(() => nodeA.readVotes(meeting.meetingId));
          const registered = new Map(afterRestart.register.map((p) => [p.seatId, p]));
          expect(registered.size).toBe(afterRestart.register.length);
          for (const [seatId, outcome] of ackedBySeat) expect(registered.get(seatId)).toEqual(recorded(outcome).entry);
          // The box stays in the store while the gate is open (invariant 4).
          expect(afterRestart.boxes[ballotId]).toBeUndefined();

          // The unacked casts are retried with their keys: each lands once, none twice.
          const unacked = seats.filter((n) => !ackedBySeat.has(seatIdOf(n)));
          const retried = await Promise.all(
            unacked.map((n) => onceAvailable(() => nodeB.cast(meeting.meetingId, castRequest(ballotId, n, 'yes')))),
          );
          for (const outcome of retried) expect(['recorded', 'duplicate']).toContain(outcome.status);
          await appendTo(nodeA, meeting, ballotClosed(ballotId));
          const final = await nodeB.readVotes(meeting.meetingId);
          expect(final.register.map((p) => p.seatId).sort()).toEqual(seats.map(seatIdOf));
          // Every paper sealed before, during and after the restart opens and counts once.
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
          expect(votes.register).toEqual([]);
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
