import { describe, expect, it } from 'vitest';
import { GroupCommitter, MAX_BATCH_ITEMS } from './group-commit';

/**
 * A committer whose batches are recorded. They are written at once (as the journal's write to
 * the page cache), except the batch holding `held`, whose write waits for `endWrite()` (an fsync
 * on its thread).
 */
function recordingCommitter(held: number | null = null) {
  const sealed: number[][] = [];
  let endWrite = () => {};
  const committer = new GroupCommitter<number, number[]>({
    seal: (items) => {
      sealed.push([...items]);
      return items;
    },
    write: (items) => (held !== null && items.includes(held) ? new Promise<void>((resolve) => (endWrite = resolve)) : Promise.resolve()),
    committed: () => {},
    failed: () => {},
  });
  return { committer, sealed, endWrite: () => endWrite() };
}

describe('GroupCommitter', () => {
  it('closes a batch at MAX_BATCH_ITEMS while requests keep arriving in the same turn of the event loop', async () => {
    const { committer, sealed } = recordingCommitter();
    let checkPhaseReached = false;
    setImmediate(() => {
      checkPhaseReached = true;
    });
    // One request per callback, as a burst read from a thousand ready sockets: microtasks run
    // between them, the check phase (setImmediate) not until all are read.
    const acks: Promise<void>[] = [];
    const total = 3 * MAX_BATCH_ITEMS + 17;
    for (let i = 0; i < total; i++) {
      acks.push(committer.enqueue(i));
      await Promise.resolve();
    }
    const sealedBeforeCheckPhase = sealed.length;
    expect(checkPhaseReached).toBe(false);
    await Promise.all(acks);

    expect(sealedBeforeCheckPhase).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sealed.map((batch) => batch.length))).toBe(MAX_BATCH_ITEMS);
    expect(sealed.flat()).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('keeps everything enqueued in one synchronous run in one batch, however many (an import)', async () => {
    const { committer, sealed } = recordingCommitter();
    const total = 4 * MAX_BATCH_ITEMS;
    const acks = Array.from({ length: total }, (_, i) => committer.enqueue(i));
    await Promise.all(acks);
    expect(sealed.map((batch) => batch.length)).toEqual([total]);
  });

  it('waits for the check phase while a batch is small, so one turn of reads shares one write', async () => {
    const { committer, sealed } = recordingCommitter();
    const acks: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      acks.push(committer.enqueue(i));
      await Promise.resolve();
    }
    expect(sealed).toEqual([]);
    await Promise.all(acks);
    expect(sealed).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it('seals what arrived during a write after the turn’s reads join it, not the moment the write ends', async () => {
    // The fsync runs on a thread (data-sync-thread.ts) and may end in the middle of a turn of reads.
    const { committer, sealed, endWrite } = recordingCommitter(0);
    const acks = [committer.enqueue(0)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(sealed).toEqual([[0]]);
    acks.push(committer.enqueue(1));
    endWrite();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    // Still the same turn: the first batch has committed, the next one is not sealed yet.
    expect(sealed).toEqual([[0]]);
    acks.push(committer.enqueue(2));
    await Promise.all(acks);
    expect(sealed).toEqual([[0], [1, 2]]);
  });

  it('seals a batch that filled up during a write as soon as the write ends', async () => {
    const { committer, sealed, endWrite } = recordingCommitter(-1);
    const acks = [committer.enqueue(-1)];
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < MAX_BATCH_ITEMS; i++) acks.push(committer.enqueue(i));
    endWrite();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(sealed.map((batch) => batch.length)).toEqual([1, MAX_BATCH_ITEMS]);
    await Promise.all(acks);
  });

  it('rejects the failed batch, what waits behind it and every later item', async () => {
    const failures: Error[] = [];
    const committer = new GroupCommitter<number, number[]>({
      seal: (items) => items,
      write: async (items) => {
        if (items.includes(1)) throw new Error('disk full');
      },
      committed: () => {},
      failed: (error) => failures.push(error),
    });
    const first = committer.enqueue(1);
    await expect(first).rejects.toThrow('disk full');
    await expect(committer.enqueue(2)).rejects.toThrow('disk full');
    await expect(committer.settled()).rejects.toThrow('disk full');
    expect(failures).toHaveLength(1);
  });
});
