/**
 * `npm run bench`: Biaojue beside the bare Socket.IO transport, same N, same machine, same run.
 *
 *   npm run bench -- --delegates=3000 --rounds=5 [--targets=bare,file,cluster] [--workers=2] [--profile=DIR] [--hall-seats=3000] [--pin] [--bare-garbage=MADE[,KEPT]] [--pending-snapshots=DIR] [--redis=one|sentinel|sentinel-waitaof] [--between-ballots=MS] [--from-source] [--glibc-malloc]
 *
 * The servers run built, as production runs its server (scripts/build-server.ts, bench/servers.ts);
 * --from-source runs their TypeScript through tsx instead, for CPU profiles by source file. They
 * run with jemalloc, as production does (deploy/), when Debian's libjemalloc2 is installed;
 * --glibc-malloc gives them glibc's allocator instead (MALLOC_ARENA_MAX=2).
 *
 * --redis: what the cluster runs on (bench/redis-setup.ts): one redis-server (the default), or a
 * primary, a replica and three Sentinels with acks that wait for the replica, as deploy/ has it.
 *
 * --pin puts the servers (and Redis) on half of the CPUs and the tablets and this runner on the
 * other half (bench/cpu-pinning.ts): each server then has its CPUs to itself, and the ratios
 * compare the servers' own cost. Unpinned, as the issue's targets are stated, the servers and
 * the tablets share every CPU.
 *
 * --bare-garbage=MADE[,KEPT] makes the bare server allocate MADE small objects per ack (and keep
 * KEPT of them): a calibration of what allocation costs the transport around it, printed as such
 * in the report's header, never the targets' baseline (docs/BENCHMARKS.md).
 *
 * N above --hall-seats (default 3,000, the biggest hall) is split into several meetings running
 * at once (10,000 tablets: four halls of 2,500), each with its console and wall.
 *
 * Each Biaojue target is measured in a phase of its own beside a fresh bare transport (bare +
 * file, then bare + cluster): both signed in, then their rounds interleaved, each after the
 * servers are quiet, and each Biaojue round compared with the bare round of the same number.
 * Targets, each a fresh server process (or two, for the cluster) measured the same way:
 * - bare:    a Socket.IO server that only acknowledges (bench/bare-child.ts);
 * - file:    Biaojue embedded, file journal with fsync before every ack (bench/server-child.ts);
 * - cluster: two Biaojue nodes on a redis-server this script starts (AOF, appendfsync always),
 *            the tablets split between them, the wall on the second node.
 * Simulated tablets run in worker processes (bench/tablet-worker.ts), so the client side is not
 * the bottleneck. Per target it reports: sign-in time for N tablets (pair + connect + 签到),
 * the cast burst (casts/s, ack p50/p95/p99; an ack means durable), the ratio to the bare
 * transport, close → result visible on the wall, messages and bytes received by all clients per
 * ballot, and server RSS per tablet after a forced GC; then, for the embedded server, issue 9's
 * targets met or not (bench/issue-targets.ts). Published counts are checked against the casts
 * sent; a mismatch fails the run. Figures are printed, never asserted (docs/BENCHMARKS.md).
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { REDIS_SERVER_BINARY } from '../tests/support/redis-server';
import { describeRedisSetup, parseRedisSetup } from './redis-setup';
import { cpuPinning, pinProcess } from './cpu-pinning';
import { childrenFromSource, glibcMallocAsked, serverJemalloc, type BareGarbage } from './servers';
import { median, table } from './stats';
import { targetVerdicts, TARGETS_N } from './issue-targets';
import { pairedRounds } from './paired-rounds';
import { TargetRun, type TargetFigures, type TargetKind, type TargetOptions } from './target-run';

/** The biggest hall one meeting holds by default (the NPC's); a larger N is several halls at once, as a city's street congresses on one cluster. */
const HALL_SEATS = 3000;

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

/** A window in which every server used under QUIET_SHARE of one core counts as quiet. */
const QUIET_WINDOW_MS = 200;
const QUIET_SHARE = 0.05;
/** Waiting for quiet gives up after this long (a busy host) and the round runs anyway. */
const QUIET_MAX_MS = 5000;

/**
 * Waits until no server of any target is still busy with a round before (paced result pushes,
 * garbage collection): that work would otherwise fall on the next target's burst.
 */
