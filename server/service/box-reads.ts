/**
 * Box reads in flight after a close was folded, per meeting. Until one ends, the copy has the
 * ballot shut but its box empty: nothing may decide on it (MeetingReplica.settled waits here).
 */
export class BoxReads {
  private readonly inFlight = new Map<string, Set<Promise<void>>>();

  /** Runs a box read, registered so `settled` waits for it; its outcome is the read's. */
  async track<T>(meetingId: string, read: Promise<T>): Promise<T> {
    const done = read.then(
      () => undefined,
      () => undefined,
    );
    const reads = this.inFlight.get(meetingId) ?? new Set<Promise<void>>();
    this.inFlight.set(meetingId, reads);
    reads.add(done);
    try {
      return await read;
    } finally {
      reads.delete(done);
      if (reads.size === 0 && this.inFlight.get(meetingId) === reads) this.inFlight.delete(meetingId);
    }
  }

  /** Resolves once no box read of the meeting is in flight, those started meanwhile included. Immediate when none is. */
  async settled(meetingId: string): Promise<void> {
    for (let reads = this.inFlight.get(meetingId); reads && reads.size > 0; reads = this.inFlight.get(meetingId)) {
      await Promise.all(reads);
    }
  }
}
