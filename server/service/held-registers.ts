import { registerOf } from '../../shared/domain/evolve';
import type { IdMap, MeetingState, RegisterEntry } from '../../shared/domain/meeting';
import { registerDigest, type HeldRegister } from '../store/register-digest';

/** A register the copy holds of a shut ballot, with what the store compares it by (its size and digest). */
export interface HeldCopy extends HeldRegister {
  register: IdMap<RegisterEntry>;
}

/**
 * The registers a fold that shut `closed` holds of them, with their sizes and digests: a store
 * that finds its own the same leaves them out of the read (register-digest.ts). O(entries), as
 * comparing the entries read was; a register with a receipt id that has no digest is read whole.
 * So is a named ballot's register with an entry taken from a peer's notice: the digest covers
 * receipts only, and such an entry lacks its paper, which the per-delegate record shows.
 */
export function heldRegisters(folded: MeetingState, closed: ReadonlySet<string>): Map<string, HeldCopy> {
  const held = new Map<string, HeldCopy>();
  for (const ballotId of closed) {
    const register = registerOf(folded, ballotId);
    if (!register || (folded.ballots.get(ballotId)?.spec.secrecy === 'named' && lacksAPaper(register))) continue;
    const digest = registerDigest(register.values());
    if (digest !== null) held.set(ballotId, { register, size: register.size, digest });
  }
  return held;
}

function lacksAPaper(register: IdMap<RegisterEntry>): boolean {
  for (const entry of register.values()) if (entry.choiceKey === null) return true;
  return false;
}
