/**
 * Shares store reads between callers per key, without ever handing a caller a read that began
 * before it asked: a caller arriving while a read runs waits for the next one, which starts
 * when the running one ends and serves everyone who arrived meanwhile. So a wave of 5,000
 * reconnecting tablets costs two reads, and each still sees everything acknowledged before it
 * asked (what "never answer from a copy older than the store's" needs).
 */
export class CoalescedReads {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  run(key: string, read: () => Promise<void>): Promise<void> {
    const queued = this.queued.get(key);
    if (queued) return queued;
    const running = this.running.get(key);
    if (!running) return this.start(key, read);
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.queued.delete(key);
        return this.start(key, read);
      });
    this.queued.set(key, next);
    return next;
  }

  private start(key: string, read: () => Promise<void>): Promise<void> {
    const started = read().finally(() => {
      if (this.running.get(key) === started) this.running.delete(key);
    });
    this.running.set(key, started);
    return started;
  }
}
