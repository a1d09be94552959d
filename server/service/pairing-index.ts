import type { MeetingEvent, MeetingState } from '../../shared/domain/meeting';

/**
 * Which meeting an open pairing code belongs to, by the code's hash. A tablet only knows the
 * code from its seat card, so POST /api/pair must find the meeting from the code alone.
 * Rebuilt per meeting from its state when the meeting loads, then kept by the events that issue
 * or use codes (O(1) per pairing: 3,000 tablets pairing must not rescan 3,000 codes each), so
 * it never disagrees with the log.
 */
export class PairingIndex {
  private readonly meetingByHash = new Map<string, string>();
  private readonly hashesByMeeting = new Map<string, Set<string>>();

  /** The whole meeting, from its state's open codes (on load). */
  update(state: MeetingState): void {
    const meetingId = state.spec.meetingId;
    for (const hash of this.hashesByMeeting.get(meetingId) ?? []) this.meetingByHash.delete(hash);
    const hashes = new Set<string>();
    for (const hash of state.openCodes.keys()) {
      hashes.add(hash);
      this.meetingByHash.set(hash, meetingId);
    }
    this.hashesByMeeting.set(meetingId, hashes);
  }

  /** Only the codes `events` touched: a code is indexed exactly while `after` holds it open. */
  follow(before: MeetingState, after: MeetingState, events: readonly MeetingEvent[]): void {
    const meetingId = after.spec.meetingId;
    const hashes = this.hashesByMeeting.get(meetingId) ?? new Set<string>();
    this.hashesByMeeting.set(meetingId, hashes);
    const touched = new Set<string>();
    for (const event of events) {
      if (event.type === 'DevicePaired') touched.add(event.codeHash);
      // A voided card: the seat's unused codes leave the index.
      if (event.type === 'PairingCodeRevoked') for (const hash of before.seats.get(event.seatId)?.openCodeHashes ?? []) touched.add(hash);
      if (event.type !== 'PairingCodeIssued') continue;
      touched.add(event.codeHash);
      // A new card replaces the seat's earlier unused code.
      for (const replaced of before.seats.get(event.seatId)?.openCodeHashes ?? []) touched.add(replaced);
    }
    for (const hash of touched) {
      if (after.openCodes.has(hash)) {
        hashes.add(hash);
        this.meetingByHash.set(hash, meetingId);
      } else if (hashes.delete(hash)) {
        this.meetingByHash.delete(hash);
      }
    }
  }

  meetingFor(codeHash: string): string | undefined {
    return this.meetingByHash.get(codeHash);
  }
}
