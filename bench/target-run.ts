/**
 * One benchmark target (bench/run.ts) from start to end: its servers and tablet workers, the
 * hall signed in once, then any number of rounds (open, burst, close → wall) run when the runner
 * asks, so the runner can interleave the rounds of several targets, each round of Biaojue right
 * after the bare transport's, in the same minute of the host's load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedisSetup, type RedisSetup } from './redis-setup';
import { pinProcess, type CpuPinning } from './cpu-pinning';
import { benchChoiceOf } from './bench-choice';
import { emitOk } from './client';
import { prepareHall, wallShowsResult, type StaffHall } from './hall';
import { startBareServer, startClusterNode, startFileServer, type BareGarbage, type BenchServer, type CpuTimes } from './servers';
import { summarize, type LatencySummary } from './stats';
import type { WorkerTablet } from './tablet-worker';
import { TabletWorkers } from './workers';

/** After the wall shows the result, trailing pushes (tablets' result views) still land. */
const SETTLE_MS = 500;

export type TargetKind = 'bare' | 'file' | 'cluster';

export interface RoundFigures {
  round: number;
  burstMs: number;
  castsPerSecond: number;
  latency: LatencySummary;
  closeToWallMs: number | null;
  /**
   * Server CPU (user + system, all nodes; not Redis's) during the burst ÷ N: what one cast costs
   * the server, apart from the simulated tablets on the same cores. The bare transport's burst is
   * bound by the tablets' CPU, Biaojue's by the server's; this compares the servers themselves.
   */
  serverCpuPerCastUs: number;
  /** Of that, the servers' main threads' CPU ÷ N (null where the OS does not tell): the rest is V8's helper threads and the store's sync thread. */
  serverMainCpuPerCastUs: number | null;
  /** Of that, the servers' main threads stopped for garbage collection during the burst ÷ N (GcPauses, bench/child-ipc.ts). */
  serverGcPausePerCastUs: number;
  /** Of close→wall (the slowest hall): when the close was acked, when the publish was acked. */
  closeAckMs: number | null;
  publishAckMs: number | null;
  messages: number | null;
  /** Of `messages`, the pushes (not acks of the clients' own emits). */
  pushes: number | null;
  /** Of `pushes`, those the tablets got: the 3·N of issue 9's ≤ 3·N + c (c: the console's and the wall's). */
  tabletPushes: number | null;
  bytes: number | null;
}

export interface TargetFigures {
  kind: TargetKind;
  n: number;
  signInMs: number;
  /**
   * Server CPU (all nodes, not Redis's) during the sign-in ÷ N, and of it the main threads' (null
   * where the OS does not tell): what one tablet's pairing, connection and 签到 cost the server,
   * apart from the simulated tablets' own CPU on the same cores.
   */
  signInCpuPerTabletUs: number;
  signInMainCpuPerTabletUs: number | null;
  rssPerTabletBytes: number;
  /**
   * RSS per tablet without what V8's young generation grew by: the young generation grows to its
   * set size while a hall signs in (32 MB semi-spaces: ~50 MB, ~16 KB a socket at 3,000 for the
   * bare transport), a fixed cost that RSS per tablet counts as if each tablet had brought it.
   */
  rssBesideYoungPerTabletBytes: number;
  /** The JS heap in use after a forced GC, per tablet: what is live, without pages V8 has not given back. */
  heapPerTabletBytes: number;
  /** Requests the tablets sent again on a retryable refusal (BUSY_RETRY …), sign-in and bursts. */
  retries: number;
  rounds: RoundFigures[];
}

export interface TargetOptions {
  workers: number;
  hallSeats: number;
  profileDir: string | null;
  /** With profileDir: a sampling heap profile beside each CPU profile (`--heap-profile`). */
  allocations: boolean;
  /** `--pin`: servers and tablets on CPUs of their own (bench/cpu-pinning.ts). */
  pinning: CpuPinning | null;
  /** `--bare-garbage`: the bare server allocates this much per ack (a calibration, bench/bare-child.ts). */
  bareGarbage: BareGarbage | null;
  /** `--pending-snapshots`: the embedded server writes heap snapshots of its pending casts here (bench/pending-snapshots.ts). */
  pendingSnapshotsDir: string | null;
  /** `--redis`: what the cluster runs on (bench/redis-setup.ts). */
  redis: RedisSetup;
  /**
   * `--between-ballots`: ms each server is left idle before each round after the first. 0 runs
   * the ballots back to back; a hall's are minutes apart, and a server left idle goes cold
   * (V8's memory reducer collects and shrinks the heap, code and caches go cold).
   */
  betweenBallotsMs: number;
}

/** How a target names itself in progress lines and profile files: its kind, and for a bare transport what it runs beside. */
export interface TargetName {
  kind: TargetKind;
  name: string;
}

