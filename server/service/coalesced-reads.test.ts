import { describe, expect, it } from 'vitest';
import { CoalescedReads } from './coalesced-reads';

/** A read the test finishes by hand, recording when each one started. */
function manualReads() {
  const started: number[] = [];
  const finish: (() => void)[] = [];
  let clock = 0;
  const read = () =>
    new Promise<void>((resolve) => {
      started.push(clock);
      finish.push(resolve);
    });
  return { started, finish, read, tick: () => clock++ };
}

describe('CoalescedReads', () => {
  it('gives a caller who arrives during a read the next read, shared by everyone who arrived meanwhile', async () => {
    const reads = new CoalescedReads();
    const { started, finish, read, tick } = manualReads();
    const first = reads.run('m1', read);
    tick();
    // Three callers arrive while the first read runs: none may be served by it.
    const waiting = [reads.run('m1', read), reads.run('m1', read), reads.run('m1', read)];
    expect(started).toEqual([0]);
    finish[0]!();
    await first;
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    // One more read, begun after they arrived, serves all three.
    expect(started).toEqual([0, 1]);
    finish[1]!();
    await Promise.all(waiting);
    expect(started).toHaveLength(2);
  });

  it('keeps keys apart and starts afresh once nothing runs', async () => {
    const reads = new CoalescedReads();
    const { started, finish, read } = manualReads();
    const a = reads.run('m1', read);
    const b = reads.run('m2', read);
    expect(started).toHaveLength(2);
    finish[0]!();
    finish[1]!();
    await Promise.all([a, b]);
    const again = reads.run('m1', read);
    expect(started).toHaveLength(3);
    finish[2]!();
    await again;
  });

  it('a failed read fails its callers only; the next callers get a new read', async () => {
    const reads = new CoalescedReads();
    let n = 0;
    await expect(reads.run('m1', async () => Promise.reject(new Error(`read ${++n} failed`)))).rejects.toThrow('read 1 failed');
    await expect(reads.run('m1', async () => void n++)).resolves.toBeUndefined();
    expect(n).toBe(2);
  });
});
