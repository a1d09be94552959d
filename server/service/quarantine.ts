import { ServiceError } from './service-error';

export interface QuarantinedMeeting {
  meetingId: string;
  /** Why its log could not be folded, in words for the operator. */
  reason: string;
  /** When this node took it out of service; null when the store found it damaged on opening. */
  since: number | null;
}

/**
 * Meetings whose log cannot be folded into a consistent state (invariant 6: start-up never
 * fails because of one bad meeting). Such a meeting is not served: every use answers
 * MEETING_UNAVAILABLE, it is listed in GET /api/health for operators and logged at error
 * level, and the other meetings load and run as usual. Its log is left untouched on disk
 * (or in Redis) for an operator to inspect; a restart tries it again.
 */
export class Quarantine {
  private readonly meetings = new Map<string, QuarantinedMeeting>();

  add(meetingId: string, reason: string, since: number): void {
    this.meetings.set(meetingId, { meetingId, reason, since });
  }

  has(meetingId: string): boolean {
    return this.meetings.has(meetingId);
  }

  list(): QuarantinedMeeting[] {
    return [...this.meetings.values()];
  }

  /** What a caller is told about a quarantined meeting. */
  refusal(meetingId: string): ServiceError {
    return new ServiceError(
      'MEETING_UNAVAILABLE',
      `meeting ${meetingId} cannot be served: its log could not be read into a consistent state; an operator has been alerted`,
      { meetingId },
    );
  }
}

/** A log that folds into no consistent meeting: the message says what is wrong with it. */
export class InconsistentLogError extends Error {
  override name = 'InconsistentLogError';
}
