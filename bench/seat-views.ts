/**
 * CPU and old-space bytes per seat view, as a push to every tablet of a hall renders them: each
 * seat's own part (`seatView`, server/gateway/tablet-views.ts) and its JSON, for N seats, in a
 * process of its own (no sockets). A push to a hall renders N of them: at a ballot's opening and
 * close, and one per sign-in. Old space is what a full GC, not a scavenge, has to free (hidden
 * classes made per object land there: docs/BENCHMARKS.md, "Seat views with one hidden class").
 *
 *   node --expose-gc --import tsx bench/seat-views.ts [--delegates=3000] [--rounds=15]
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { parseArgs } from 'node:util';
import { initialState } from '../shared/domain/evolve';
import { meetingSpec } from '../shared/domain/test-fixtures';
import { seatView } from '../server/gateway/tablet-views';
import { median } from './stats';

const WARM_UP_ROUNDS = 3;

const { values } = parseArgs({ options: { delegates: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '15' } } });
const delegates = Number(values.delegates);
const rounds = Math.max(1, Number(values.rounds));
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with node --expose-gc');

const state = initialState(meetingSpec('congress', delegates));
const seatIds = [...state.seats.keys()];
const oldSpaceBytes = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;

/** One push's seat views, each rendered and serialised as the fan-out sends it. */
function renderAll(): number {
  let bytes = 0;
  for (const seatId of seatIds) bytes += JSON.stringify(seatView(state, seatId, 'epoch')).length;
  return bytes;
}

for (let i = 0; i < WARM_UP_ROUNDS; i++) renderAll();
const micros: number[] = [];
const oldBytes: number[] = [];
for (let i = 0; i < rounds; i++) {
  collect();
  const oldBefore = oldSpaceBytes();
  const started = performance.now();
  renderAll();
  micros.push(((performance.now() - started) * 1000) / seatIds.length);
  oldBytes.push((oldSpaceBytes() - oldBefore) / seatIds.length);
}
console.log(`${delegates} seat views a push, ${rounds} pushes: ${median(micros).toFixed(2)} µs a view (least ${Math.min(...micros).toFixed(2)}), old space ${median(oldBytes).toFixed(0)} bytes a view (medians)`);
