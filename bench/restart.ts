/**
 * The embedded server killed (SIGKILL) in the middle of a hall's vote and started again on the
 * same data directory and port, as an operator restarts it after a crash or a power cut:
 * - how long the new process takes to open its journal and listen;
 * - how long from the kill until every tablet's vote is acknowledged (a vote that was in flight
 *   is sent again and recorded once, or answered from the journal with its first receipt), and
 *   until every tablet has reconnected by itself;
 * - that the published count is exactly the papers the hall cast (nothing lost, nothing twice);
 * - one more ballot after it, beside the ballot before the kill.
 *
 *   npx tsx bench/restart.ts [--delegates=3000] [--workers=2] [--kill-after-batches=4]
 *
 * `--kill-after-batches=K`: the kill comes once K of the burst's journal batches are durable
 * (asked of the server as the burst goes; a batch holds up to 256 votes), so part of the hall
 * has its acks and the rest is in flight, whatever the machine's speed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { emitOk } from './client';
import { prepareHall, reconnectPresidium } from './hall';
import { startFileServer, type BenchServer } from './servers';
import { summarize, table } from './stats';
import { checkPublished } from './target-run';
import type { WorkerTablet } from './tablet-worker';
import { TabletWorkers, type CastBurst } from './workers';

/** Guards against a hang; not a measurement (the tablets' pauses between tries reach 2 s, shared/protocol/reconnect-pause.ts). */
const BACK_WAIT_MS = 120_000;

interface BallotFigures {
  label: string;
  burstMs: number;
  p50: number;
  p99: number;
  max: number;
}

function figuresOf(label: string, burst: CastBurst): BallotFigures {
  const { p50, p99, max } = summarize(burst.latenciesMs);
  return { label, burstMs: Number(burst.endedNs - burst.startedNs) / 1e6, p50, p99, max };
}

/** Opens a ballot and waits until every tablet shows it (delegates press only then); its id. */
async function openBallot(presidium: Socket, workers: TabletWorkers, round: number): Promise<string> {
  const opened = await emitOk(presidium, 'presidium:openBallot', { itemId: 'bench', title: `重启测试第${round}轮` });
  await workers.atVersion([Number(opened['version'])]);
  return String(opened['ballotId']);
}

/**
 * Resolves once the server has made `batches` journal batches durable since it started, or once
 * `done` has settled (a burst of fewer batches: nothing left to cut).
 */
async function durableBatches(server: BenchServer, batches: number, done: Promise<unknown>): Promise<void> {
  let settled = false;
  void done.finally(() => (settled = true)).catch(() => {});
  while (!settled && ((await server.disk())?.batches ?? 0) < batches);
}

