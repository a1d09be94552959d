import type { MeetingEvent } from '../../shared/domain/meeting';
import type { AppendResult } from '../store/types';

/**
 * The log half of a shared store in memory holding one meeting, for the replica's unit tests
 * (close-box-read.test.ts, failover-register.test.ts): each adds its own votes, casts and faults.
 * Imported only by *.test.ts files.
 */
export abstract class OneMeetingLog {
  constructor(public log: MeetingEvent[]) {}

  get meetingId(): string {
    const created = this.log[0];
    if (created?.type !== 'MeetingCreated') throw new Error('no meeting');
    return created.spec.meetingId;
  }
  async listMeetings() {
    return [this.meetingId];
  }
  async append(_meetingId: string, expectedVersion: number, events: MeetingEvent[]): Promise<AppendResult> {
    if (this.log.length !== expectedVersion) return { ok: false, reason: 'conflict', version: this.log.length };
    this.log.push(...events);
    return { ok: true, version: this.log.length };
  }
  async readEvents(_meetingId: string, afterVersion: number) {
    return this.log.slice(afterVersion);
  }
  /** Whether the log shuts `ballotId` (a shut ballot's box leaves the store, invariant 4). */
  shut(ballotId: string): boolean {
    return this.log.some((e) => e.type === 'BallotClosed' && e.ballotId === ballotId);
  }
  async importMeeting(): Promise<never> {
    throw new Error('no imports in this test');
  }
  async close() {}
}
