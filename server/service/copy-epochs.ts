import { randomUUID } from 'node:crypto';

/**
 * This process, among all the nodes that ever served: random, so two nodes (or one node before
 * and after a restart) never name their copies alike.
 */
const PROCESS_ID = randomUUID().replaceAll('-', '').slice(0, 12);
/** Copies read whole by this process so far; module-wide, so two replicas in one process (tests) differ too. */
let copiesRead = 0;

/**
 * The epoch of each meeting's copy on this node (docs/PROTOCOL.md §5): a short opaque name for
 * "this node's copy of this meeting, as read whole". Versions only order the views of one copy:
 * a copy read again after a failover lost an unacknowledged event is *behind* the version some
 * clients saw, and so may another node's copy be. Every view carries its epoch, and a client
 * takes a view of another epoch whatever its version (shared/protocol/view-epoch.ts).
 */
export class CopyEpochs {
  private readonly epochs = new Map<string, string>();

  /** The copy of `meetingId` was (re)read whole: a new epoch, unlike any before on any node. */
  renew(meetingId: string): string {
    copiesRead += 1;
    const epoch = `${PROCESS_ID}.${copiesRead.toString(36)}`;
    this.epochs.set(meetingId, epoch);
    return epoch;
  }

  /**
   * The epoch of the copy last read whole. Kept when the copy is dropped (a failed box read):
   * a view rendered from the dropped copy still names it; the next read renews it.
   */
  of(meetingId: string): string | undefined {
    return this.epochs.get(meetingId);
  }
}
