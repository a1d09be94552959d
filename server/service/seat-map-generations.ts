import type { MeetingState } from '../../shared/domain/meeting';

/**
 * A number per meeting that changes whenever its copy's seat map is another object: a pairing,
 * a sign-in, an attendance mark or a copy read anew. The map is persistent (never changed in
 * place), so while the number stands every seat's record is the one it was. Votes, ballots and
 * agenda steps leave the map alone: a tablet's device found current stays current through a
 * whole sitting's votes (server/gateway/device-check.ts), not just until the next event.
 *
 * Derived from the copy itself when asked, not from a signal: no fold can change the seats
 * without the next answer changing too. Numbers are never reused (one counter for the process),
 * so a map seen again later gets a new number and nothing held against an old one matches it.
 */
export class SeatMapGenerations {
  private last = 0;
  /** The one seat map held per meeting: the latest one asked about. */
  private readonly byMeeting = new Map<string, { seats: MeetingState['seats']; generation: number }>();

  of(meetingId: string, state: MeetingState): number {
    const held = this.byMeeting.get(meetingId);
    if (held !== undefined && held.seats === state.seats) return held.generation;
    const generation = ++this.last;
    if (held !== undefined) {
      held.seats = state.seats;
      held.generation = generation;
    } else {
      this.byMeeting.set(meetingId, { seats: state.seats, generation });
    }
    return generation;
  }

  /**
   * The meeting was taken out of service (quarantined): its map is no longer held. A copy only
   * dropped is read again on its next use, and its new map replaces the one held here.
   */
  forget(meetingId: string): void {
    this.byMeeting.delete(meetingId);
  }
}
