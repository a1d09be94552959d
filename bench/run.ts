/**
 * `npm run bench`: Biaojue beside the bare Socket.IO transport, same N, same machine, same run.
 *
 *   npm run bench -- --delegates=3000 --rounds=3 [--targets=bare,file,cluster] [--workers=2] [--profile=DIR] [--hall-seats=3000]
 *
 * N above --hall-seats (default 3,000, the biggest hall) is split into several meetings running
 * at once (10,000 tablets: four halls of 2,500), each with its console and wall.
 *
 * Targets, each a fresh server process (or two, for the cluster) measured the same way:
 * - bare:    a Socket.IO server that only acknowledges (bench/bare-child.ts);
 * - file:    Biaojue embedded, file journal with fsync before every ack (bench/server-child.ts);
 * - cluster: two Biaojue nodes on a redis-server this script starts (AOF, appendfsync always),
 *            the tablets split between them, the wall on the second node.
 * Simulated tablets run in worker processes (bench/tablet-worker.ts), so the client side is not
 * the bottleneck. Per target it reports: sign-in time for N tablets (pair + connect + 签到),
 * the cast burst (casts/s, ack p50/p95/p99; an ack means durable), the ratio to the bare
 * transport, close → result visible on the wall, messages and bytes received by all clients per
 * ballot, and server RSS per tablet after a forced GC. Published counts are checked against the
 * casts sent; a mismatch fails the run. Figures are printed, never asserted (docs/BENCHMARKS.md).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { REDIS_SERVER_BINARY, startRedis } from '../tests/support/redis-server';
import { emitOk } from './client';
import { prepareHall, wallShowsResult, type StaffHall } from './hall';
import { startBareServer, startClusterNode, startFileServer, type BenchServer } from './servers';
import { summarize, table, type LatencySummary } from './stats';
import type { WorkerTablet } from './tablet-worker';
import { TabletWorkers } from './workers';

const OPTIONS = ['yes', 'no', 'abstain'] as const;
/** After the wall shows the result, trailing pushes (tablets' result views) still land. */
const SETTLE_MS = 500;

type TargetKind = 'bare' | 'file' | 'cluster';

interface RoundFigures {
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
  /** Of close→wall (the slowest hall): when the close was acked, when the publish was acked. */
  closeAckMs: number | null;
  publishAckMs: number | null;
  messages: number | null;
  /** Of `messages`, the pushes (not acks of the clients' own emits). */
  pushes: number | null;
  bytes: number | null;
}

interface TargetFigures {
  kind: TargetKind;
  n: number;
  signInMs: number;
  rssPerTabletBytes: number;
  /** The JS heap in use after a forced GC, per tablet: what is live, without pages V8 has not given back. */
  heapPerTabletBytes: number;
  /** Requests the tablets sent again on a retryable refusal (BUSY_RETRY …), sign-in and bursts. */
  retries: number;
  rounds: RoundFigures[];
}

function seatNumber(seatId: string): number {
  return Number(seatId.replace(/\D/g, ''));
}

async function startTarget(kind: TargetKind, cleanups: (() => Promise<void>)[]): Promise<BenchServer[]> {
  if (kind === 'bare') return [await startBareServer()];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'biaojue-bench-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  if (kind === 'file') return [await startFileServer(dataDir)];
  const redis = await startRedis({ appendonly: true });
  cleanups.push(() => redis.stop());
  return [await startClusterNode(redis.url, dataDir), await startClusterNode(redis.url, dataDir)];
}

/** The journal batches and fsyncs the file stores have made so far (0 for targets without one). */
async function journalWrites(servers: BenchServer[]): Promise<{ batches: number; fsyncs: number }> {
  const disks = (await Promise.all(servers.map((s) => s.stats()))).map((s) => s.disk);
  return { batches: disks.reduce((sum, d) => sum + (d?.batches ?? 0), 0), fsyncs: disks.reduce((sum, d) => sum + (d?.fsyncs ?? 0), 0) };
}

async function serverCpu(servers: BenchServer[]): Promise<number> {
  return (await Promise.all(servers.map((s) => s.cpuMicros()))).reduce((a, b) => a + b, 0);
}