/** Closes and publishes the ballot, then checks the published count against the papers cast. */
async function closeAndCheck(presidium: Socket, ballotId: string, tablets: WorkerTablet[]): Promise<void> {
  await emitOk(presidium, 'presidium:closeBallot', { ballotId });
  await emitOk(presidium, 'presidium:publishResult', { ballotId });
  await checkPublished({ presidium }, ballotId, tablets);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      delegates: { type: 'string', default: '3000' },
      workers: { type: 'string', default: String(Math.max(2, os.availableParallelism())) },
      'kill-after-batches': { type: 'string', default: '4' },
    },
  });
  const n = Number(values.delegates);
  const workerCount = Number(values.workers);
  const killAfterBatches = Number(values['kill-after-batches']);
  if (!Number.isSafeInteger(n) || n < 1 || n > 3000) throw new Error('--delegates must be 1–3000 (one hall)');
  if (!Number.isSafeInteger(workerCount) || workerCount < 1) throw new Error('--workers must be ≥ 1');
  if (!Number.isSafeInteger(killAfterBatches) || killAfterBatches < 1) throw new Error('--kill-after-batches must be ≥ 1');

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'biaojue-restart-'));
  let server: BenchServer | null = null;
  let workers: TabletWorkers | null = null;
  let presidium: Socket | null = null;
  try {
    const firstStart = performance.now();
    server = await startFileServer(dataDir);
    const firstReadyMs = performance.now() - firstStart;
    const firstCpu = await server.cpuTimes();
    const port = Number(new URL(server.baseUrl).port);
    workers = TabletWorkers.start(workerCount);
    const hall = await prepareHall(server.baseUrl, server.baseUrl, n);
    hall.wall.close();
    presidium = hall.presidium;
    const tablets: WorkerTablet[] = hall.codes.map(({ seatId, code }) => ({ seatId, code, hall: 0, target: 0 }));
    process.stderr.write(`pairing and signing in ${n} tablets…\n`);
    const signInStarted = performance.now();
    await workers.signIn(tablets, [server.baseUrl], false);
    const signInMs = performance.now() - signInStarted;
    await emitOk(presidium, 'presidium:openSession');
    const started = await emitOk(presidium, 'presidium:startItem', { itemId: 'bench' });
    await workers.atVersion([Number(started['version'])]);

    // A ballot as usual, to compare with.
    const before = await openBallot(presidium, workers, 1);
    const ballotBefore = figuresOf('before the kill', await workers.cast([before], 1));
    await closeAndCheck(presidium, before, tablets);

    // The ballot whose burst the kill cuts.
    const cut = await openBallot(presidium, workers, 2);
    const { retries: retriesBefore } = await workers.counts();
    const batchesBefore = (await server.disk())?.batches ?? 0;
    const casting = workers.cast([cut], 2).then((burst) => ({ burst, doneAt: performance.now() }));
    const burstStarted = performance.now();
    await durableBatches(server, batchesBefore + killAfterBatches, casting);
    process.kill(server.pid, 'SIGKILL');
    const killedAt = performance.now();
    presidium.close();
    presidium = null;
    await server.stop(); // the child has exited
    process.stderr.write(`killed the server ${Math.round(killedAt - burstStarted)} ms into the burst; starting it again on port ${port}…\n`);
    const restarting = performance.now();
    server = await startFileServer(dataDir, null, port);
    const readyMs = performance.now() - restarting;
    const cpuAtReady = await server.cpuTimes();
    const { burst: cutBurst, doneAt } = await casting;
    const allAckedMs = doneAt - killedAt;
    const cpuAllAcked = await server.cpuTimes();
    // A tablet that had its ack before the kill sends nothing again: it may still be reconnecting.
    const backBy = performance.now() + BACK_WAIT_MS;
    while ((await workers.connected()) < n) {
      if (performance.now() > backBy) throw new Error(`not every tablet reconnected within ${BACK_WAIT_MS / 1000} s of the restart`);
      await sleep(50);
    }
    const allBackMs = performance.now() - killedAt;
    const { retries } = await workers.counts();
    // Emits left the workers within a few ms of burstStarted: a vote acknowledged within the time
    // to the kill was acknowledged by the old process (its paper is in the journal the new one replays).
    const ackedBeforeKill = cutBurst.latenciesMs.filter((ms) => ms < killedAt - burstStarted).length;
    presidium = await reconnectPresidium(server.baseUrl, hall.meetingId);
    await closeAndCheck(presidium, cut, tablets);

    // The hall goes on.
    const after = await openBallot(presidium, workers, 3);
    const ballotAfter = figuresOf('after the restart', await workers.cast([after], 3));
    await closeAndCheck(presidium, after, tablets);

    const ms = (x: number) => x.toFixed(1);
    const lines = [
      '',
      `The embedded server killed in a burst and started again: N = ${n}, ${workerCount} tablet worker processes`,
      `node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
      `sign-in of ${n}: ${(signInMs / 1000).toFixed(1)} s`,
      '',
      table(
        ['after the kill', 'ms'],
        [
          ['the kill, into the burst', ms(killedAt - burstStarted)],
          ['new process listening (journal opened)', ms(readyMs)],
          ['(the first start, on an empty directory)', ms(firstReadyMs)],
          ['every vote acknowledged, from the kill', allAckedMs > 0 ? ms(allAckedMs) : 'all before it'],
          ['every tablet connected again, from the kill', ms(allBackMs)],
        ],
      ),
      '',
      `votes acknowledged before the kill: ${ackedBeforeKill} of ${n}; requests sent again and reconnections: ${retries - retriesBefore}`,
      `the new process's CPU: ${ms(cpuAtReady.micros / 1000)} ms to listen (the first start's ${ms(firstCpu.micros / 1000)}), ${ms((cpuAllAcked.micros - cpuAtReady.micros) / 1000)} ms more until every vote was acknowledged (main thread ${cpuAllAcked.mainMicros === null || cpuAtReady.mainMicros === null ? '—' : ms((cpuAllAcked.mainMicros - cpuAtReady.mainMicros) / 1000)} ms)`,
      'published counts of the three ballots: each exactly the papers cast (checked)',
      '',
      table(
        ['ballot', 'burst ms', 'p50 ms', 'p99 ms', 'slowest ms'],
        [ballotBefore, figuresOf('cut by the kill (emit → ack)', cutBurst), ballotAfter].map((b) => [b.label, ms(b.burstMs), ms(b.p50), ms(b.p99), ms(b.max)]),
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    presidium?.close();
    workers?.close();
    await server?.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
