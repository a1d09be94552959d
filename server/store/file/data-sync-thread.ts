import { fdatasyncSync } from 'node:fs';
import { getSystemErrorName } from 'node:util';
import { Worker } from 'node:worker_threads';

/**
 * The journals' fdatasync, on a thread of its own: the event loop goes on reading and judging
 * the next votes while the disk makes the last batch durable. It used to stop for each batch's
 * fdatasync: 1–3 ms on a local SSD, and on a 10 ms disk a 3,000-seat sign-in took 41 s instead of
 * 5 (docs/BENCHMARKS.md, "The fsync off the event loop").
 *
 * Why not `fs.fdatasync` through libuv's thread pool: its completion waits for the loop's poll
 * phase, in line behind every socket that is ready to read (70–240 ms per batch in a burst of
 * 3,000 casts). Here the thread's progress is a counter in shared memory, read with one atomic
 * load by `poll()`, which the store calls whenever a request reaches it (every cast): under load
 * a finished sync is seen within one request. The thread also posts a message after each sync,
 * so an otherwise idle loop hears of it at once.
 *
 * Requests are tickets taken in order; the thread syncs them in that order and publishes the
 * last one done. A ticket's slot in a ring holds the fd and, once done, 0 or the errno.
 */

/** Outstanding tickets at most (a power of two): one per journal with a batch in flight; past this, syncs run inline. */
const RING = 1024;
const REQUESTED = 0;
const DONE = 1;
const FD_AT = 2;
const RESULT_AT = FD_AT + RING;

/** The thread's loop (CommonJS, evaluated: no loader or build step on the way to the disk). */
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { fdatasyncSync } = require('node:fs');
const s = new Int32Array(workerData.shared);
const slowBy = workerData.delayMs > 0 ? () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.delayMs) : null;
let done = Atomics.load(s, ${DONE});
for (;;) {
  // Woken by a new ticket; the timeout only bounds how long a lost wake-up could go unnoticed.
  if (Atomics.load(s, ${REQUESTED}) === done) Atomics.wait(s, ${REQUESTED}, done, 1000);
  const requested = Atomics.load(s, ${REQUESTED});
  if (requested === done) continue;
  while (done !== requested) {
    const ticket = (done + 1) | 0;
    const slot = ticket & ${RING - 1};
    let result = 0;
    try {
      if (slowBy) slowBy();
      fdatasyncSync(Atomics.load(s, ${FD_AT} + slot));
    } catch (error) {
      result = typeof error.errno === 'number' && error.errno < 0 ? error.errno : -5;
    }
    Atomics.store(s, ${RESULT_AT} + slot, result);
    done = ticket;
    Atomics.store(s, ${DONE}, done);
  }
  parentPort.postMessage(done);
}
`;

interface Waiter {
  ticket: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface DataSyncOptions {
  /** Tests only: each fdatasync waits this long first, as on a slow disk. */
  delayMs?: number;
  /** Tests only: the last ticket taken before the first sync (to cross the 32-bit wrap). */
  lastTicket?: number;
}

export class DataSyncThread {
  private readonly shared = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (FD_AT + 2 * RING)));
  private worker: Worker | null;
  private requested: number;
  /** Waiting tickets, oldest first (they finish in order); `head` is the next to settle. */
  private readonly waiting: Waiter[] = [];
  private head = 0;

  constructor({ delayMs = 0, lastTicket = 0 }: DataSyncOptions = {}) {
    this.requested = lastTicket | 0;
    Atomics.store(this.shared, REQUESTED, this.requested);
    Atomics.store(this.shared, DONE, this.requested);
    this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { shared: this.shared.buffer, delayMs }, name: 'journal fdatasync' });
    // The thread keeps the process alive only while a sync is awaited (see sync and poll).
    this.worker.unref();
    this.worker.on('message', () => this.poll());
    this.worker.on('error', () => this.fallBackInline());
    this.worker.on('exit', () => this.fallBackInline());
  }

  /** Resolves once fdatasync(fd) has returned; rejects with its error (then the batch failed). */
  sync(fd: number): Promise<void> {
    if (!this.worker || this.pending >= RING) {
      // No thread (it died) or the ring is full: the caller's sync, on this thread, as before.
      try {
        fdatasyncSync(fd);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    if (this.pending === 0) this.worker.ref();
    // Tickets count in 32 bits and wrap (after 2^32 syncs): only their differences are compared.
    const ticket = (this.requested = (this.requested + 1) | 0);
    Atomics.store(this.shared, FD_AT + slotOf(ticket), fd);
    Atomics.store(this.shared, REQUESTED, ticket);
    Atomics.notify(this.shared, REQUESTED);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ ticket, resolve, reject });
    });
  }

  /** Syncs asked for and not yet settled. */
  get pending(): number {
    return this.waiting.length - this.head;
  }

  /** Stops the thread; syncs still waiting, and every later one, are done inline. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await worker.terminate();
    this.fallBackInline();
  }

  /** Settles every ticket the thread has finished. One atomic load when none has: call it often. */
  poll(): void {
    if (this.pending === 0) return;
    const done = Atomics.load(this.shared, DONE);
    while (this.head < this.waiting.length) {
      const waiter = this.waiting[this.head] as Waiter;
      if (((done - waiter.ticket) | 0) < 0) return;
      this.head++;
      const result = Atomics.load(this.shared, RESULT_AT + slotOf(waiter.ticket));
      if (result === 0) waiter.resolve();
      else waiter.reject(syncError(result));
    }
    // All settled: start the queue afresh rather than let it grow for the life of the process.
    this.waiting.length = 0;
    this.head = 0;
    this.worker?.unref();
  }

  /**
   * The thread is gone: whatever it had not finished is synced here (a second fdatasync of a
   * file costs nothing that matters and loses nothing), and every later sync runs inline.
   */
  private fallBackInline(): void {
    if (!this.worker) return;
    this.worker = null;
    this.poll();
    const left = this.waiting.slice(this.head);
    this.waiting.length = 0;
    this.head = 0;
    for (const waiter of left) {
      try {
        fdatasyncSync(Atomics.load(this.shared, FD_AT + slotOf(waiter.ticket)));
        waiter.resolve();
      } catch (error) {
        waiter.reject(error as Error);
      }
    }
  }
}

function slotOf(ticket: number): number {
  return ticket & (RING - 1);
}

function syncError(errno: number): Error {
  let name: string;
  try {
    name = getSystemErrorName(errno);
  } catch {
    name = `errno ${errno}`;
  }
  return Object.assign(new Error(`fdatasync failed: ${name}`), { code: name, errno });
}

let processThread: DataSyncThread | null = null;

/**
 * The process's one sync thread, started by the first store that opens (so its few MB are part
 * of the server from its start, not of the first meeting). Every journal's syncs go through it,
 * in order: no worse than the one event loop that did them all before.
 */
export function dataSyncThread(): DataSyncThread {
  return (processThread ??= new DataSyncThread());
}