async function memory(servers: BenchServer[]): Promise<{ rss: number; heap: number }> {
  const stats = await Promise.all(servers.map((s) => s.stats()));
  return { rss: stats.reduce((sum, s) => sum + s.rssBytes, 0), heap: stats.reduce((sum, s) => sum + s.heapUsedBytes, 0) };
}

async function checkPublished(hall: StaffHall, ballotId: string, tablets: WorkerTablet[]): Promise<void> {
  const expected = { yes: 0, no: 0, abstain: 0 };
  for (const t of tablets) expected[OPTIONS[seatNumber(t.seatId) % OPTIONS.length]!]++;
  const sync = await emitOk(hall.presidium, 'meeting:sync');
  const view = sync['view'] as { ballots: { ballotId: string; result: Partial<typeof expected> | null }[] };
  const result = view.ballots.find((b) => b.ballotId === ballotId)?.result;
  if (!result || result.yes !== expected.yes || result.no !== expected.no || result.abstain !== expected.abstain) {
    throw new Error(`ballot ${ballotId}: published ${JSON.stringify(result)} but cast ${JSON.stringify(expected)}`);
  }
}

/** Runs `phase` with every server's CPU profiler on when `--profile=DIR` was given. */
async function profiled<T>(servers: BenchServer[], dir: string | null, allocations: boolean, name: string, phase: () => Promise<T>): Promise<T> {
  if (!dir) return phase();
  await Promise.all(servers.map((s) => s.profileStart(allocations)));
  const result = await phase();
  const files = await Promise.all(servers.map((s, i) => s.profileStop(dir, `${name}-node${i + 1}`)));
  process.stderr.write(`  profile: ${files.join(', ')}\n`);
  return result;
}

/** The biggest hall one meeting holds by default (the NPC's); a larger N is several halls at once, as a city's street congresses on one cluster. */
const HALL_SEATS = 3000;

/** N split into halls of at most `hallSeats`, as evenly as possible. */
function hallSizes(n: number, hallSeats: number): number[] {
  const halls = Math.ceil(n / hallSeats);
  return Array.from({ length: halls }, (_, i) => Math.floor(n / halls) + (i < n % halls ? 1 : 0));
}

interface RunOptions {
  rounds: number;
  workers: number;
  hallSeats: number;
  profileDir: string | null;
  /** With profileDir: a sampling heap profile beside each CPU profile (`--heap-profile`). */
  allocations: boolean;
}

