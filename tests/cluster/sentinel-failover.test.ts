// Issue 9, "no single point of failure in cluster mode": the Redis primary is SIGKILLed in the
// middle of a vote burst. Real processes: a primary, one replica or two (as deploy/compose.yaml)
// and three Sentinels; two cluster nodes in this process on REDIS_URL=redis-sentinel://… with
// acks that wait for a replica.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicView } from '../../shared/domain/views';
import type { MeetingArchive } from '../../server/store/types';
import { congressSpec, openBallot, pairAll, randomOption, tally, type Option } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { hasWaitAof, REDIS_SERVER_BINARY, redisServerAvailable, serverVersion, WAITAOF_SERVER_BINARY, waitAofServerAvailable } from '../support/redis-server';
import { ackCommandCalls, redisCommand, startSentinelSet, type SentinelSet } from '../support/redis-sentinel';
import type { Socket } from 'socket.io-client';
import { connect, emitAck, emitOk, ViewLog, type Ack } from '../support/sockets';
import { startInProcessNode, type InProcessNode } from './in-process-node';
import { RoamingTablet } from './roaming-tablet';
import { expectReceiptsInRegister } from './receipts-in-register';

/**
 * Tablets in the hall: the 1,000 the issue asks for. Each scenario takes about 20 s alone on the
 * 2-core machine (30 s failed over twice; 2026-12-06, when the suite went from 200 to 1,000).
 * SENTINEL_FAILOVER_TABLETS=N runs another hall.
 */
const TABLETS = Number(process.env.SENTINEL_FAILOVER_TABLETS ?? 1000);
/** Casts spread over this window so that the kill lands in the middle of the burst (load shape, not an assertion). */
const BURST_SPREAD_MS = 1500;
/** The primary dies once this many casts have their receipt. */
const KILL_AFTER_ACKS = Math.floor(TABLETS / 5);
const ACK_TIMEOUT_MS = 1000;
/**
 * Before the kill, the primary's link to the replica is cut for this long, so the casts it takes
 * meanwhile are on the primary alone (localhost replication is otherwise too quick for a kill to
 * catch a write the replica lacks). An ack that did not wait for the replica is lost here.
 */
const UNREPLICATED_WINDOW_MS = 700;

/**
 * A console command sent again while the answer is retryable, as the console does (PROTOCOL.md
 * §7). A refused command may have landed ('unknown'), so a retry may find it done and be
 * refused as such: the wall's published result below is what the test checks.
 */
