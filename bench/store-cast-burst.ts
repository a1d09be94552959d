/**
 * CPU per cast of the file store alone (no sockets): one FileStore in a temp directory, N seats,
 * a new secret ballot per round, N `cast`s at once (one group-commit burst, sealed papers, fsync
 * on), `process.cpuUsage` around each burst. For before/after comparisons of the store's cast
 * path that the shared machine's load does not blur as much as `npm run bench`.
 *
 *   npx tsx bench/store-cast-burst.ts [--delegates=3000] [--rounds=25]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '../server/logger';
import { FileStore } from '../server/store/file/file-store';
import {
  ballotClosed,
  ballotOpened,
  castRequest,
  choiceOf,
  itemStarted,
  meetingCreated,
  meetingSpec,
  sessionOpened,
  testKeyring,
} from '../tests/store/fixtures';

/** Rounds before this one warm V8 up and are not counted. */
const WARM_UP_ROUNDS = 5;

const { values } = parseArgs({ options: { delegates: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '25' } } });
const delegates = Number(values.delegates);
const rounds = Math.max(Number(values.rounds), WARM_UP_ROUNDS + 1);

const dir = await mkdtemp(join(tmpdir(), 'store-cast-burst-'));
const store = await FileStore.open(dir, { logger: silentLogger, keyring: testKeyring() });
const meetingId = 'burst';
const versionAfter = (result: Awaited<ReturnType<FileStore['append']>>): number => {
  if (!result.ok) throw new Error(`append refused: ${JSON.stringify(result)}`);
  return result.version;
};
let version = versionAfter(await store.append(meetingId, 0, [meetingCreated(meetingSpec(meetingId, delegates))]));
version = versionAfter(await store.append(meetingId, version, [sessionOpened(delegates), itemStarted()]));

const microsPerCast: number[] = [];
for (let round = 0; round < rounds; round++) {
  const ballotId = `ballot-${round}`;
  version = versionAfter(await store.append(meetingId, version, [ballotOpened(ballotId, { secrecy: 'anonymous' })]));
  const started = process.cpuUsage();
  const outcomes = await Promise.all(Array.from({ length: delegates }, (_, i) => store.cast(meetingId, castRequest(ballotId, i + 1, choiceOf(i + 1)))));
  const used = process.cpuUsage(started);
  if (outcomes.some((outcome) => outcome.status !== 'recorded')) throw new Error(`round ${round}: a cast was not recorded`);
  if (round >= WARM_UP_ROUNDS) microsPerCast.push((used.user + used.system) / delegates);
  version = versionAfter(await store.append(meetingId, version, [ballotClosed(ballotId)]));
}
await store.close();
await rm(dir, { recursive: true, force: true });

const sorted = [...microsPerCast].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
console.log(`file store, ${delegates} casts at once, ${sorted.length} rounds after ${WARM_UP_ROUNDS} warm-up: CPU per cast median ${median.toFixed(1)} µs, best ${(sorted[0] ?? 0).toFixed(1)} µs`);
