/**
 * `--pending-snapshots=DIR` (bench/run.ts): what a vote holds while it waits for its batch to be
 * durable, seen in the embedded server itself. The store's `cast` is wrapped (in the benchmark's
 * child only, never in the product) to count the casts in flight; during the casts on the
 * `ballotOrdinal`-th ballot it writes a heap snapshot at that ballot's first cast and another
 * once `pending` casts are in flight at once. `npx tsx bench/heap-diff.ts FIRST PENDING
 * --per=K` then shows what was made in between (docs/BENCHMARKS.md, "What a pending vote holds
 * inside the whole server"). A snapshot stops the server for seconds: such a run's timings are
 * not figures.
 */
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { MeetingStore } from '../server/store/types';

export interface PendingSnapshotOptions {
  dir: string;
  /** Which ballot's casts, counted in the order their first cast arrives (1 = the first). */
  ballotOrdinal: number;
  /** How many casts in flight at once make the second snapshot. */
  pending: number;
  /** Writes one snapshot (v8.writeHeapSnapshot; a test passes its own). */
  write?: (file: string) => void;
}

/** Wraps `store.cast` in place. */
export function watchPendingCasts(store: Pick<MeetingStore, 'cast'>, options: PendingSnapshotOptions): void {
  const write = options.write ?? ((file: string) => void writeHeapSnapshot(file));
  const ballots = new Set<string>();
  let inFlight = 0;
  let first = false;
  let second = false;
  const cast = store.cast.bind(store);
  // One function for every cast: what the watch itself adds per pending vote is the promise and
  // the reaction of its `then`, nothing more (docs/BENCHMARKS.md takes them out of its figures).
  const settled = () => {
    inFlight--;
  };
  store.cast = (meetingId, request) => {
    ballots.add(request.ballotId);
    const watched = ballots.size === options.ballotOrdinal;
    if (watched && !first) {
      first = true;
      const file = path.join(options.dir, `ballot${options.ballotOrdinal}-first-cast.heapsnapshot`);
      write(file);
    }
    inFlight++;
    if (watched && !second && inFlight >= options.pending) {
      second = true;
      const file = path.join(options.dir, `ballot${options.ballotOrdinal}-pending${options.pending}.heapsnapshot`);
      write(file);
    }
    let answer: ReturnType<typeof cast>;
    try {
      answer = cast(meetingId, request);
    } catch (err) {
      settled();
      throw err;
    }
    answer.then(settled, settled);
    return answer;
  };
}
