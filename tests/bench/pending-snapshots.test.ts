import { describe, expect, it } from 'vitest';
import type { CastRequest, StoredCast } from '../../server/store/types';
import { watchPendingCasts } from '../../bench/pending-snapshots';

/** A store whose casts stay pending until the test settles them. */
function pendingStore() {
  const settle: (() => void)[] = [];
  const store = {
    cast: (_meetingId: string, _request: CastRequest) =>
      new Promise<StoredCast>((resolve) => settle.push(() => resolve({ status: 'rejected', code: 'X', message: 'x' } as unknown as StoredCast))),
  };
  return { store, settleAll: () => settle.splice(0).forEach((s) => s()) };
}

const request = (ballotId: string, seatId: string): CastRequest => ({ ballotId, seatId, idempotencyKey: `k-${seatId}`, receiptId: `r-${seatId}`, choiceKey: 'yes' });

describe('heap snapshots of pending casts (bench --pending-snapshots)', () => {
  it("writes one at the watched ballot's first cast and one when that many casts are pending at once", async () => {
    const { store, settleAll } = pendingStore();
    const files: string[] = [];
    watchPendingCasts(store, { dir: '/snaps', ballotOrdinal: 2, pending: 3, write: (file) => files.push(file) });
    void store.cast('m', request('b1', 's1'));
    void store.cast('m', request('b1', 's2'));
    expect(files).toEqual([]);
    settleAll();
    await new Promise((resolve) => setImmediate(resolve));
    void store.cast('m', request('b2', 's1'));
    expect(files).toEqual(['/snaps/ballot2-first-cast.heapsnapshot']);
    void store.cast('m', request('b2', 's2'));
    expect(files).toHaveLength(1);
    void store.cast('m', request('b2', 's3'));
    expect(files).toEqual(['/snaps/ballot2-first-cast.heapsnapshot', '/snaps/ballot2-pending3.heapsnapshot']);
    void store.cast('m', request('b2', 's4'));
    expect(files).toHaveLength(2);
  });

  it('counts only casts still in flight: settled ones do not add up to the threshold', async () => {
    const { store, settleAll } = pendingStore();
    const files: string[] = [];
    watchPendingCasts(store, { dir: '/snaps', ballotOrdinal: 1, pending: 2, write: (file) => files.push(file) });
    void store.cast('m', request('b1', 's1'));
    settleAll();
    await new Promise((resolve) => setImmediate(resolve));
    void store.cast('m', request('b1', 's2'));
    expect(files).toEqual(['/snaps/ballot1-first-cast.heapsnapshot']);
    void store.cast('m', request('b1', 's3'));
    expect(files).toEqual(['/snaps/ballot1-first-cast.heapsnapshot', '/snaps/ballot1-pending2.heapsnapshot']);
  });
});