async function quiet(runs: readonly TargetRun[]): Promise<void> {
  const cpu = async () => (await Promise.all(runs.map((run) => run.cpuMicros()))).reduce((a, b) => a + b, 0);
  const giveUpAt = performance.now() + QUIET_MAX_MS;
  let before = await cpu();
  for (;;) {
    await sleep(QUIET_WINDOW_MS);
    const now = await cpu();
    if (now - before < QUIET_SHARE * QUIET_WINDOW_MS * 1000 || performance.now() > giveUpAt) return;
    before = now;
  }
}

function pairedTable(phases: Phase[]): string {
  const ratio = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
  return table(
    ['target', 'warm rounds', 'casts/s × bare', 'median', 'p99 × bare', 'median', 'CPU/cast × bare', 'median'],
    phases.flatMap(({ bare, targets }) =>
      bare
        ? targets
            .filter((t) => t !== bare)
            .map((t) => {
              const pairs = pairedRounds(t, bare);
              return [
                t.kind,
                pairs.map((p) => p.round).join(', '),
                ratio(pairs.map((p) => p.speed)),
                median(pairs.map((p) => p.speed)).toFixed(2),
                ratio(pairs.map((p) => p.p99)),
                median(pairs.map((p) => p.p99)).toFixed(2),
                ratio(pairs.map((p) => p.cpu)),
                median(pairs.map((p) => p.cpu)).toFixed(2),
              ];
            })
        : [],
    ),
  );
}

/** Targets measured together (rounds interleaved), with the bare transport among them if it was asked for. */
interface Phase {
  bare: TargetFigures | null;
  targets: TargetFigures[];
}

/** A target's name in the tables: the bare transport of each phase is named after what it ran beside. */
function labelOf(target: TargetFigures, phase: Phase, phases: Phase[]): string {
  if (target.kind !== 'bare' || phases.length === 1) return target.kind;
  return `bare (${phase.targets.filter((t) => t !== target).map((t) => t.kind).join(', ')})`;
}

/** `--bare-garbage=MADE[,KEPT]`: objects the bare server makes per ack, and keeps of them. */
function parseBareGarbage(text: string): BareGarbage {
  const [made, kept = 0] = text.split(',').map(Number);
  const count = (x: number | undefined): x is number => x !== undefined && Number.isSafeInteger(x) && x >= 0 && x <= 100_000;
  if (!count(made) || !count(kept) || kept > made) throw new Error('--bare-garbage must be MADE[,KEPT], whole numbers, KEPT ≤ MADE ≤ 100000');
  return { made, kept };
}

function allocatorLine(): string {
  const jemalloc = serverJemalloc();
  if (jemalloc) return `servers' allocator: jemalloc (${jemalloc}), as production preloads it (deploy/)`;
  return glibcMallocAsked()
    ? "servers' allocator: glibc's malloc (--glibc-malloc), MALLOC_ARENA_MAX=2; production preloads jemalloc"
    : "servers' allocator: glibc's malloc, MALLOC_ARENA_MAX=2: libjemalloc2 is not installed, which production preloads (deploy/)";
}

