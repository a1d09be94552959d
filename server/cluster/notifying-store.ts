import type { MeetingEvent, RegisterEntry } from '../../shared/domain/meeting';
import { readRegister, readTurnout } from '../store/register-reads';
import type { AppendResult, StoredCast, CastRequest, MeetingArchive, MeetingStore, VoteRecords } from '../store/types';
import type { HeldRegister } from '../store/register-digest';
import { promiseOf } from '../reply';
import { castThrough, type CastWaiter } from '../store/cast-waiter';
import { CastNotices } from './cast-notices';
import { castRowsNotice, type Notice } from './notices';

/**
 * The store as the service sees it in cluster mode: every call goes to the real store; after a
 * change is durable (and only then) a notice goes out so the other nodes catch up. Publishing
 * never fails the call: the change is already on record and the others find it at their next
 * read, or at the resync after their notice channel comes back.
 */
export class NotifyingStore implements MeetingStore {
  private readonly casts: CastNotices;

  constructor(
    private readonly inner: MeetingStore,
    private readonly publish: (notice: Notice) => void,
    private readonly nodeId: string,
  ) {
    this.casts = new CastNotices((meetingId, casts) => publish(castRowsNotice(nodeId, meetingId, casts)));
  }

  /** Sends the casts not yet announced (the node is leaving). */
  flushNotices(): void {
    this.casts.flushAll();
  }

  listMeetings(): Promise<string[]> {
    return this.inner.listMeetings();
  }

  async append(meetingId: string, expectedVersion: number, events: MeetingEvent[]): Promise<AppendResult> {
    const result = await this.inner.append(meetingId, expectedVersion, events);
    if (result.ok) this.moved(meetingId, result.version);
    return result;
  }

  readEvents(meetingId: string, afterVersion: number): Promise<MeetingEvent[]> {
    return this.inner.readEvents(meetingId, afterVersion);
  }

  /** A cast as a promise (tests, the demo); the vote path is castInto. */
  cast(meetingId: string, request: CastRequest): Promise<StoredCast> {
    return promiseOf((waiter) => this.castInto(meetingId, request, waiter));
  }

  /** The vote path: the inner store's, with one object per vote to announce what it recorded (AnnouncedCast). */
  castInto(meetingId: string, request: CastRequest, waiter: CastWaiter): void {
    castThrough(this.inner, meetingId, request, new AnnouncedCast(this.casts, meetingId, waiter));
  }

  readVotes(meetingId: string, ballotIds?: readonly string[], held?: ReadonlyMap<string, HeldRegister>): Promise<VoteRecords> {
    return this.inner.readVotes(meetingId, ballotIds, held);
  }

  readTurnout(meetingId: string, ballotIds: readonly string[]): Promise<number[]> {
    return readTurnout(this.inner, meetingId, ballotIds);
  }

  readRegister(meetingId: string, ballotId: string): Promise<RegisterEntry[]> {
    return readRegister(this.inner, meetingId, ballotId);
  }

  async importMeeting(archive: MeetingArchive): Promise<{ ok: true } | { ok: false; reason: 'exists' }> {
    const result = await this.inner.importMeeting(archive);
    if (result.ok) this.moved(archive.meetingId, archive.events.length);
    return result;
  }

  close(): Promise<void> {
    this.casts.flushAll();
    return this.inner.close();
  }

  /** The log moved: announced after the meeting's casts recorded before it. */
  private moved(meetingId: string, version: number): void {
    this.casts.flush(meetingId);
    this.publish({ t: 'moved', from: this.nodeId, meetingId, version });
  }
}

/** One cast on its way back from the store: a recorded vote is announced to the other nodes before its answer goes on. */
class AnnouncedCast implements CastWaiter {
  constructor(
    private readonly notices: CastNotices,
    private readonly meetingId: string,
    private readonly waiter: CastWaiter,
  ) {}

  answered(outcome: StoredCast): void {
    // The store's entry as it is: a secret ballot's has no choice (null), a named ballot's has
    // the paper its register holds beside the seat anyway; the notice tells either (notices.ts).
    if (outcome.status === 'recorded') {
      try {
        this.notices.add(this.meetingId, { entry: outcome.entry, voted: outcome.voted });
      } catch (error) {
        this.waiter.failed(error);
        return;
      }
    }
    this.waiter.answered(outcome);
  }

  failed(error: unknown): void {
    this.waiter.failed(error);
  }
}
