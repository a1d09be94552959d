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
  /**
   * The connection the cast came through on this node (a Socket.IO socket, opaque here): it
   * learns the outcome from its ack, so the seat's update goes only to the seat's other
   * connections. Absent for a cast heard from another node or read from the store.
   */
  origin?: CastOrigin;
}
/** The connection a cast came through: its id, and whether it is still connected. */
export interface CastOrigin {
  readonly id: string;
  readonly connected: boolean;
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
