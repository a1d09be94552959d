/**
 * `npm run bench`: cast-ack latency and throughput of one ballot burst, over real sockets.
 *
 *   npm run bench -- --delegates=200 --rounds=3 --store=both
 *
 * For each store (the embedded file journal; a cluster node on a redis-server this script starts
 * on a free port) it starts the server in its own process with a fresh data directory, creates a
 * meeting of N delegates, pairs and signs every tablet in over HTTP and websockets, then per
 * round opens a ballot and fires all N casts at once, timing each cast from emit to ack (an ack
 * means the vote is durable). Results are checked against the casts sent. Figures are printed,
 * never asserted: see docs/BENCHMARKS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { REDIS_SERVER_BINARY, startRedis } from '../tests/support/redis-server';
import { emitOk, openHall, type BenchHall } from './hall';
import { startClusterNode, startFileServer, type BenchServer, type ServerStats } from './servers';
import { mib, summarize, table } from './stats';

const OPTIONS = ['yes', 'no', 'abstain'] as const;

interface RoundResult {
  store: string;
  round: number;
  casts: number;
  latenciesMs: number[];
  elapsedMs: number;
  batches: number | null;
  fsyncs: number | null;
}

interface MemoryResult {
  store: string;
  atStart: number | null;
  afterSignIn: number | null;
  afterRounds: number | null;
}

async function round(hall: BenchHall, server: BenchServer, store: string, n: number): Promise<RoundResult> {
  const opened = await emitOk(hall.presidium, 'presidium:openBallot', { itemId: 'bench', title: `基准测试第${n}轮` });
  const ballotId = String(opened['ballotId']);
  const before = await server.stats();
  const expected = { yes: 0, no: 0, abstain: 0 };
  const latencies: number[] = new Array(hall.tablets.length);
  const started = performance.now();
  // Every emit leaves in this same tick: the server sees the whole hall press at once.
  await Promise.all(
    hall.tablets.map(async (tablet, i) => {
      const option = OPTIONS[i % OPTIONS.length]!;
      expected[option]++;
      const t0 = performance.now();
      await emitOk(tablet.socket, 'ballot:cast', { ballotId, idempotencyKey: `bench-${n}-${tablet.seatId}`, choice: { option } });
      latencies[i] = performance.now() - t0;
    }),
  );
  const elapsedMs = performance.now() - started;
  const after = await server.stats();

  await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
  await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
  const sync = await emitOk(hall.presidium, 'meeting:sync');
  const view = sync['view'] as { ballots: { ballotId: string; result: { yes?: number; no?: number; abstain?: number } | null }[] };
  const result = view.ballots.find((b) => b.ballotId === ballotId)?.result;
  if (!result || result.yes !== expected.yes || result.no !== expected.no || result.abstain !== expected.abstain) {
    throw new Error(`round ${n} on ${store}: published ${JSON.stringify(result)} but cast ${JSON.stringify(expected)}`);
  }
  return {
    store,
    round: n,
    casts: hall.tablets.length,
    latenciesMs: latencies,
    elapsedMs,
    batches: before.disk && after.disk ? after.disk.batches - before.disk.batches : null,
    fsyncs: before.disk && after.disk ? after.disk.fsyncs - before.disk.fsyncs : null,
  };
}

async function runStore(
  store: string,
  start: () => Promise<BenchServer>,
  delegates: number,
  rounds: number,
): Promise<{ rounds: RoundResult[]; memory: MemoryResult }> {
  const server = await start();
  const rss = async () => ((await server.stats()) as ServerStats).rssBytes;
  try {
    const atStart = await rss();
    process.stderr.write(`[${store}] pairing and signing in ${delegates} tablets…\n`);
    const hall = await openHall(server.baseUrl, delegates);
    const afterSignIn = await rss();
    const results: RoundResult[] = [];
    try {
      for (let n = 1; n <= rounds; n++) {
        results.push(await round(hall, server, store, n));
        process.stderr.write(`[${store}] round ${n} done\n`);
      }
    } finally {
      hall.close();
    }
    return { rounds: results, memory: { store, atStart, afterSignIn, afterRounds: await rss() } };
  } finally {
    await server.stop();
  }
}

function ms(value: number): string {
  return value.toFixed(1);
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      delegates: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '3' },
      store: { type: 'string', default: 'both' },
    },
  });
  const delegates = Number(values.delegates);
  const rounds = Number(values.rounds);
  const stores = values.store === 'both' ? ['file', 'redis'] : [values.store];
  if (!Number.isSafeInteger(delegates) || delegates < 1 || delegates > 5000) throw new Error('--delegates must be 1–5000');
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error('--rounds must be ≥ 1');

  // Other work on the machine skews every figure; the load average is printed with them.
  const loadBefore = os.loadavg()[0]!;
  const roundResults: RoundResult[] = [];
  const memory: MemoryResult[] = [];
  for (const store of stores) {
    if (store === 'file') {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'biaojue-bench-'));
      try {
        const out = await runStore('file', () => startFileServer(dataDir), delegates, rounds);
        roundResults.push(...out.rounds);
        memory.push(out.memory);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    } else if (store === 'redis') {
      if (!REDIS_SERVER_BINARY) {
        process.stderr.write('redis-server is not on PATH: skipping the Redis store round\n');
        continue;
      }
      const redis = await startRedis({ appendonly: true });
      try {
        const out = await runStore('redis', () => startClusterNode(redis.url), delegates, rounds);
        roundResults.push(...out.rounds);
        memory.push(out.memory);
      } finally {
        await redis.stop();
      }
    } else {
      throw new Error(`--store must be file, redis or both, not ${store}`);
    }
  }

  process.stdout.write(
    `\nBiaojue cast benchmark: ${delegates} delegates, ${rounds} rounds per store\n${machine()}\n` +
      `1-minute load average: ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after\n\n`,
  );
  process.stdout.write(
    table(
      ['store', 'round', 'casts', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'burst ms', 'casts/s', 'fsync batches', 'fsyncs'],
      roundResults.map((r) => {
        const s = summarize(r.latenciesMs);
        return [
          r.store,
          String(r.round),
          String(r.casts),
          ms(s.p50),
          ms(s.p95),
          ms(s.p99),
          ms(s.max),
          ms(r.elapsedMs),
          String(Math.round((r.casts * 1000) / r.elapsedMs)),
          r.batches === null ? 'n/a' : String(r.batches),
          r.fsyncs === null ? 'n/a' : String(r.fsyncs),
        ];
      }),
    ) + '\n\n',
  );
  process.stdout.write(
    table(
      ['store', 'server RSS at start', 'after sign-in', 'after rounds'],
      memory.map((m) => [m.store, mib(m.atStart), mib(m.afterSignIn), mib(m.afterRounds)]),
    ) + '\n',
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
