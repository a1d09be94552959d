import { createHash } from 'node:crypto';
import type { MeetingEvent, MeetingState, RegisterEntry } from '../../shared/domain/meeting';
import type { Logger } from '../logger';
import type { MeetingStore, VoteRecords } from '../store/types';
import { storeCall } from './store-call';

/** What a resync needs of the copy (replica.ts): it reads and decides, the copy alone changes itself. */
export interface ResyncedCopy {
  /** The meetings loaded here. */
  meetingIds(): string[];
  cached(meetingId: string): MeetingState | undefined;
  isQuarantined(meetingId: string): boolean;
  advance(meetingId: string, baseVersion: number, events: readonly MeetingEvent[]): Promise<MeetingState>;
  settled(meetingId: string): Promise<MeetingState | null>;
  /** The copy holds events the store does not: the meeting read again whole. */
  reload(meetingId: string, copyVersion: number): Promise<void>;
  /** The store's whole registers, plus the casts recorded while they were read, made the copy's. */
  takeWholeRegisters(meetingId: string, stored: readonly RegisterEntry[], meanwhile: readonly RegisterEntry[]): void;
}

/**
 * Following notices keeps a copy current only while every notice arrives and the store keeps
 * every write it was sent. Neither holds after the notice channel reconnected, a peer went
 * silent or left, a peer's notices did not all arrive, or the store lost writes it never
 * acknowledged (a Redis restart or a Sentinel failover: what this node read from the old primary
 * may not have reached the replica). This brings each loaded copy back to the store's: a copy
 * ahead of the store's log is read again whole (reload); else the new events are folded; then
 * the whole register of who voted is read again and made the copy's (register-resync.ts).
 */
export class ReplicaResync {
  /**
   * Per meeting, a fingerprint of the copy's last event as the store keeps it (JSON, hashed): a
   * resync checks that the store still has that very event at that version (catchUpOrReload).
   */
  private readonly lastEvents = new Map<string, string>();
  /** Per meeting while a resync reads its registers: the entries recorded meanwhile (resyncAll). */
  private readonly recordedMeanwhile = new Map<string, RegisterEntry[]>();

  constructor(
    private readonly copy: ResyncedCopy,
    private readonly store: MeetingStore,
    private readonly logger: Logger,
  ) {}

  /** The copy's last event is now `event` (created, folded in, or read whole): what the next resync looks for in the store. */
  rememberLastEvent(meetingId: string, event: MeetingEvent): void {
    this.lastEvents.set(meetingId, fingerprint(event));
  }

  /** A cast the copy just recorded: kept if a resync is reading that meeting's registers, as the read may have begun too early to see it. */
  castRecorded(meetingId: string, entry: RegisterEntry): void {
    this.recordedMeanwhile.get(meetingId)?.push(entry);
  }

  /** Per loaded meeting: the log caught up or read again whole, then the whole register read again. */
  async resyncAll(): Promise<void> {
    for (const meetingId of this.copy.meetingIds()) {
      try {
        await this.catchUpOrReload(meetingId);
      } catch (err) {
        // A meeting quarantined by this read stays out of service; the others resync.
        if (this.copy.isQuarantined(meetingId)) continue;
        throw err;
      }
      const meanwhile: RegisterEntry[] = [];
      this.recordedMeanwhile.set(meetingId, meanwhile);
      let votes: VoteRecords;
      try {
        votes = await storeCall(this.logger, 'read the votes', () => this.store.readVotes(meetingId), meetingId);
      } finally {
        this.recordedMeanwhile.delete(meetingId);
      }
      this.copy.takeWholeRegisters(meetingId, votes.register, meanwhile);
    }
  }

  /** The log's new events; or, when the store no longer has the copy's last event, the meeting read again whole. */
  private async catchUpOrReload(meetingId: string): Promise<void> {
    const state = this.copy.cached(meetingId);
    if (!state) return;
    // From the copy's last event on: one event more than a catch-up reads, to see that it is still there.
    const tail = await storeCall(this.logger, 'read the log', () => this.store.readEvents(meetingId, state.version - 1), meetingId);
    const known = this.lastEvents.get(meetingId);
    // Gone, or another event in its place (the failover lost it, and another node wrote this version since).
    if (tail.length === 0 || (known !== undefined && fingerprint(tail[0]!) !== known)) return this.copy.reload(meetingId, state.version);
    if (tail.length > 1) await this.copy.advance(meetingId, state.version - 1, tail);
    await this.copy.settled(meetingId);
  }
}

/** An event as the stores keep it (JSON), hashed: equal for the same event read back, small whatever the event holds. */
function fingerprint(event: MeetingEvent): string {
  return createHash('sha256').update(JSON.stringify(event)).digest('base64');
}