/** N split into halls of at most `hallSeats`, as evenly as possible. */
function hallSizes(n: number, hallSeats: number): number[] {
  const halls = Math.ceil(n / hallSeats);
  return Array.from({ length: halls }, (_, i) => Math.floor(n / halls) + (i < n % halls ? 1 : 0));
}

async function startServers(kind: TargetKind, cleanups: (() => Promise<void>)[], { pinning, bareGarbage, pendingSnapshotsDir, redis: setup }: TargetOptions): Promise<BenchServer[]> {
  const pinned = (server: BenchServer) => {
    if (pinning) pinProcess(server.pid, pinning.servers);
    return server;
  };
  if (kind === 'bare') return [pinned(await startBareServer(bareGarbage))];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'biaojue-bench-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  if (kind === 'file') return [pinned(await startFileServer(dataDir, pendingSnapshotsDir))];
  const redis = await startRedisSetup(setup);
  cleanups.push(() => redis.stop());
  if (pinning) for (const pid of redis.pids) pinProcess(pid, pinning.servers);
  return [pinned(await startClusterNode(redis.url, dataDir)), pinned(await startClusterNode(redis.url, dataDir))];
}

/** The sum over the servers of one of their figures. */
function sumOf<T>(items: readonly T[], figure: (item: T) => number): number {
  return items.reduce((sum, item) => sum + figure(item), 0);
}

/** The journal batches and fsyncs the file stores have made so far (0 for targets without one). */
async function journalWrites(servers: BenchServer[]): Promise<{ batches: number; fsyncs: number }> {
  const disks = await Promise.all(servers.map((s) => s.disk()));
  return { batches: sumOf(disks, (d) => d?.batches ?? 0), fsyncs: sumOf(disks, (d) => d?.fsyncs ?? 0) };
}

/** CPU time, main threads' CPU time and GC pauses (µs) all of the servers have used so far. */
async function serverCpu(servers: BenchServer[]): Promise<CpuTimes> {
  const times = await Promise.all(servers.map((s) => s.cpuTimes()));
  return {
    micros: sumOf(times, (t) => t.micros),
    mainMicros: times.some((t) => t.mainMicros === null) ? null : sumOf(times, (t) => t.mainMicros ?? 0),
    gcMicros: sumOf(times, (t) => t.gcMicros),
  };
}

async function memory(servers: BenchServer[]): Promise<{ rss: number; heap: number; young: number }> {
  const stats = await Promise.all(servers.map((s) => s.stats()));
  return { rss: sumOf(stats, (s) => s.rssBytes), heap: sumOf(stats, (s) => s.heapUsedBytes), young: sumOf(stats, (s) => s.youngGenerationBytes) };
}

/** Throws unless the published result of `ballotId` counts exactly the papers the benchmark's tablets cast. */
export async function checkPublished(hall: Pick<StaffHall, 'presidium'>, ballotId: string, tablets: WorkerTablet[]): Promise<void> {
  const expected = { yes: 0, no: 0, abstain: 0 };
  for (const t of tablets) expected[benchChoiceOf(t.seatId)]++;
  const sync = await emitOk(hall.presidium, 'meeting:sync');
  const view = sync['view'] as { ballots: { ballotId: string; result: Partial<typeof expected> | null }[] };
  const result = view.ballots.find((b) => b.ballotId === ballotId)?.result;
  if (!result || result.yes !== expected.yes || result.no !== expected.no || result.abstain !== expected.abstain) {
    throw new Error(`ballot ${ballotId}: published ${JSON.stringify(result)} but cast ${JSON.stringify(expected)}`);
  }
}

/** Runs `phase` with every server's CPU profiler on when `--profile=DIR` was given. */
async function profiled<T>(servers: BenchServer[], options: TargetOptions, name: string, phase: () => Promise<T>): Promise<T> {
  if (!options.profileDir) return phase();
  await Promise.all(servers.map((s) => s.profileStart(options.allocations)));
  const result = await phase();
  const files = await Promise.all(servers.map((s, i) => s.profileStop(options.profileDir!, `${name}-node${i + 1}`)));
  process.stderr.write(`  profile: ${files.join(', ')}\n`);
  return result;
}

export class TargetRun {
  private readonly rounds: RoundFigures[] = [];

  private constructor(
    private readonly target: TargetName,
    private readonly n: number,
    private readonly options: TargetOptions,
    private readonly servers: BenchServer[],
    private readonly workers: TabletWorkers,
    private readonly halls: StaffHall[],
    private readonly tablets: WorkerTablet[],
    private readonly signedIn: Pick<
      TargetFigures,
      'signInMs' | 'signInCpuPerTabletUs' | 'signInMainCpuPerTabletUs' | 'rssPerTabletBytes' | 'rssBesideYoungPerTabletBytes' | 'heapPerTabletBytes'
    >,
    private readonly cleanups: (() => Promise<void>)[],
  ) {}

