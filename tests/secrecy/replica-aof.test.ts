// Architecture invariant 4 on the replicas: after a secret ballot is tallied, no data node's AOF
// keeps its sealed papers or its wrapped key. The store asks for an AOF rewrite after the tally
// (server/store/redis/aof-compaction.ts); BGREWRITEAOF is not replicated, so a replica's files
// kept the whole history, key and papers, until a rewrite of its own: anyone with BALLOT_KEY and
// a copy of a replica's volume could open the papers long after the ballot was shredded on the
// primary. Real processes: a primary, two replicas and three Sentinels, as deploy/compose.yaml.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { RedisStore } from '../../server/store/redis/redis-store';
import { appendTo, ballotClosed, castRequest, createMeeting, openBallot, testKeyring } from '../store/fixtures';
import { aofText, redisServerAvailable, type RedisServer } from '../support/redis-server';
import { persistenceInfo, redisCommand, startSentinelSet, type SentinelSet } from '../support/redis-sentinel';
import { until } from '../support/until';

const SEATS = 12;
/** How often the store looks for a replica not rewritten since the last tally (30 s in production). */
const SWEEP_MS = 500;
/** A sealed paper or wrapped key as the store writes them (server/secrecy/ballot-keys.ts). */
const SEALED = /\bv1\.[A-Za-z0-9+/=]{40,}/;

async function persistence(server: RedisServer): Promise<{ rewrites: number; inProgress: boolean; lastStatus: string }> {
  const info = await persistenceInfo(server.port);
  return { rewrites: Number(info.aof_rewrites), inProgress: info.aof_rewrite_in_progress !== '0', lastStatus: info.aof_last_bgrewrite_status ?? '' };
}

describe.skipIf(!redisServerAvailable())('a secret ballot on a primary with two replicas: every data node’s AOF forgets its papers and key after the tally', () => {
  let set: SentinelSet;
  let store: RedisStore;
  /** What the store reported for biaojue_aof_rewrites_left. */
  const rewritesLeft: number[] = [];

  beforeAll(async () => {
    set = await startSentinelSet({ replicas: 2 });
    store = await RedisStore.connect(set.url({ ackReplicas: 1 }), {
      logger: silentLogger,
      keyring: testKeyring(),
      aofSweepMs: SWEEP_MS,
      observer: { aofRewritesLeft: (nodes) => void rewritesLeft.push(nodes) },
    });
    // The store's first look rewrites every data node once (it cannot know what was tallied
    // before it started): let it end, so that the rewrites counted below are the tally's.
    await until('the store’s first look', async () => rewritesLeft.includes(0));
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await set?.stop();
  });

  it('rewrites the replicas’ AOFs too, once each has the tally', async () => {
    const meeting = await createMeeting(store, SEATS);
    const ballotId = await openBallot(store, meeting, { secrecy: 'anonymous' });
    for (let n = 1; n <= SEATS; n++) await store.cast(meeting.meetingId, castRequest(ballotId, n, n % 3 === 0 ? 'no' : 'yes'));
    const papersKey = `bj:{${meeting.meetingId}}:papers:${ballotId}`;

    // While the ballot is open, every data node's AOF holds the sealed papers and the wrapped
    // key: the replicas write what the primary sends them.
    await until('every data node’s AOF holding the papers', async () => {
      for (const server of set.servers) {
        const text = await aofText(server);
        if (!text.includes(papersKey) || !SEALED.test(text)) return false;
      }
      return true;
    });
    const before = await Promise.all(set.servers.map((server) => until('no AOF rewrite running', async () => ((await persistence(server)).inProgress ? null : persistence(server)))));

    rewritesLeft.length = 0;
    await appendTo(store, meeting, ballotClosed(ballotId));
    // The tally wrote the counts: a read gives them, and the store then asks for the rewrites.
    const votes = await store.readVotes(meeting.meetingId);
    expect(votes.boxes[ballotId]).toEqual({ no: SEATS / 3, yes: (SEATS * 2) / 3 });

    for (const [i, server] of set.servers.entries()) {
      const role = i === 0 ? 'the primary' : `replica ${i}`;
      await until(`${role}'s AOF rewritten after the tally`, async () => {
        const now = await persistence(server);
        return now.rewrites > before[i]!.rewrites && !now.inProgress ? now : null;
      });
      expect((await persistence(server)).lastStatus, role).toBe('ok');
      const text = await aofText(server);
      expect(text.includes(papersKey), `${role}: the papers' key`).toBe(false);
      expect(SEALED.test(text), `${role}: a sealed paper or the wrapped key`).toBe(false);
      // What is left is the record: the register and the counts.
      expect(text, role).toContain(`bj:{${meeting.meetingId}}:box:${ballotId}`);
    }
    // The metric went to the three data nodes at the tally (the looks every SWEEP_MS report 0
    // before it), and to none left once all were asked.
    const atTally = rewritesLeft.indexOf(3);
    expect(atTally).toBeGreaterThanOrEqual(0);
    await until('no data node left to rewrite', async () => rewritesLeft.lastIndexOf(0) > atTally);
  }, 60_000);

  it('rewrites a replica that was away during the tally and came back by a partial resync, its history still in its files', async () => {
    const primary = await set.primary();
    const away = set.servers.find((s) => s !== primary)!;
    const meeting = await createMeeting(store, SEATS);
    const ballotId = await openBallot(store, meeting, { secrecy: 'anonymous' });
    for (let n = 1; n <= SEATS; n++) await store.cast(meeting.meetingId, castRequest(ballotId, n, 'yes'));
    const papersKey = `bj:{${meeting.meetingId}}:papers:${ballotId}`;
    await until('the replica’s AOF holding the papers', async () => (await aofText(away)).includes(papersKey));

    // The replica freezes and loses its link; the ballot closes and is tallied without it.
    process.kill(away.pid!, 'SIGSTOP');
    try {
      await redisCommand(primary.port, ['CLIENT', 'KILL', 'TYPE', 'replica']);
      await appendTo(store, meeting, ballotClosed(ballotId));
      expect((await store.readVotes(meeting.meetingId)).boxes[ballotId]).toEqual({ yes: SEATS });
      await until('the primary’s AOF rewritten without the papers', async () => !(await aofText(primary)).includes(papersKey));
    } finally {
      process.kill(away.pid!, 'SIGCONT');
    }
    // Back, it takes the tally by a partial resync: its AOF appends it to the history it has.
    await set.replicating(away);
    expect(away.output()).toMatch(/partial resynchronization/i);
    await until('the returning replica’s AOF rewritten without the papers', async () => {
      const text = await aofText(away);
      return !(await persistence(away)).inProgress && !text.includes(papersKey) && !SEALED.test(text);
    });
  }, 60_000);
});
