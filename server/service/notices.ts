import type { MeetingEvent, MeetingState } from '../../shared/domain/meeting';

/** The state moved to a new version (no events: it was re-read from the store, anything may have changed). */
export interface ChangeNotice {
  meetingId: string;
  state: MeetingState;
  events: MeetingEvent[];
}
/** A new paper went into a ballot box; `voted` is the store's turnout after it. */
export interface VoteNotice {
  meetingId: string;
  ballotId: string;
  seatId: string;
  voted: number;
}
/** A seat was paired on a new device; tablets with any other deviceId must leave. */
export interface DeviceReplacedNotice {
  meetingId: string;
  seatId: string;
  deviceId: string;
  at: number;
}
/** Events folded into a meeting's copy (this node's own, or read from the store): for the parts that keep indexes and timers. */
export interface Advance {
  meetingId: string;
  before: MeetingState;
  after: MeetingState;
  events: readonly MeetingEvent[];
}