  /** Starts the target's servers and workers and signs the whole hall in (the session open, the item started). */
  static async start({ kind, name }: TargetName, n: number, options: TargetOptions): Promise<TargetRun> {
    const cleanups: (() => Promise<void>)[] = [];
    let servers: BenchServer[] = [];
    let workers: TabletWorkers | null = null;
    const halls: StaffHall[] = [];
    try {
      servers = await startServers(kind, cleanups, options);
      workers = TabletWorkers.start(options.workers);
      if (options.pinning) for (const pid of workers.pids) pinProcess(pid, options.pinning.clients);
      const urls = servers.map((s) => s.baseUrl);
      const baseline = await memory(servers);
      if (kind !== 'bare') {
        for (const [i, size] of hallSizes(n, options.hallSeats).entries()) halls.push(await prepareHall(urls[0]!, urls[urls.length - 1]!, size, i + 1));
      }
      // Tablets alternate between the nodes (target), whatever their hall.
      const tablets: WorkerTablet[] =
        halls.length > 0
          ? halls.flatMap((hall, h) => hall.codes.map(({ seatId, code }) => ({ seatId, code, hall: h, target: 0 }))).map((t, i) => ({ ...t, target: i }))
          : Array.from({ length: n }, (_, i) => ({ seatId: `s${i + 1}`, code: null, hall: 0, target: i }));

      process.stderr.write(`[${name}] pairing and signing in ${n} tablets${halls.length > 1 ? ` in ${halls.length} halls` : ''}…\n`);
      const journalBefore = await journalWrites(servers);
      for (const hall of halls) hall.consoleCounter.reset();
      const cpuBefore = await serverCpu(servers);
      const signInStarted = performance.now();
      const signingIn = workers;
      await profiled(servers, options, `${name}-sign-in`, () => signingIn.signIn(tablets, urls, kind === 'bare'));
      const signInMs = performance.now() - signInStarted;
      const cpuAfter = await serverCpu(servers);
      const journalAfter = await journalWrites(servers);
      // Issue 9: how many durable writes the sign-in cost (load-independent, unlike its seconds).
      process.stderr.write(`[${name}] sign-in: ${journalAfter.batches - journalBefore.batches} journal batches, ${journalAfter.fsyncs - journalBefore.fsyncs} fsyncs${consoleTraffic(halls)}\n`);
      const after = await memory(servers);

      if (halls.length > 0) {
        const started = await Promise.all(
          halls.map(async (hall) => {
            await emitOk(hall.presidium, 'presidium:openSession');
            return Number((await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'bench' }))['version']);
          }),
        );
        await workers.atVersion(started);
      }
      const signedIn = {
        signInMs,
        signInCpuPerTabletUs: (cpuAfter.micros - cpuBefore.micros) / n,
        signInMainCpuPerTabletUs: cpuAfter.mainMicros === null || cpuBefore.mainMicros === null ? null : (cpuAfter.mainMicros - cpuBefore.mainMicros) / n,
        rssPerTabletBytes: (after.rss - baseline.rss) / n,
        rssBesideYoungPerTabletBytes: (after.rss - after.young - (baseline.rss - baseline.young)) / n,
        heapPerTabletBytes: (after.heap - baseline.heap) / n,
      };
      return new TargetRun({ kind, name }, n, options, servers, workers, halls, tablets, signedIn, cleanups);
    } catch (err) {
      await stopAll(servers, workers, halls, cleanups);
      throw err;
    }
  }

  /** One ballot: opened, every tablet casting at once, then (Biaojue) closed and published, counts checked. */
  async round(round: number): Promise<RoundFigures> {
    const { halls, workers, servers, n } = this;
    const { name } = this.target;
    const phase = <T>(step: string, run: () => Promise<T>) => profiled(servers, this.options, `${name}-${step}`, run);
    const counters = halls.flatMap((hall) => hall.counters);
    if (round > 1 && this.options.betweenBallotsMs > 0) await new Promise((resolve) => setTimeout(resolve, this.options.betweenBallotsMs));
    await workers.resetCounts();
    for (const counter of counters) counter.reset();
    let ballotIds = [`bare-${round}`];
    if (halls.length > 0) {
      const opened = await Promise.all(
        halls.map((hall) => emitOk(hall.presidium, 'presidium:openBallot', { itemId: 'bench', title: `基准测试第${round}轮` })),
      );
      ballotIds = opened.map((ack) => String(ack['ballotId']));
      // Delegates press once their tablet shows the ballot: the burst starts when every one does.
      await workers.atVersion(opened.map((ack) => Number(ack['version'])));
    }
    const journalBefore = await journalWrites(servers);
    const cpuBefore = await serverCpu(servers);
    const burst = await phase(`burst${round}`, () => workers.cast(ballotIds, round));
    const cpuAfter = await serverCpu(servers);
    const serverCpuPerCastUs = (cpuAfter.micros - cpuBefore.micros) / n;
    const serverMainCpuPerCastUs = cpuAfter.mainMicros === null || cpuBefore.mainMicros === null ? null : (cpuAfter.mainMicros - cpuBefore.mainMicros) / n;
    const serverGcPausePerCastUs = (cpuAfter.gcMicros - cpuBefore.gcMicros) / n;
    const journalAfter = await journalWrites(servers);
    // How the burst's votes were grouped into durable writes (group commit: fewer is cheaper, not faster).
    if (journalAfter.fsyncs > journalBefore.fsyncs) {
      process.stderr.write(`[${name}] burst ${round}: ${journalAfter.batches - journalBefore.batches} journal batches, ${journalAfter.fsyncs - journalBefore.fsyncs} fsyncs\n`);
    }
    const burstMs = Number(burst.endedNs - burst.startedNs) / 1e6;
    const figures: RoundFigures = {
      round,
      burstMs,
      castsPerSecond: (n * 1000) / burstMs,
      serverCpuPerCastUs,
      serverMainCpuPerCastUs,
      serverGcPausePerCastUs,
      latency: summarize(burst.latenciesMs),
      closeToWallMs: null,
      closeAckMs: null,
      publishAckMs: null,
      messages: null,
      pushes: null,
      tabletPushes: null,
      bytes: null,
    };
    if (halls.length > 0) {
      // Every hall closes and publishes at once; the slowest wall counts.
      const walls = await phase(`close${round}`, () =>
        Promise.all(
          halls.map(async (hall, h) => {
            const ballotId = ballotIds[h]!;
            const shown = wallShowsResult(hall.wall, ballotId);
            const closing = performance.now();
            await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
            const closed = performance.now() - closing;
            await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
            const published = performance.now() - closing;
            await shown;
            return { wall: performance.now() - closing, closed, published };
          }),
        ),
      );
      const slowest = walls.reduce((a, b) => (b.wall > a.wall ? b : a));
      figures.closeToWallMs = slowest.wall;
      figures.closeAckMs = slowest.closed;
      figures.publishAckMs = slowest.published;
      await sleep(SETTLE_MS);
      const counted = await workers.counts();
      figures.messages = counted.messages + counters.reduce((sum, c) => sum + c.messages, 0);
      figures.pushes = figures.messages - counted.acks - counters.reduce((sum, c) => sum + c.acks, 0);
      figures.tabletPushes = counted.messages - counted.acks;
      figures.bytes = counted.bytes + counters.reduce((sum, c) => sum + c.bytes, 0);
      for (const [h, hall] of halls.entries()) {
        await checkPublished(hall, ballotIds[h]!, this.tablets.filter((t) => t.hall === h));
      }
    }
    this.rounds.push(figures);
    process.stderr.write(`[${name}] round ${round} done\n`);
    return figures;
  }

  /** CPU time (µs) all of this target's server processes have used so far. */
  async cpuMicros(): Promise<number> {
    return (await serverCpu(this.servers)).micros;
  }

  /** Everything measured so far, with the tablets' retries. */
  async figures(): Promise<TargetFigures> {
    const { retries } = await this.workers.counts();
    return { kind: this.target.kind, n: this.n, ...this.signedIn, retries, rounds: [...this.rounds] };
  }

  async stop(): Promise<void> {
    await stopAll(this.servers, this.workers, this.halls, this.cleanups);
  }
}

async function stopAll(servers: BenchServer[], workers: TabletWorkers | null, halls: StaffHall[], cleanups: (() => Promise<void>)[]): Promise<void> {
  workers?.close();
  for (const hall of halls) hall.close();
  await Promise.all(servers.map((s) => s.stop().catch(() => {})));
  for (const cleanup of cleanups.reverse()) await cleanup();
}

/** What the consoles were sent while the hall signed in (docs/PROTOCOL.md §5: only the seats that changed). */
function consoleTraffic(halls: readonly StaffHall[]): string {
  if (halls.length === 0) return '';
  const messages = halls.reduce((sum, hall) => sum + hall.consoleCounter.messages, 0);
  const bytes = halls.reduce((sum, hall) => sum + hall.consoleCounter.bytes, 0);
  return `; the console${halls.length > 1 ? 's' : ''}: ${messages} messages, ${Math.round(bytes / 1024)} KiB`;
}
