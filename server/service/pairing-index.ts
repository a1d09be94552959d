import type { MeetingState } from '../../shared/domain/meeting';

/**
 * Which meeting an open pairing code belongs to, by the code's hash. A tablet only knows the
 * code from its seat card, so POST /api/pair must find the meeting from the code alone.
 * Rebuilt per meeting from its state, so it can never disagree with the log.
 */
export class PairingIndex {
  private readonly meetingByHash = new Map<string, string>();
  private readonly hashesByMeeting = new Map<string, Set<string>>();

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

  meetingFor(codeHash: string): string | undefined {
    return this.meetingByHash.get(codeHash);
  }
}