async function measure(kind: TargetKind, n: number, { rounds, workers: workerCount, hallSeats, profileDir, allocations }: RunOptions): Promise<TargetFigures> {
  const cleanups: (() => Promise<void>)[] = [];
  const servers = await startTarget(kind, cleanups);
  const phase = <T>(name: string, run: () => Promise<T>) => profiled(servers, profileDir, allocations, `${kind}-${name}`, run);
  const workers = TabletWorkers.start(workerCount);
  const halls: StaffHall[] = [];
  try {
    const urls = servers.map((s) => s.baseUrl);
    const baseline = await memory(servers);
    if (kind !== 'bare') {
      for (const [i, size] of hallSizes(n, hallSeats).entries()) halls.push(await prepareHall(urls[0]!, urls[urls.length - 1]!, size, i + 1));
    }
    // Tablets alternate between the nodes (target), whatever their hall.
    const tablets: WorkerTablet[] =
      halls.length > 0
        ? halls.flatMap((hall, h) => hall.codes.map(({ seatId, code }) => ({ seatId, code, hall: h, target: 0 }))).map((t, i) => ({ ...t, target: i }))
        : Array.from({ length: n }, (_, i) => ({ seatId: `s${i + 1}`, code: null, hall: 0, target: i }));

    process.stderr.write(`[${kind}] pairing and signing in ${n} tablets${halls.length > 1 ? ` in ${halls.length} halls` : ''}…\n`);
    const journalBefore = await journalWrites(servers);
    const signInStarted = performance.now();
    await phase('sign-in', () => workers.signIn(tablets, urls, kind === 'bare'));
    const signInMs = performance.now() - signInStarted;
    const journalAfter = await journalWrites(servers);
    // Issue 9: how many durable writes the sign-in cost (load-independent, unlike its seconds).
    process.stderr.write(`[${kind}] sign-in: ${journalAfter.batches - journalBefore.batches} journal batches, ${journalAfter.fsyncs - journalBefore.fsyncs} fsyncs\n`);
    const signedIn = await memory(servers);
    const rssPerTabletBytes = (signedIn.rss - baseline.rss) / n;
    const heapPerTabletBytes = (signedIn.heap - baseline.heap) / n;

    if (halls.length > 0) {
      const started = await Promise.all(
        halls.map(async (hall) => {
          await emitOk(hall.presidium, 'presidium:openSession');
          return Number((await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'bench' }))['version']);
        }),
      );
      await workers.atVersion(started);
    }
    const counters = halls.flatMap((hall) => hall.counters);
    const figures: RoundFigures[] = [];
    for (let round = 1; round <= rounds; round++) {
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
      const cpuBefore = await serverCpu(servers);
      const burst = await phase(`burst${round}`, () => workers.cast(ballotIds, round));
      const serverCpuPerCastUs = ((await serverCpu(servers)) - cpuBefore) / n;
      const burstMs = Number(burst.endedNs - burst.startedNs) / 1e6;
      let closeToWallMs: number | null = null;
      let closeAckMs: number | null = null;
      let publishAckMs: number | null = null;
      let messages: number | null = null;
      let pushes: number | null = null;
      let bytes: number | null = null;
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
        closeToWallMs = slowest.wall;
        closeAckMs = slowest.closed;
        publishAckMs = slowest.published;
        await sleep(SETTLE_MS);
        const counted = await workers.counts();
        messages = counted.messages + counters.reduce((sum, c) => sum + c.messages, 0);
        pushes = messages - counted.acks - counters.reduce((sum, c) => sum + c.acks, 0);
        bytes = counted.bytes + counters.reduce((sum, c) => sum + c.bytes, 0);
        for (const [h, hall] of halls.entries()) {
          await checkPublished(hall, ballotIds[h]!, tablets.filter((t) => t.hall === h));
        }
      }
      figures.push({
        round,
        burstMs,
        castsPerSecond: (n * 1000) / burstMs,
        serverCpuPerCastUs,
        latency: summarize(burst.latenciesMs),
        closeToWallMs,
        closeAckMs,
        publishAckMs,
        messages,
        pushes,
        bytes,
      });
      process.stderr.write(`[${kind}] round ${round} done\n`);
    }
    const { retries } = await workers.counts();
    return { kind, n, signInMs, rssPerTabletBytes, heapPerTabletBytes, retries, rounds: figures };
  } finally {
    workers.close();
    for (const hall of halls) hall.close();
    await Promise.all(servers.map((s) => s.stop().catch(() => {})));
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

function machine(): string {
  const cpus = os.cpus();
  return [
    `node ${process.version}`,
    `${os.availableParallelism()} CPUs (${cpus[0]?.model.trim() ?? 'unknown'})`,
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `${os.type()} ${os.release()}`,
  ].join(', ');
}

const fixed = (value: number | null, digits = 0) => (value === null ? '—' : value.toFixed(digits));

/** Steady state: the best round of each target (round 1 includes cold code paths). */
function best(target: TargetFigures): { castsPerSecond: number; p99: number } {
  return {
    castsPerSecond: Math.max(...target.rounds.map((r) => r.castsPerSecond)),
    p99: Math.min(...target.rounds.map((r) => r.latency.p99)),
  };
}

/** The server's least CPU per cast over the rounds (the steady state, as best()). */
function leastCpu(target: TargetFigures): number {
  return Math.min(...target.rounds.map((r) => r.serverCpuPerCastUs));
}

function report(targets: TargetFigures[], n: number, rounds: number, workers: number, load: [number, number]): string {
  const bare = targets.find((t) => t.kind === 'bare');
  const lines = [
    `Biaojue beside the bare Socket.IO transport: N = ${n}, ${rounds} rounds per target, ${workers} tablet worker processes`,
    machine(),
    `1-minute load average: ${load[0].toFixed(2)} before, ${load[1].toFixed(2)} after`,
    '',
    table(
      ['target', 'round', 'burst ms', 'casts/s', 'server CPU µs/cast', 'p50 ms', 'p95 ms', 'p99 ms', 'close→wall ms', '(close, publish acked)', 'msgs/ballot', 'pushes', 'KiB/ballot'],
      targets.flatMap((t) =>
        t.rounds.map((r) => [
          t.kind,
          String(r.round),
          fixed(r.burstMs, 1),
          fixed(r.castsPerSecond),
          fixed(r.serverCpuPerCastUs),
          fixed(r.latency.p50, 1),
          fixed(r.latency.p95, 1),
          fixed(r.latency.p99, 1),
          fixed(r.closeToWallMs, 1),
          r.closeAckMs === null ? '—' : `${fixed(r.closeAckMs, 1)}, ${fixed(r.publishAckMs, 1)}`,
          fixed(r.messages),
          fixed(r.pushes),
          r.bytes === null ? '—' : (r.bytes / 1024).toFixed(0),
        ]),
      ),
    ),
    '',
    table(
      ['target', `sign-in of ${n} s`, 'best casts/s', '× bare', 'least CPU µs/cast', 'bare ÷ it', 'best p99 ms', '× bare', 'msgs/ballot ÷ N', 'pushes ÷ N', 'RSS/tablet KB', 'heap/tablet KB', 'retries'],
      targets.map((t) => {
        const b = best(t);
        const ref = bare ? best(bare) : null;
        const msgs = t.rounds.map((r) => r.messages).filter((m): m is number => m !== null);
        const pushes = t.rounds.map((r) => r.pushes).filter((m): m is number => m !== null);
        return [
          t.kind,
          (t.signInMs / 1000).toFixed(1),
          b.castsPerSecond.toFixed(0),
          ref ? (b.castsPerSecond / ref.castsPerSecond).toFixed(2) : '—',
          leastCpu(t).toFixed(0),
          bare ? (leastCpu(bare) / leastCpu(t)).toFixed(2) : '—',
          b.p99.toFixed(1),
          ref ? (b.p99 / ref.p99).toFixed(2) : '—',
          msgs.length > 0 ? (Math.max(...msgs) / t.n).toFixed(2) : '—',
          pushes.length > 0 ? (Math.max(...pushes) / t.n).toFixed(2) : '—',
          (t.rssPerTabletBytes / 1000).toFixed(1),
          (t.heapPerTabletBytes / 1000).toFixed(1),
          String(t.retries),
        ];
      }),
    ),
  ];
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      delegates: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '3' },
      targets: { type: 'string', default: 'bare,file,cluster' },
      workers: { type: 'string', default: String(Math.max(2, os.availableParallelism())) },
      profile: { type: 'string' },
      'heap-profile': { type: 'boolean', default: false },
      'hall-seats': { type: 'string', default: String(HALL_SEATS) },
    },
  });
  const n = Number(values.delegates);
  const rounds = Number(values.rounds);
  const workers = Number(values.workers);
  if (!Number.isSafeInteger(n) || n < 1 || n > 20_000) throw new Error('--delegates must be 1–20000');
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error('--rounds must be ≥ 1');
  if (!Number.isSafeInteger(workers) || workers < 1) throw new Error('--workers must be ≥ 1');
  const kinds = values.targets.split(',').map((k) => k.trim()) as TargetKind[];
  for (const kind of kinds) if (!['bare', 'file', 'cluster'].includes(kind)) throw new Error(`unknown target ${kind}`);
  if (kinds.includes('cluster') && !REDIS_SERVER_BINARY) throw new Error('redis-server is not on PATH: needed for the cluster target');

  const loadBefore = os.loadavg()[0]!;
  const figures: TargetFigures[] = [];
  const profileDir = values.profile ? path.resolve(values.profile) : null;
  if (profileDir) await mkdir(profileDir, { recursive: true });
  const hallSeats = Number(values['hall-seats']);
  if (!Number.isSafeInteger(hallSeats) || hallSeats < 1 || hallSeats > 5000) throw new Error('--hall-seats must be 1–5000');
  for (const kind of kinds) figures.push(await measure(kind, n, { rounds, workers, hallSeats, profileDir, allocations: values['heap-profile'] === true }));
  process.stdout.write('\n' + report(figures, n, rounds, workers, [loadBefore, os.loadavg()[0]!]));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
