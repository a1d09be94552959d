import type { MeetingEvent } from '../../shared/domain/meeting';
import { SECRETARIAT, T0, meetingSpec } from '../../shared/domain/test-fixtures';
import { silentLogger } from '../../server/logger';
import { CommandService } from '../../server/service/command-service';
import { MeetingReplica } from '../../server/service/replica';
import type { AppendResult, MeetingStore } from '../../server/store/types';

/**
 * A command log in memory whose appends the test lets through by hand, so commands pile up
 * behind an append in flight exactly as sign-ins do behind an fsync (issue 9).
 */
export class HeldStore implements MeetingStore {
  readonly logs = new Map<string, MeetingEvent[]>();
  /** The events of every append made, one entry per append. */
  readonly appends: MeetingEvent[][] = [];
  private readonly held: (() => void)[] = [];
  hold = false;

  async listMeetings() {
    return [...this.logs.keys()];
  }
  async append(meetingId: string, expectedVersion: number, events: MeetingEvent[]): Promise<AppendResult> {
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    const log = this.logs.get(meetingId) ?? [];
    if (log.length !== expectedVersion) return { ok: false, reason: 'conflict', version: log.length };
    this.logs.set(meetingId, [...log, ...events]);
    this.appends.push(events);
    return { ok: true, version: log.length + events.length };
  }
  /** Lets the appends waiting now go through. */
  release() {
    for (const resolve of this.held.splice(0)) resolve();
  }
  get waitingAppends() {
    return this.held.length;
  }
  async readEvents(meetingId: string, afterVersion: number) {
    return (this.logs.get(meetingId) ?? []).slice(afterVersion);
  }
  async readVotes() {
    return { register: [], boxes: {} };
  }
  async cast(): Promise<never> {
    throw new Error('no votes in this test');
  }
  async importMeeting(): Promise<never> {
    throw new Error('no imports in this test');
  }
  async close() {}
}

/** A congress of `seats` seats created through a command service (batch cap 8) on a HeldStore. */
export async function heldMeeting(seats: number) {
  const store = new HeldStore();
  const clock = { now: () => T0 };
  const replica = new MeetingReplica({ store, clock, logger: silentLogger });
  const service = new CommandService(replica, store, clock, silentLogger, 12, 8);
  const spec = meetingSpec('congress', seats);
  const created = await service.createMeeting(spec, SECRETARIAT);
  if (!created.ok) throw new Error(created.message);
  return { store, replica, service, meetingId: spec.meetingId };
}
