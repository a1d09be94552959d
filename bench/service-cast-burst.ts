/**
 * CPU per cast of the meeting service over the file store (no sockets): what a vote costs
 * between the gateway's parsed payload and its answer — the copy's judgement, the store's
 * durable cast, the copy's record and the notice the fan-out hears. `npm run bench` shows the
 * whole server beside the bare transport; this shows Biaojue's own part of it, with less of the
 * shared machine's noise. N seats signed in, a new secret motion per round, N casts at once,
 * each through `castInto` with a reply object of its own, as the gateway sends them.
 *
 * `--store=redis`: over a Redis store as a cluster node has it (a redis-server of its own on a free
 * port with its AOF, the store wrapped as the cluster wraps it to announce casts, the copy
 * following peers), so the node's side of a cluster vote is measured without the sockets; the
 * redis-server's own CPU is not the node's and is not counted.
 *
 * `--turn=K --evict-mb=M`: the casts K at a time, one batch per turn of the loop as the gateway's
 * intake hands them over, with M MB read before each batch. In the server the transport's own
 * work between two turns (reading and acking thousands of sockets) pushes the service's data
 * out of the CPU caches, which a loop over warm maps never sees: on 2026-12-06 that was 1–4 µs
 * of the main thread's ~6 µs a cast (docs/BENCHMARKS.md, "Where the rest of a vote's time
 * goes"). The eviction's own CPU time is measured and taken out of the figures. Besides the
 * process's CPU per cast it prints the main thread's, which moves less from run to run (the rest
 * is the journal's sync thread and V8's helpers).
 *
 *   npx tsx bench/service-cast-burst.ts [--delegates=3000] [--rounds=25] [--turn=256 --evict-mb=16] [--store=file|redis]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHAIR, FIRST_ITEM, SECRETARIAT, meetingSpec, motionSpec, seatIds } from '../shared/domain/test-fixtures';
import { systemClock } from '../server/clock';
import { silentLogger } from '../server/logger';
import { MeetingService } from '../server/meeting-service';
import { NotifyingStore } from '../server/cluster/notifying-store';
import { FileStore } from '../server/store/file/file-store';
import { RedisStore } from '../server/store/redis/redis-store';
import type { MeetingStore } from '../server/store/types';
import type { CastAnswer, CastInput } from '../server/service/cast-service';
import { testKeyring } from '../tests/store/fixtures';
import { startRedis, type RedisServer } from '../tests/support/redis-server';
import { mainThreadMicros } from './thread-cpu';

/** Rounds before this one warm V8 up and are not counted. */
const WARM_UP_ROUNDS = 5;
const OPTIONS = ['yes', 'no', 'abstain'] as const;

const { values } = parseArgs({
  options: {
    delegates: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '25' },
    turn: { type: 'string' },
    'evict-mb': { type: 'string', default: '0' },
    store: { type: 'string', default: 'file' },
  },
});
const delegates = Number(values.delegates);
const rounds = Math.max(Number(values.rounds), WARM_UP_ROUNDS + 1);
const castsPerTurn = values.turn === undefined ? delegates : Math.max(1, Number(values.turn));
const evictMb = Math.max(0, Number(values['evict-mb']));
if (values.store !== 'file' && values.store !== 'redis') throw new Error(`--store=file or --store=redis, not ${values.store}`);
const storeKind = values.store;

async function ok(outcome: Promise<{ ok: boolean }>, what: string): Promise<void> {
  const settled = await outcome;
  if (!settled.ok) throw new Error(`${what} refused: ${JSON.stringify(settled)}`);
}

const dir = await mkdtemp(join(tmpdir(), 'service-cast-burst-'));
let redis: RedisServer | null = null;
/** Cast notices the cluster would have published to the other nodes (counted, not sent). */
let notices = 0;
async function openStore(): Promise<MeetingStore> {
  if (storeKind === 'file') return FileStore.open(dir, { logger: silentLogger, keyring: testKeyring() });
  redis = await startRedis({ appendonly: true });
  const inner = await RedisStore.connect(redis.url, { logger: silentLogger, keyring: testKeyring() });
  return new NotifyingStore(inner, () => notices++, 'bench-node');
}
const store = await openStore();
const service = new MeetingService({ store, clock: systemClock, logger: silentLogger });
if (storeKind === 'redis') service.replica.followPeers();
const spec = meetingSpec('congress', delegates);
const { meetingId } = spec;
const seats = seatIds(delegates);
await ok(service.createMeeting(spec, SECRETARIAT), 'create');
await Promise.all(seats.map((seatId) => ok(service.execute(meetingId, [{ type: 'SignIn', seatId }], { role: 'delegate', name: seatId }), 'sign-in')));
await ok(service.execute(meetingId, [{ type: 'OpenSession' }, { type: 'StartItem', itemId: FIRST_ITEM }], CHAIR), 'open');

