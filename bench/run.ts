/**
 * `npm run bench`: Biaojue beside the bare Socket.IO transport, same N, same machine, same run.
 *
 *   npm run bench -- --delegates=3000 --rounds=3 [--targets=bare,file,cluster] [--workers=2]
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
import { mkdtemp, rm } from 'node:fs/promises';
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
  messages: number | null;
  bytes: number | null;
}

interface TargetFigures {
  kind: TargetKind;
  n: number;
  signInMs: number;
  rssPerTabletBytes: number;
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

async function totalRss(servers: BenchServer[]): Promise<number> {
  const stats = await Promise.all(servers.map((s) => s.stats()));
  return stats.reduce((sum, s) => sum + s.rssBytes, 0);
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

async function measure(kind: TargetKind, n: number, rounds: number, workerCount: number): Promise<TargetFigures> {
  const cleanups: (() => Promise<void>)[] = [];
  const servers = await startTarget(kind, cleanups);
  const workers = TabletWorkers.start(workerCount);
  let hall: StaffHall | null = null;
  try {
    const urls = servers.map((s) => s.baseUrl);
    const baseline = await totalRss(servers);
    if (kind !== 'bare') hall = await prepareHall(urls[0]!, urls[urls.length - 1]!, n);
    const tablets: WorkerTablet[] = hall
      ? hall.codes.map(({ seatId, code }, i) => ({ seatId, code, target: i }))
      : Array.from({ length: n }, (_, i) => ({ seatId: `s${i + 1}`, code: null, target: i }));

    process.stderr.write(`[${kind}] pairing and signing in ${n} tablets…\n`);
    const signInStarted = performance.now();
    await workers.signIn(tablets, urls, kind === 'bare');
    const signInMs = performance.now() - signInStarted;
    const rssPerTabletBytes = ((await totalRss(servers)) - baseline) / n;

    if (hall) {
      await emitOk(hall.presidium, 'presidium:openSession');
      await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'bench' });
    }
    const figures: RoundFigures[] = [];
    for (let round = 1; round <= rounds; round++) {
      await workers.resetCounts();
      for (const counter of hall?.counters ?? []) counter.reset();
      const ballotId = hall
        ? String((await emitOk(hall.presidium, 'presidium:openBallot', { itemId: 'bench', title: `基准测试第${round}轮` }))['ballotId'])
        : `bare-${round}`;
      const burst = await workers.cast(ballotId, round);
      const burstMs = Number(burst.endedNs - burst.startedNs) / 1e6;
      let closeToWallMs: number | null = null;
      let messages: number | null = null;
      let bytes: number | null = null;
      if (hall) {
        const shown = wallShowsResult(hall.wall, ballotId);
        const closing = performance.now();
        await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
        await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
        await shown;
        closeToWallMs = performance.now() - closing;
        await sleep(SETTLE_MS);
        const counted = await workers.counts();
        messages = counted.messages + hall.counters.reduce((sum, c) => sum + c.messages, 0);
        bytes = counted.bytes + hall.counters.reduce((sum, c) => sum + c.bytes, 0);
        await checkPublished(hall, ballotId, tablets);
      }
      figures.push({
        round,
        burstMs,
        castsPerSecond: (n * 1000) / burstMs,
        latency: summarize(burst.latenciesMs),
        closeToWallMs,
        messages,
        bytes,
      });
      process.stderr.write(`[${kind}] round ${round} done\n`);
    }
    return { kind, n, signInMs, rssPerTabletBytes, rounds: figures };
  } finally {
    workers.close();
    hall?.close();
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

function report(targets: TargetFigures[], n: number, rounds: number, workers: number, load: [number, number]): string {
  const bare = targets.find((t) => t.kind === 'bare');
  const lines = [
    `Biaojue beside the bare Socket.IO transport: N = ${n}, ${rounds} rounds per target, ${workers} tablet worker processes`,
    machine(),
    `1-minute load average: ${load[0].toFixed(2)} before, ${load[1].toFixed(2)} after`,
    '',
    table(
      ['target', 'round', 'burst ms', 'casts/s', 'p50 ms', 'p95 ms', 'p99 ms', 'close→wall ms', 'msgs/ballot', 'KiB/ballot'],
      targets.flatMap((t) =>
        t.rounds.map((r) => [
          t.kind,
          String(r.round),
          fixed(r.burstMs, 1),
          fixed(r.castsPerSecond),
          fixed(r.latency.p50, 1),
          fixed(r.latency.p95, 1),
          fixed(r.latency.p99, 1),
          fixed(r.closeToWallMs, 1),
          fixed(r.messages),
          r.bytes === null ? '—' : (r.bytes / 1024).toFixed(0),
        ]),
      ),
    ),
    '',
    table(
      ['target', `sign-in of ${n} s`, 'best casts/s', '× bare', 'best p99 ms', '× bare', 'msgs/ballot ÷ N', 'RSS/tablet KB'],
      targets.map((t) => {
        const b = best(t);
        const ref = bare ? best(bare) : null;
        const msgs = t.rounds.map((r) => r.messages).filter((m): m is number => m !== null);
        return [
          t.kind,
          (t.signInMs / 1000).toFixed(1),
          b.castsPerSecond.toFixed(0),
          ref ? (b.castsPerSecond / ref.castsPerSecond).toFixed(2) : '—',
          b.p99.toFixed(1),
          ref ? (b.p99 / ref.p99).toFixed(2) : '—',
          msgs.length > 0 ? (Math.max(...msgs) / t.n).toFixed(2) : '—',
          (t.rssPerTabletBytes / 1000).toFixed(1),
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
  for (const kind of kinds) figures.push(await measure(kind, n, rounds, workers));
  process.stdout.write('\n' + report(figures, n, rounds, workers, [loadBefore, os.loadavg()[0]!]));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
