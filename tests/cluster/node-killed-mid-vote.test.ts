import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, PublicView } from '../../shared/domain/views';
import type { MeetingArchive } from '../../server/store/types';
import { killHard } from '../support/child-server';
import { congressSpec, openBallot, pairAll, randomOption, tally, type Option } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { redisServerAvailable } from '../support/redis-server';
import { connect, emitOk, ViewLog, type Ack } from '../support/sockets';
import { startCluster, type TestCluster } from './cluster-nodes';
import { RoamingTablet } from './roaming-tablet';
import { TurnoutLog } from './turnout-log';
import { expectReceiptsInRegister } from './receipts-in-register';

const DELEGATES = 120;
/** Casts spread over this window so that the kill lands in the middle of the burst (load shape, not an assertion). */
const BURST_SPREAD_MS = 600;
/** The node dies once this many of its own tablets have their receipt. */
const KILL_AFTER_ACKS = 15;

describe.skipIf(!redisServerAvailable())('a cluster node killed (SIGKILL) in the middle of a vote burst', () => {
  // Three nodes: the doomed one, and two survivors whose screens must both agree with the store.
  let cluster: TestCluster;
  const tablets: RoamingTablet[] = [];
  const closers: { close(): void }[] = [];

  beforeAll(async () => {
    cluster = await startCluster(3);
  });

  afterAll(async () => {
    for (const c of [...tablets, ...closers]) c.close();
    await cluster?.stop();
  });

  it('counts every acknowledged cast once, gets every other one through, and every survivor shows the store\u2019s turnout while the ballot is open', async () => {
    const [doomed, survivor, other] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const urls = [doomed.baseUrl, survivor.baseUrl, other.baseUrl];
    const http = new HttpClient(survivor.baseUrl);
    const secretariat = await http.staffToken('secretariat');
    const presidiumToken = await http.staffToken('presidium');
    const meetingId = await http.createMeeting(secretariat, congressSpec(DELEGATES));
    const paired = await pairAll(http, secretariat, meetingId);
    tablets.push(...paired.map((p, i) => new RoamingTablet(urls, p, i % 3)));
    await Promise.all(tablets.map((t) => t.connect()));

    const consoleView = new ViewLog<ConsoleView>();
    const presidium = await connect(survivor.baseUrl, { token: presidiumToken, meetingId }, consoleView);
    const link = await http.request<{ token: string }>('GET', `/api/meetings/${meetingId}/wall-link`, undefined, secretariat);
    const wallView = new ViewLog<PublicView>();
    const wall = await connect(survivor.baseUrl, { token: link.body.token }, wallView);
    // The other survivor's console and wall, each watching the turnout of the ballot.
    const otherConsole = await connect(other.baseUrl, { token: presidiumToken, meetingId });
    const otherWall = await connect(other.baseUrl, { token: link.body.token });
    closers.push(presidium, wall, otherConsole, otherWall);

    await Promise.all(tablets.map((t) => emitOk(t.socket!, 'delegate:signIn')));
    await consoleView.waitFor((v) => v.attendance.present === DELEGATES, 'everyone present');
    await emitOk(presidium, 'presidium:openSession');
    await emitOk(presidium, 'presidium:startItem', { itemId: 'item-1' });
    const ballotId = await openBallot(presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    await Promise.all(tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open')));
    const screens = [presidium, wall, otherConsole, otherWall].map((socket) => new TurnoutLog(socket, ballotId));

    const onDoomedNode = new Set(tablets.filter((_, i) => i % 3 === 0).map((t) => t.seatId));
    const choices = new Map<string, Option>(tablets.map((t) => [t.seatId, randomOption()]));
    const answers = new Map<string, Ack>();
    let doomedAcks = 0;
    let killed: Promise<void> | null = null;
    let ackedBeforeKill = 0;

    await Promise.all(
      tablets.map(async (t) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * BURST_SPREAD_MS)));
        const answer = await t.castUntilAnswered({ ballotId, idempotencyKey: `cast-key-${t.seatId}`, choice: { option: choices.get(t.seatId) } });
        answers.set(t.seatId, answer);
        if (!killed) ackedBeforeKill++;
        if (answer.ok && onDoomedNode.has(t.seatId) && ++doomedAcks === KILL_AFTER_ACKS && !killed) killed = killHard(doomed);
      }),
    );
    await killed;

    // The kill really landed mid-burst: some casts were answered before it, and tablets moved.
    expect(doomed.process.signalCode).toBe('SIGKILL');
    expect(ackedBeforeKill).toBeLessThan(DELEGATES);
    expect(tablets.filter((t) => onDoomedNode.has(t.seatId)).some((t) => t.failovers > 0)).toBe(true);

    // Every delegate got a receipt (a retry of a recorded cast gets the first one back).
    const refused = tablets.map((t) => answers.get(t.seatId)).filter((a) => !a?.ok);
    expect(refused).toEqual([]);
    for (const t of tablets) expect(answers.get(t.seatId)).toMatchObject({ ok: true, receipt: { ballotId, seatId: t.seatId } });

    // While the ballot is still open, every survivor's consoles and walls show the store's
    // turnout (every delegate has a receipt, so the register holds all of them)…
    const open = await http.request<MeetingArchive>('GET', `/api/meetings/${meetingId}/export`, undefined, secretariat);
    const stored = open.body.votes.participations.filter((p) => p.ballotId === ballotId).length;
    expect(stored).toBe(DELEGATES);
    await Promise.all(screens.map((screen, i) => screen.waitFor(stored, `screen ${i} of a survivor`)));
    // …never having gone back on the way, and a wall that reconnects starts from that figure.
    for (const screen of screens) {
      for (let i = 1; i < screen.shown.length; i++) expect(screen.shown[i]).toBeGreaterThanOrEqual(screen.shown[i - 1]!);
    }
    otherWall.close();
    const reconnected = new ViewLog<PublicView>();
    closers.push(await connect(other.baseUrl, { token: link.body.token }, reconnected));
    expect((await reconnected.waitFor((v) => v.ballot?.ballotId === ballotId, 'the reconnected wall')).ballot?.voted).toBe(stored);

    await emitOk(presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(presidium, 'presidium:publishResult', { ballotId });
    const published = await wallView.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'published', 'published');
    expect(published.ballot?.result).toMatchObject({ voted: DELEGATES, notVoted: 0, ...tally(choices.values()) });

    // The record: one register entry per delegate, holding the receipt that delegate was given.
    const exported = await http.request<MeetingArchive>('GET', `/api/meetings/${meetingId}/export`, undefined, secretariat);
    expectReceiptsInRegister(exported.body, ballotId, answers, DELEGATES);
  });
});
