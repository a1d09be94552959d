import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { DataSyncThread } from '../../server/store/file/data-sync-thread';
import { FileStore } from '../../server/store/file/file-store';
import { castRequest, choiceOf, createMeeting, openBallot, testKeyring } from './fixtures';

/** Each journal fdatasync takes this long, as on a busy spinning disk. */
const SLOW_SYNC_MS = 150;
const TICK_MS = 5;

describe('file store on a slow disk (the fsync on its own thread)', () => {
  let dir: string;
  let syncs: DataSyncThread;
  let store: FileStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slow-disk-'));
    syncs = new DataSyncThread({ delayMs: SLOW_SYNC_MS });
    store = await FileStore.open(dir, { logger: silentLogger, keyring: testKeyring(), syncThread: syncs });
  });
  afterEach(async () => {
    await store.close();
    await syncs.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('acks a vote only after its fsync, keeps the loop turning meanwhile, and puts what arrives during it in the next batch', async () => {
    const meeting = await createMeeting(store, 10);
    const ballotId = await openBallot(store, meeting);
    const batchesBefore = store.stats().batches;

    let ticks = 0;
    const ticker = setInterval(() => ticks++, TICK_MS);
    const started = performance.now();
    const acked: number[] = [];
    const first = store.cast(meeting.meetingId, castRequest(ballotId, 1, choiceOf(1))).then((outcome) => {
      acked.push(performance.now() - started);
      return outcome;
    });
    // Arrive while the first vote's batch is syncing: they share the next batch, not one each.
    await new Promise((resolve) => setTimeout(resolve, SLOW_SYNC_MS / 3));
    const ticksDuringFirstSync = ticks;
    const later = [2, 3, 4].map((n) => store.cast(meeting.meetingId, castRequest(ballotId, n, choiceOf(n))));
    const outcomes = await Promise.all([first, ...later]);
    const elapsed = performance.now() - started;
    clearInterval(ticker);

    expect(outcomes.map((o) => o.status)).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    // Durable before the ack: the first vote waited for its whole fsync.
    expect(acked[0]).toBeGreaterThanOrEqual(SLOW_SYNC_MS - 5);
    // The loop was not stopped by the fsync: timers ran while the disk synced.
    expect(ticksDuringFirstSync).toBeGreaterThanOrEqual(3);
    // Two batches (and two fsyncs) for four votes, the later three together.
    expect(store.stats().batches - batchesBefore).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(2 * SLOW_SYNC_MS - 5);
    const votes = await store.readVotes(meeting.meetingId);
    expect(votes.register.filter((p) => p.ballotId === ballotId)).toHaveLength(4);
  });
});