function report(phases: Phase[], n: number, rounds: number, load: [number, number], options: TargetOptions, clusterRan: boolean): string {
  const { workers, pinning, bareGarbage, pendingSnapshotsDir, betweenBallotsMs } = options;
  const redis = clusterRan ? options.redis : null;
  const rows = phases.flatMap((phase) => phase.targets.map((t) => ({ t, label: labelOf(t, phase, phases), bare: phase.bare })));
  const lines = [
    `Biaojue beside the bare Socket.IO transport: N = ${n}, ${rounds} rounds per target, interleaved with the bare transport's, ${workers} tablet worker processes per target`,
    machine(),
    `1-minute load average: ${load[0].toFixed(2)} before, ${load[1].toFixed(2)} after`,
    pinning ? `pinned: servers on CPU ${pinning.servers}, tablets and runner on CPU ${pinning.clients}` : 'not pinned: servers and tablets share every CPU',
    childrenFromSource() ? 'servers run from the TypeScript through tsx (--from-source), not built as production runs them' : 'servers built as production runs them (scripts/build-server.ts)',
    allocatorLine(),
    ...(redis ? [describeRedisSetup(redis)] : []),
    ...(betweenBallotsMs > 0
      ? [`ballots ${betweenBallotsMs / 1000} s apart (--between-ballots): each server idle that long before each round after the first, as a hall's ballots are minutes apart`]
      : []),
    ...(bareGarbage
      ? [`CALIBRATION, not the targets' baseline: the bare server makes ${bareGarbage.made} objects per ack and keeps ${bareGarbage.kept} (--bare-garbage)`]
      : []),
    ...(pendingSnapshotsDir
      ? [`HEAP SNAPSHOTS were written mid-burst into ${pendingSnapshotsDir} (--pending-snapshots): the embedded server stopped for seconds, so this run's timings are not figures`]
      : []),
    '',
    table(
      ['target', 'round', 'burst ms', 'casts/s', 'server CPU µs/cast', '(main thread)', '(GC pause)', 'p50 ms', 'p95 ms', 'p99 ms', 'close→wall ms', '(close, publish acked)', 'msgs/ballot', 'pushes', 'KiB/ballot'],
      rows.flatMap(({ t, label }) =>
        t.rounds.map((r) => [
          label,
          String(r.round),
          fixed(r.burstMs, 1),
          fixed(r.castsPerSecond),
          fixed(r.serverCpuPerCastUs),
          fixed(r.serverMainCpuPerCastUs),
          fixed(r.serverGcPausePerCastUs, 1),
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
      ['target', `sign-in of ${n} s`, 'CPU µs/tablet', '(main thread)', 'best casts/s', '× bare', 'least CPU µs/cast', 'bare ÷ it', 'best p99 ms', '× bare', 'msgs/ballot ÷ N', 'pushes ÷ N', 'RSS/tablet KB', '(beside young gen)', 'heap/tablet KB', 'retries'],
      rows.map(({ t, label, bare }) => {
        const b = best(t);
        const ref = bare ? best(bare) : null;
        const msgs = t.rounds.map((r) => r.messages).filter((m): m is number => m !== null);
        const pushes = t.rounds.map((r) => r.pushes).filter((m): m is number => m !== null);
        return [
          label,
          (t.signInMs / 1000).toFixed(1),
          fixed(t.signInCpuPerTabletUs),
          fixed(t.signInMainCpuPerTabletUs),
          b.castsPerSecond.toFixed(0),
          ref ? (b.castsPerSecond / ref.castsPerSecond).toFixed(2) : '—',
          leastCpu(t).toFixed(0),
          bare ? (leastCpu(bare) / leastCpu(t)).toFixed(2) : '—',
          b.p99.toFixed(1),
          ref ? (b.p99 / ref.p99).toFixed(2) : '—',
          msgs.length > 0 ? (Math.max(...msgs) / t.n).toFixed(2) : '—',
          pushes.length > 0 ? (Math.max(...pushes) / t.n).toFixed(2) : '—',
          (t.rssPerTabletBytes / 1000).toFixed(1),
          (t.rssBesideYoungPerTabletBytes / 1000).toFixed(1),
          (t.heapPerTabletBytes / 1000).toFixed(1),
          String(t.retries),
        ];
      }),
    ),
  ];
  if (phases.some((phase) => phase.bare && phase.targets.length > 1)) {
    lines.push('', 'Paired rounds: each round of a target ÷ the round of the same number of the bare transport beside it, run within seconds of it (order reversed every other round, each after the servers are quiet)', pairedTable(phases));
  }
  lines.push(...verdictLines(phases, n, options));
  return lines.join('\n') + '\n';
}

/**
 * Issue 9's targets against this run's embedded server (bench/issue-targets.ts), when it ran
 * beside the bare transport and the run's figures are figures: not under the profiler, heap
 * snapshots, a calibration of the bare server or pinning, none of which the targets assume.
 */
function verdictLines(phases: Phase[], n: number, options: TargetOptions): string[] {
  const judged = phases.flatMap(({ bare, targets }) => (bare ? targets.filter((t) => t.kind === 'file').map((t) => ({ t, bare })) : []));
  if (judged.length === 0) return [];
  const why = [
    options.profileDir ? 'under the profiler' : null,
    options.allocations ? 'with a heap profile' : null,
    options.pendingSnapshotsDir ? 'with heap snapshots mid-burst' : null,
    options.bareGarbage ? 'with the bare server calibrated (--bare-garbage)' : null,
    options.pinning ? 'pinned (the targets are for servers and tablets sharing the CPUs)' : null,
  ].filter((reason): reason is string => reason !== null);
  if (why.length > 0) return ['', `Issue 9's targets: not judged, this run was ${why.join(', ')}`];
  const stated = n === TARGETS_N ? 'N = 3,000 on the 2-core machine' : `N = 3,000 on the 2-core machine; this run's N is ${n}, so the verdicts are indicative only`;
  return judged.flatMap(({ t, bare }) => {
    const verdicts = targetVerdicts(t, bare);
    return [
      '',
      `Issue 9's targets, ${t.kind} (stated for ${stated}): ${verdicts.filter((v) => v.met).length} of ${verdicts.length} met`,
      table(
        ['target', 'limit', 'this run', 'met'],
        verdicts.map((v) => [v.target, v.limit, v.measured, v.met ? 'yes' : 'NO']),
      ),
    ];
  });
}

/** Starts `kinds` and signs each in, runs their rounds interleaved, and stops them. */
async function measureTogether(kinds: TargetKind[], n: number, rounds: number, options: TargetOptions): Promise<TargetFigures[]> {
  const runs: TargetRun[] = [];
  try {
    for (const kind of kinds) {
      // Profiles and progress lines of a bare transport say which phase they belong to.
      const name = kind === 'bare' && kinds.length > 1 ? `bare-beside-${kinds.filter((k) => k !== 'bare').join('-')}` : kind;
      runs.push(await TargetRun.start({ kind, name }, n, options));
    }
    for (let round = 1; round <= rounds; round++) {
      // Every other round in the opposite order: no target always runs right after another's.
      for (const run of round % 2 === 1 ? runs : [...runs].reverse()) {
        await quiet(runs);
        await run.round(round);
      }
    }
    return await Promise.all(runs.map((run) => run.figures()));
  } finally {
    for (const run of runs) await run.stop();
  }
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
      pin: { type: 'boolean', default: false },
      'bare-garbage': { type: 'string' },
      'pending-snapshots': { type: 'string' },
      redis: { type: 'string', default: 'one' },
      'between-ballots': { type: 'string', default: '0' },
      'from-source': { type: 'boolean', default: false },
      'glibc-malloc': { type: 'boolean', default: false },
    },
  });
  // Read by bench/servers.ts as each server starts.
  if (values['from-source']) process.env.BENCH_FROM_SOURCE = '1';
  if (values['glibc-malloc']) process.env.BENCH_GLIBC_MALLOC = '1';
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
  const profileDir = values.profile ? path.resolve(values.profile) : null;
  if (profileDir) await mkdir(profileDir, { recursive: true });
  const hallSeats = Number(values['hall-seats']);
  if (!Number.isSafeInteger(hallSeats) || hallSeats < 1 || hallSeats > 5000) throw new Error('--hall-seats must be 1–5000');
  const pinning = values.pin === true ? cpuPinning() : null;
  // The runner reads every worker's answers and the servers' figures: it stays off the servers' CPUs.
  if (pinning) pinProcess(process.pid, pinning.clients);
  const bareGarbage = values['bare-garbage'] === undefined ? null : parseBareGarbage(values['bare-garbage']);
  const pendingSnapshotsDir = values['pending-snapshots'] ? path.resolve(values['pending-snapshots']) : null;
  if (pendingSnapshotsDir) await mkdir(pendingSnapshotsDir, { recursive: true });
  const redis = parseRedisSetup(values.redis);
  const betweenBallotsMs = Number(values['between-ballots']);
  if (!Number.isSafeInteger(betweenBallotsMs) || betweenBallotsMs < 0 || betweenBallotsMs > 600_000) throw new Error('--between-ballots must be 0–600000 (ms)');
  const options: TargetOptions = { workers, hallSeats, profileDir, allocations: values['heap-profile'] === true, pinning, bareGarbage, pendingSnapshotsDir, redis, betweenBallotsMs };

  // Each Biaojue target is measured beside a bare transport of its own, nothing else running:
  // both signed in, then their rounds interleaved, so a slow minute of a shared host falls on
  // both alike (run one after the other, the bare transport's figures moved by a third between
  // runs minutes apart; with a third target's servers and Redis idle beside them, the bare
  // server's CPU per ack rose by half: docs/BENCHMARKS.md, "Paired rounds").
  const biaojue = kinds.filter((kind) => kind !== 'bare');
  const groups: TargetKind[][] = kinds.includes('bare') && biaojue.length > 0 ? biaojue.map((kind) => ['bare', kind]) : [kinds];
  const phases: Phase[] = [];
  for (const group of groups) {
    const targets = await measureTogether(group, n, rounds, options);
    phases.push({ bare: targets.find((t) => t.kind === 'bare') ?? null, targets });
  }
  process.stdout.write('\n' + report(phases, n, rounds, [loadBefore, os.loadavg()[0]!], options, kinds.includes('cluster')));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
