import { applyRegisterEntry, replaceRegister } from '../../shared/domain/evolve';
import type { MeetingState, RegisterEntry } from '../../shared/domain/meeting';

export interface ResyncedRegisters {
  state: MeetingState;
  /** Entries the copy held that the store does not: read from a primary lost in a failover. */
  dropped: number;
  /** Entries the copy lacked, now recorded (each announced like a peer's cast). */
  added: RegisterEntry[];
}

/**
 * The copy's registers after a resync read the store's whole register: the store's entries, plus
 * those this node recorded while the read ran (durable casts the read began too early to see).
 * A ballot whose copy holds an entry the store lacks takes the store's register in its place
 * (that entry was read from a Redis primary before its replica had it, and the failover lost it:
 * it was never acknowledged); otherwise the missing entries are added as a catch-up adds them.
 * O(entries), once per resync.
 */
export function resyncRegisters(state: MeetingState, stored: readonly RegisterEntry[], recordedMeanwhile: readonly RegisterEntry[]): ResyncedRegisters {
  const byBallot = new Map<string, RegisterEntry[]>();
  for (const p of [...stored, ...recordedMeanwhile]) {
    const entries = byBallot.get(p.ballotId);
    if (entries) entries.push(p);
    else byBallot.set(p.ballotId, [p]);
  }
  let next = state;
  let dropped = 0;
  const added: RegisterEntry[] = [];
  for (const [ballotId, register] of state.registers) {
    const entries = byBallot.get(ballotId) ?? [];
    const storeSeats = new Set(entries.map((p) => p.seatId));
    let lost = 0;
    for (const seatId of register.keys()) if (!storeSeats.has(seatId)) lost++;
    for (const p of entries) if (!register.has(p.seatId) && state.seats.has(p.seatId)) added.push(p);
    if (lost > 0) {
      dropped += lost;
      next = replaceRegister(next, ballotId, entries);
    } else {
      for (const p of entries) next = applyRegisterEntry(next, p);
    }
  }
  return { state: next, dropped, added };
}
