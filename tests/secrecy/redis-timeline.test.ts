// Issue 8 §1, Redis store: a timeline attacker against real cluster nodes on a real redis-server
// (AOF, fsync always). 72 delegates on real Socket.IO connections vote in small random batches
// on an anonymous motion, an anonymous election with many distinct papers, and (to prove the
// attacker works) a named motion, while the attacker records MONITOR, every key of the meeting
// every few ms, the AOF files and the staff export. Then it tries every way it knows to link
// seats to papers: on the secret ballots no better than chance, on the named one it succeeds.
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electionPaperKey } from '../../shared/domain/ballots/election';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import type { MeetingArchive } from '../../server/store/types';
import { startInProcessNode, type InProcessNode } from '../cluster/in-process-node';
import { congressSpec, openHall, startSitting, type Hall, type Tablet } from '../support/hall';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { connect, emitOk } from '../support/sockets';
import { chanceBound, correctGuesses, METHODS, startRecording, type BallotUnderAttack, type Recording } from './redis-attacker';

const DELEGATES = 72;
const CANDIDATES = Array.from({ length: 7 }, (_, i) => `c-${i + 1}`);
const ELECTION_SEATS = 3;

function spec(): MeetingSpecInput {
  const base = congressSpec(DELEGATES, '秘密投票时间线测试会议');
  return {
    ...base,
    agenda: [
      { itemId: 'item-1', title: '关于年度预算的决议', kind: 'vote' },
      { itemId: 'item-2', title: '选举镇人大主席团成员', kind: 'vote' },
      { itemId: 'item-3', title: '关于民生实事项目的决定', kind: 'vote' },
    ],
  };
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

function shuffled<T>(list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A random election paper: each candidate yes, no or unmarked, at most ELECTION_SEATS yes. */
function electionMarks(): Record<string, 'yes' | 'no' | 'abstain'> {
  const marks: Record<string, 'yes' | 'no' | 'abstain'> = {};
  let yes = 0;
  for (const candidateId of shuffled(CANDIDATES)) {
    const option = pick(yes < ELECTION_SEATS ? (['yes', 'no', 'abstain'] as const) : (['no', 'abstain'] as const));
    if (option === 'yes') yes++;
    marks[candidateId] = option;
  }
  return marks;
}

interface BallotRun {
  ballotId: string;
  /** seat → canonical paper key actually cast. */
  truth: Map<string, string>;
  /** Seats whose cast was a batch of its own (the attacker read just before and just after it). */
  castAlone: string[];
  /** Redis' clock (ms) and the local clock just before the close was asked for. */
  closeRedisMs: number;
  closeLocalMs: number;
}

describe.skipIf(!redisServerAvailable())('Redis store: a secret ballot stays unlinkable to an operator and to staff, at every moment', () => {
  let redis: RedisServer;
  let nodes: InProcessNode[] = [];
  let hall: Hall;
  let recording: Recording;
  const runs: Record<'motion' | 'election' | 'named', BallotRun> = {} as never;
  let finalArchive: MeetingArchive;

  async function redisNowMs(): Promise<number> {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const [seconds, micros] = (await client.sendCommand(['TIME'])) as [string, string];
      return Number(seconds) * 1000 + Number(micros) / 1000;
    } finally {
      await client.close();
    }
  }

  /** Opens a ballot, waits until every tablet shows it, votes in small random batches, closes it. */
  async function runBallot(
    open: Record<string, unknown>,
    choose: () => { payload: unknown; key: string },
    attacker: { nextReading: () => Promise<void> },
  ): Promise<BallotRun> {
    const opened = await emitOk(hall.presidium, 'presidium:openBallot', open);
    const ballotId = opened.ballotId as string;
    await Promise.all(hall.tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open', `${ballotId} open on ${t.seatId}`)));
    const truth = new Map<string, string>();
    const castAlone: string[] = [];
    const queue: Tablet[] = shuffled(hall.tablets);
    while (queue.length > 0) {
      // The first cast goes alone, so every ballot has at least one seat the control can check.
      const batch = queue.splice(0, truth.size === 0 ? 1 : 1 + Math.floor(Math.random() * 4));
      if (batch.length === 1) castAlone.push(batch[0]!.seatId);
      await Promise.all(
        batch.map(async (t) => {
          const { payload, key } = choose();
          truth.set(t.seatId, key);
          await emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${ballotId}-${t.seatId}`, choice: payload });
        }),
      );
      // The attacker reads every key between two batches (it may poll as fast as it likes).
      await Promise.all([attacker.nextReading(), sleep(Math.floor(Math.random() * 25))]);
    }
    await sleep(50); // let the attacker see the last batch before the close
    const closeRedisMs = await redisNowMs();
    const closeLocalMs = Date.now();
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    return { ballotId, truth, castAlone, closeRedisMs, closeLocalMs };
  }

  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
    // No look for AOFs to rewrite at the nodes' start (server/store/redis/aof-compaction.ts): on a
    // slow machine it could land in the middle of a ballot, and the incremental file the attacker
    // polls would end between two of its readings. The tallies' own rewrites still run.
    const store = { aofSweepMs: 3_600_000 };
    nodes = [await startInProcessNode(redis.url, { store }), await startInProcessNode(redis.url, { store })];
    hall = await openHall(nodes[0]!.baseUrl, spec());
    // Half the tablets on the other node: any node seals with the key another node made.
    for (const tablet of hall.tablets.filter((_, i) => i % 2 === 1)) {
      tablet.socket.close();
      tablet.socket = await connect(nodes[1]!.baseUrl, { token: tablet.token }, tablet.views);
    }
    await startSitting(hall);

    const recorder = await startRecording({
      redisUrl: redis.url,
      redisDir: redis.dir,
      meetingId: hall.meetingId,
      exportArchive: async () => {
        const reply = await hall.http.request<MeetingArchive>('GET', `/api/meetings/${hall.meetingId}/export`, undefined, hall.secretariatToken);
        return reply.status === 200 ? reply.body : null;
      },
    });
    try {
      runs.motion = await runBallot({ itemId: 'item-1', title: '关于年度预算的决议', secrecy: 'anonymous' }, () => {
        const option = pick(['yes', 'no', 'abstain'] as const);
        return { payload: { option }, key: option };
      }, recorder);
      await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
      runs.election = await runBallot(
        {
          itemId: 'item-2',
          kind: 'election',
          title: '选举镇人大主席团成员',
          secrecy: 'anonymous',
          election: {
            post: '主席团成员',
            postType: 'other',
            seats: ELECTION_SEATS,
            candidates: CANDIDATES.map((candidateId, i) => ({ candidateId, name: `候选人${i + 1}` })),
            tellers: { chief: '总监票人', members: ['监票人甲', '监票人乙'] },
            settings: { ballotType: 'congress', round: 'first', byElection: false, allowWriteIns: false, marginOverride: null },
          },
        },
        () => {
          const marks = electionMarks();
          return { payload: { marks }, key: electionPaperKey({ marks, writeIns: {} }) };
        },
        recorder,
      );
      await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-3' });
      runs.named = await runBallot({ itemId: 'item-3', title: '关于民生实事项目的决定', secrecy: 'named' }, () => {
        const option = pick(['yes', 'no', 'abstain'] as const);
        return { payload: { option }, key: option };
      }, recorder);
      await sleep(300); // a few more readings after the last close (and its AOF rewrite)
    } finally {
      recording = await recorder.stop();
    }
    const reply = await hall.http.request<MeetingArchive>('GET', `/api/meetings/${hall.meetingId}/export`, undefined, hall.secretariatToken);
    finalArchive = reply.body;
  }, 240_000);

  afterAll(async () => {
    hall?.closeSockets();
    for (const node of nodes) await node.close();
    await redis?.stop();
  });

  const underAttack = (run: BallotRun): BallotUnderAttack => ({
    meetingId: hall.meetingId,
    ballotId: run.ballotId,
    totals: finalArchive.votes.boxes[run.ballotId] ?? {},
    seats: hall.tablets.map((t) => t.seatId),
  });

  it('counts every paper: the published totals are the papers cast', () => {
    for (const run of Object.values(runs)) {
      const expected: Record<string, number> = {};
      for (const key of run.truth.values()) expected[key] = (expected[key] ?? 0) + 1;
      expect(finalArchive.votes.boxes[run.ballotId]).toEqual(expected);
    }
    // The election really has many distinct papers (what makes linking it worth trying).
    expect(Object.keys(finalArchive.votes.boxes[runs.election.ballotId] ?? {}).length).toBeGreaterThan(DELEGATES / 3);
    // The attacker saw the ballots happen: many readings while they were open, and the casts.
    const whileOpen = recording.snapshots.filter((s) => s.doneAt < runs.motion.closeLocalMs);
    expect(whileOpen.length).toBeGreaterThan(10);
    expect(recording.exports.filter((e) => e.doneAt < runs.motion.closeLocalMs).length).toBeGreaterThan(3);
    const castsSeen = recording.monitor.filter((l) => l.args.some((a) => a === `bj:{${hall.meetingId}}:papers:${runs.motion.ballotId}`));
    expect(castsSeen.length).toBeGreaterThanOrEqual(DELEGATES);
  });

  it.each(['motion', 'election'] as const)('secret %s: no plain paper anywhere before close; after it only sorted counts, key and papers gone', (name) => {
    const run = runs[name];
    const papers = new Set(run.truth.values());
    const ownPrefix = `bj:{${hall.meetingId}}:`;
    const boxKey = `${ownPrefix}box:${run.ballotId}`;
    const gateKey = `${ownPrefix}gate:${run.ballotId}`;
    const papersKey = `${ownPrefix}papers:${run.ballotId}`;
    // Long papers (the election's JSON) are also looked for inside any text; short ones as whole values.
    const containsPaper = (text: string) => [...papers].some((p) => p.length >= 12 && text.includes(p));

    // Every key, every few ms, while open.
    const before = recording.snapshots.filter((s) => s.doneAt < run.closeLocalMs);
    expect(before.length).toBeGreaterThan(0);
    for (const snapshot of before) {
      expect(snapshot.keys.has(boxKey)).toBe(false);
      for (const [key, reading] of snapshot.keys) {
        for (const value of [key, ...reading.values]) {
          expect(papers.has(value), `${key} holds a plain paper`).toBe(false);
          expect(containsPaper(value), `${key} holds a plain paper`).toBe(false);
        }
        expect(containsPaper(reading.dump), `DUMP ${key} holds a plain paper`).toBe(false);
      }
      // The single sealed papers all have one length, and a run of papers cast together (n:…) the
      // length of n of them: a member's length tells how many papers it holds, never which.
      const members = snapshot.keys.get(papersKey)?.values ?? [];
      const single = members.filter((m) => !m.includes(':'));
      expect(new Set(single.map((m) => m.length)).size).toBeLessThanOrEqual(1);
      const runLengths = new Map<string, Set<number>>();
      for (const m of members.filter((m) => m.includes(':'))) {
        const [n = '', sealed = ''] = m.split(':');
        runLengths.set(n, (runLengths.get(n) ?? new Set()).add(sealed.length));
      }
      for (const lengths of runLengths.values()) expect(lengths.size).toBe(1);
    }
    // The export a staff member polls: no box, no choice beside a seat.
    for (const e of recording.exports.filter((x) => x.doneAt < run.closeLocalMs)) {
      expect(e.archive.votes.boxes[run.ballotId]).toBeUndefined();
      for (const p of e.archive.votes.participations) if (p.ballotId === run.ballotId) expect(p.choiceKey).toBeNull();
    }
    // MONITOR: no argument of any command before the close is a paper.
    for (const line of recording.monitor.filter((l) => l.redisMs < run.closeRedisMs)) {
      for (const arg of line.args) expect(papers.has(arg) || containsPaper(arg), `MONITOR: ${line.args.join(' ').slice(0, 200)}`).toBe(false);
    }
    // The AOF up to the shut of the gate (or the tally, should a rewrite have taken the file first): no paper either.
    const isShut = (c: string[]) => c[0]?.toUpperCase() === 'HSET' && c[1] === gateKey && c[2] === 'open' && c[3] === '0';
    const shutAt = recording.aof.findIndex((c) => isShut(c) || c.includes(boxKey));
    const whileOpenInAof = recording.aof.slice(0, shutAt >= 0 ? shutAt : recording.aof.length);
    // The attacker did read every cast there: a register entry each, and every paper sealed, alone
    // or in a run of the papers one script recorded together (n:…), less the single papers a
    // run later took the place of (SREM): every paper of the ballot, once.
    const papersIn = (member: string | undefined) => (member?.includes(':') ? Number(member.split(':')[0]) : 1);
    const papersOf = (verb: string) =>
      whileOpenInAof
        .filter((c) => c[0]?.toUpperCase() === verb && c[1] === papersKey)
        .reduce((sum, c) => sum + c.slice(2).reduce((inCommand, member) => inCommand + papersIn(member), 0), 0);
    expect(papersOf('SADD') - papersOf('SREM')).toBe(DELEGATES);
    for (const command of whileOpenInAof) {
      for (const arg of command) expect(papers.has(arg) || containsPaper(arg), `AOF: ${command.join(' ').slice(0, 200)}`).toBe(false);
    }

    // After the close: the counts as published, sorted, never partial, written once; key and papers gone.
    const totals = finalArchive.votes.boxes[run.ballotId] ?? {};
    const sortedFlat = Object.keys(totals)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap((k) => [k, String(totals[k])]);
    const after = recording.snapshots.filter((s) => s.keys.has(boxKey));
    expect(after.length).toBeGreaterThan(0);
    for (const snapshot of after) {
      const reading = snapshot.keys.get(boxKey)!;
      if (reading.encoding === 'listpack') expect(reading.values).toEqual(sortedFlat);
      else expect(Object.fromEntries(pairsOf(reading.values).map(([k, v]) => [k, Number(v)]))).toEqual(totals);
      expect(snapshot.keys.has(papersKey)).toBe(false);
      expect(pairsOf(snapshot.keys.get(gateKey)?.values ?? []).map(([field]) => field)).not.toContain('wkey');
    }
    const boxWrites = recording.monitor.filter((l) => l.args[0]?.toUpperCase() === 'HSET' && l.args[1] === boxKey);
    expect(boxWrites).toHaveLength(1);
    expect(boxWrites[0]!.args.slice(2)).toEqual(sortedFlat);
    // In the AOF too (unless the rewrite that follows the tally took the file before the attacker read it again).
    for (const command of recording.aof.filter((c) => c.includes(boxKey) && c[0]?.toUpperCase() !== 'DEL')) expect(command.slice(2)).toEqual(sortedFlat);
  });

  it.each(['motion', 'election'] as const)('secret %s: every way of linking seats to papers does no better than chance', (name) => {
    const run = runs[name];
    const ballot = underAttack(run);
    const { voters, chance, bound } = chanceBound(ballot.totals);
    expect(voters).toBe(DELEGATES);
    const scores = Object.fromEntries(Object.entries(METHODS).map(([method, guess]) => [method, correctGuesses(guess(recording, ballot), ballot, run.truth)]));
    for (const [method, correct] of Object.entries(scores)) {
      expect(correct, `${method}: ${correct} of ${voters} right; chance ${chance}, bound ${bound}`).toBeLessThan(bound);
    }
  });

  it('named motion (the control): the same attacker links seats to papers', () => {
    const run = runs.named;
    const ballot = underAttack(run);
    const { voters } = chanceBound(ballot.totals);
    const score = (method: keyof typeof METHODS) => correctGuesses(METHODS[method](recording, ballot), ballot, run.truth);
    // A named ballot keeps the choice beside the seat by design: MONITOR, the AOF and the register show it.
    expect(score('MONITOR args and order')).toBe(voters);
    expect(score('AOF blocks')).toBe(voters);
    expect(score('export register')).toBe(voters);
    // And the live box moves with each batch of casts, read between batches: a cast that was a
    // batch of its own is linked every time. (Within a batch of up to 4 the attacker can only share
    // the batch's papers out, so the total is a random number, above chance only on average: the
    // comparison with chance this replaced failed once in CI, 26 right against a chance of 28.)
    const byDeltas = METHODS['key count deltas'](recording, ballot);
    expect(run.castAlone.length).toBeGreaterThan(0);
    for (const seatId of run.castAlone) expect(byDeltas.get(seatId), seatId).toBe(run.truth.get(seatId));
  });
});

function pairsOf(flat: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