/**
 * Read before each turn's casts, a cache line at a time, so they find their data out of the
 * caches. Written once first: untouched, its pages would all be the kernel's one zero page.
 */
const evictee = new Float64Array((evictMb * 1024 * 1024) / Float64Array.BYTES_PER_ELEMENT).fill(1);
const CACHE_LINE_DOUBLES = 8;
/** Written, so the reads are not optimised away. */
let evicteeSum = 0;
/** CPU time (µs) the eviction took this round: not the service's. */
let evictionMicros = 0;

function evictCaches(): void {
  if (evictee.length === 0) return;
  const started = process.cpuUsage();
  for (let i = 0; i < evictee.length; i += CACHE_LINE_DOUBLES) evicteeSum += evictee[i]!;
  const used = process.cpuUsage(started);
  evictionMicros += used.user + used.system;
}

/**
 * Every seat's cast, as the gateway sends them: through castInto, each answered to its own reply
 * object (the gateway's AckReply), `castsPerTurn` per turn of the loop; one promise for the round.
 */
function castAll(inputs: readonly CastInput[]): Promise<CastAnswer[]> {
  return new Promise((resolve, reject) => {
    const answers = new Array<CastAnswer>(seats.length);
    let waiting = seats.length;
    let next = 0;
    const turn = (): void => {
      evictCaches();
      const end = Math.min(seats.length, next + castsPerTurn);
      for (; next < end; next++) {
        const i = next;
        service.castInto(meetingId, seats[i]!, inputs[i]!, undefined, {
          answered(answer) {
            answers[i] = answer;
            if (--waiting === 0) resolve(answers);
          },
          failed: reject,
        });
      }
      if (next < seats.length) setImmediate(turn);
    };
    turn();
  });
}

const microsPerCast: number[] = [];
/** Of that, the main thread's (the rest is V8's helper threads and the journal's sync thread); empty where the OS does not tell. */
const mainMicrosPerCast: number[] = [];
for (let round = 0; round < rounds; round++) {
  const ballotId = `ballot-${round}`;
  await ok(service.execute(meetingId, [{ type: 'OpenBallot', spec: motionSpec(ballotId), quorumOverrideReason: null }], CHAIR), 'open ballot');
  // Each cast's payload parsed from its own text, as the gateway gets it: its strings are its own
  // (a vote that kept the packet's ballot id would show here), parsed before the clock starts.
  const inputs = seats.map((seatId, i) =>
    JSON.parse(JSON.stringify({ ballotId, idempotencyKey: `key-${round}-${seatId}`, choice: { option: OPTIONS[i % 3] } })) as CastInput,
  );
  evictionMicros = 0;
  const started = process.cpuUsage();
  const mainStarted = mainThreadMicros();
  const outcomes = await castAll(inputs);
  const used = process.cpuUsage(started);
  const mainEnded = mainThreadMicros();
  const refused = outcomes.find((outcome) => !outcome.ok || outcome.duplicate);
  if (refused) throw new Error(`round ${round}: ${JSON.stringify(refused)}`);
  if (round >= WARM_UP_ROUNDS) {
    microsPerCast.push((used.user + used.system - evictionMicros) / delegates);
    if (mainStarted !== null && mainEnded !== null) mainMicrosPerCast.push((mainEnded - mainStarted - evictionMicros) / delegates);
  }
  await ok(service.execute(meetingId, [{ type: 'CloseBallot', ballotId, reason: 'presidium' }], CHAIR), 'close');
}
await store.close();
await (redis as RedisServer | null)?.stop();
await rm(dir, { recursive: true, force: true });

const sorted = [...microsPerCast].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
const mainSorted = [...mainMicrosPerCast].sort((a, b) => a - b);
const mainThread = mainSorted.length > 0 ? `; main thread median ${(mainSorted[Math.floor(mainSorted.length / 2)] ?? 0).toFixed(1)} µs` : '';
const batching = castsPerTurn >= delegates ? 'at once' : `${castsPerTurn} per turn`;
const eviction = evictMb > 0 ? `, ${evictMb} MB read before each turn (its CPU not counted)` : '';
console.log(
  `meeting service over the ${storeKind === 'file' ? 'file store' : `Redis store (${notices} cast notices)`}, ${delegates} casts ${batching}${eviction}, ${sorted.length} rounds after ${WARM_UP_ROUNDS} warm-up: CPU per cast median ${median.toFixed(1)} µs, best ${(sorted[0] ?? 0).toFixed(1)} µs${mainThread}`,
);