async function commandUntilDone(socket: Socket, event: 'presidium:closeBallot' | 'presidium:publishResult', payload: unknown): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const ack = await emitAck(socket, event, payload);
    if (ack.ok) return;
    const retryable = ['STORE_UNAVAILABLE', 'BUSY_RETRY'].includes(ack.code);
    if (!retryable && attempt > 1) return;
    if (!retryable || attempt >= 20) throw new Error(`${event} refused: ${ack.code} ${ack.message}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * In the second scenario, once the old primary is back as the replica, the primary stalls
 * (CLIENT PAUSE ALL) for longer than the Sentinels' down-after (1 s in tests), so they fail over
 * a second time. CI's load once stalled a promoted primary by itself, before the old one had
 * become its replica (settled() takes whichever ends up primary).
 */
const STALL_MS = 3000;

/**
 * On the machine's redis-server (Debian 12: 7.0, acks by WAIT), and on a server with WAITAOF
 * (Redis ≥ 7.2 as deploy/'s image, or Valkey), whose acks also wait for the AOF fsyncs.
 * With one replica, the promoted primary acks nothing until the old primary is back as its
 * replica: the test restarts it. With two, as deploy/compose.yaml runs, the other replica follows
 * the promoted primary and the burst ends with the old primary still dead.
 */
interface Scenario {
  title: string;
  binary: string | null;
  replicas: number;
  /** Once whole again, the primary stalls and the Sentinels fail over a second time. */
  stall: boolean;
}
const SCENARIOS: Scenario[] = [
  { replicas: 1, stall: false, binary: REDIS_SERVER_BINARY, title: `${serverVersion(REDIS_SERVER_BINARY)}, WAIT, 1 replica` },
  { replicas: 1, stall: true, binary: REDIS_SERVER_BINARY, title: `${serverVersion(REDIS_SERVER_BINARY)}, failed over twice` },
  ...(waitAofServerAvailable()
    ? [{ replicas: 2, stall: false, binary: WAITAOF_SERVER_BINARY, title: `${serverVersion(WAITAOF_SERVER_BINARY)}, WAITAOF, 2 replicas` }]
    : []),
];

describe.skipIf(!redisServerAvailable()).each(SCENARIOS)('the Redis primary killed (SIGKILL) in the middle of a vote burst, Sentinel failover on $title', ({ stall, binary, replicas }) => {
  let set: SentinelSet;
  const nodes: InProcessNode[] = [];
  const tablets: RoamingTablet[] = [];
  const closers: { close(): void }[] = [];

  beforeAll(async () => {
    set = await startSentinelSet({ binary, replicas });
    const url = set.url({ ackReplicas: 1, ackTimeoutMs: ACK_TIMEOUT_MS });
    for (let i = 0; i < 2; i++) nodes.push(await startInProcessNode(url, { store: { commandTimeoutMs: 3000 } }));
  }, 60_000);

  afterAll(async () => {
    for (const c of [...tablets, ...closers]) c.close();
    for (const node of nodes) await node.close();
    await set?.stop();
  }, 60_000);

  it('counts every acknowledged vote exactly once after a replica is promoted and the nodes follow it', async () => {
    const urls = nodes.map((n) => n.baseUrl);
    const http = new HttpClient(urls[0]!);
    const secretariat = await http.staffToken('secretariat');
    const presidiumToken = await http.staffToken('presidium');
    const meetingId = await http.createMeeting(secretariat, congressSpec(TABLETS));
    const paired = await pairAll(http, secretariat, meetingId);
    // Tablets split over the two nodes; neither node dies, so a tablet stays on its own.
    tablets.push(...paired.map((p, i) => new RoamingTablet(urls, p, i % 2)));
    await Promise.all(tablets.map((t) => t.connect()));

    const presidium = await connect(urls[1]!, { token: presidiumToken, meetingId });
    const link = await http.request<{ token: string }>('GET', `/api/meetings/${meetingId}/wall-link`, undefined, secretariat);
    const wallView = new ViewLog<PublicView>();
    const wall = await connect(urls[0]!, { token: link.body.token }, wallView);
    closers.push(presidium, wall);

    await Promise.all(tablets.map((t) => emitOk(t.socket!, 'delegate:signIn')));
    await emitOk(presidium, 'presidium:openSession');
    await emitOk(presidium, 'presidium:startItem', { itemId: 'item-1' });
    const ballotId = await openBallot(presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    await Promise.all(tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open')));

    const oldPrimary = await set.primary();
    const choices = new Map<string, Option>(tablets.map((t) => [t.seatId, randomOption()]));
    const answers = new Map<string, Ack>();
    let acks = 0;
    let killed: Promise<void> | null = null;
    let answeredBeforeKill = 0;

    const burst = Promise.all(
      tablets.map(async (t) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * BURST_SPREAD_MS)));
        const answer = await t.castUntilAnswered({ ballotId, idempotencyKey: `cast-key-${t.seatId}`, choice: { option: choices.get(t.seatId) } });
        answers.set(t.seatId, answer);
        if (!killed) answeredBeforeKill++;
        if (answer.ok && ++acks === KILL_AFTER_ACKS && !killed) {
          killed = (async () => {
            await set.cutReplication(oldPrimary);
            await new Promise((resolve) => setTimeout(resolve, UNREPLICATED_WINDOW_MS));
            await oldPrimary.kill('SIGKILL');
          })();
        }
      }),
    );
    // The tablets keep retrying (same keys) while the Sentinels promote a replica; a write is
    // acked again only once a replica has it. With two replicas the other one follows the
    // promoted primary and that is all: the old primary stays dead until the burst is over and
    // every count is checked. With one, the old primary comes back as the new replica (the
    // Sentinels turn it into one: the recovery the operations guide describes). Under load
    // the Sentinels may then take the new primary for down and fail over once more, to the old
    // one before it became a replica (seen in CI): no ack can have come from the new primary
    // without a replica, so the counts below must hold whichever server ends up primary.
    const recovered = (async () => {
      while (!killed) await new Promise((resolve) => setTimeout(resolve, 20));
      await killed;
      const promoted = await set.failedOverFrom(oldPrimary);
      if (replicas === 1) await oldPrimary.restart();
      const settled = await set.settled();
      if (!stall) return { promoted, stalled: null };
      // Whole again: now the primary stalls, and the Sentinels fail over once more.
      await redisCommand(settled.port, ['CLIENT', 'PAUSE', String(STALL_MS), 'ALL']);
      await set.failedOverFrom(settled);
      await set.settled();
      return { promoted, stalled: settled };
    })();
    await burst;
    const { promoted, stalled } = await recovered;

    // The kill really landed mid-burst, and the Sentinels moved the primary (and, stalled, away
    // from the one they had promoted).
    expect(answeredBeforeKill).toBeLessThan(TABLETS);
    expect(set.servers.slice(1)).toContain(promoted);
    // With two replicas, every answer came while the old primary was dead.
    if (replicas > 1) expect(oldPrimary.pid).toBeUndefined();
    if (stall) expect(await set.primary()).not.toBe(stalled);

    // Every tablet got a receipt in the end (a retry of a recorded cast gets the first one back).
    expect(tablets.map((t) => answers.get(t.seatId)).filter((a) => !a?.ok)).toEqual([]);
    for (const t of tablets) expect(answers.get(t.seatId)).toMatchObject({ ok: true, receipt: { ballotId, seatId: t.seatId } });

    await commandUntilDone(presidium, 'presidium:closeBallot', { ballotId });
    await commandUntilDone(presidium, 'presidium:publishResult', { ballotId });
    const published = await wallView.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'published', 'published');
    // The count is the independent tally of the acknowledged papers: none lost, none twice.
    expect(published.ballot?.result).toMatchObject({ voted: TABLETS, notVoted: 0, ...tally(choices.values()) });

    // The record: one register entry per delegate, holding the receipt that delegate was given.
    const exported = await http.request<MeetingArchive>('GET', `/api/meetings/${meetingId}/export`, undefined, secretariat);
    expectReceiptsInRegister(exported.body, ballotId, answers, TABLETS);

    // Both nodes report ready again on the new primary (store, notice channel and adapter).
    for (const url of urls) {
      await expect.poll(async () => (await fetch(`${url}/api/health`)).status, { timeout: 30_000, interval: 200 }).toBe(200);
    }
    // The promoted primary acked with the command its version has (WAITAOF from 7.2 on).
    const calls = await ackCommandCalls(promoted.port);
    expect(calls.waitaof > 0).toBe(binary !== null && hasWaitAof(binary));
  }, 240_000);
});
