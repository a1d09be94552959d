import { registerOf } from '../../shared/domain/evolve';
import type { IdMap, MeetingState, Participation } from '../../shared/domain/meeting';
import { registerDigest, type HeldRegister } from '../store/register-digest';

/** What a close's read tells the store the copy holds, and the registers to keep when the store says they are the same. */
export interface HeldRegisters {
  digests: Map<string, HeldRegister> | undefined;
  registers: Map<string, IdMap<Participation>> | undefined;
}

/** Nothing held: the store sends every register (a store of the node's own, embedded). */
export const NOTHING_HELD: HeldRegisters = { digests: undefined, registers: undefined };

/**
 * The registers a fold that shut `closed` holds of them, with their sizes and digests: a store
 * that finds its own the same leaves them out of the read (register-digest.ts). O(entries), as
 * comparing the entries read was; a register with a receipt id that has no digest is read whole.
 * So is a named ballot's register with an entry taken from a peer's notice: the digest covers
 * receipts only, and such an entry lacks its paper, which the per-delegate record shows.
 */
export function heldRegisters(folded: MeetingState, closed: ReadonlySet<string>): HeldRegisters {
  const digests = new Map<string, HeldRegister>();
  const registers = new Map<string, IdMap<Participation>>();
  for (const ballotId of closed) {
    const register = registerOf(folded, ballotId);
    if (!register || (folded.ballots.get(ballotId)?.spec.secrecy === 'named' && lacksAPaper(register))) continue;
    const digest = registerDigest(register.values());
    if (digest === null) continue;
    digests.set(ballotId, { size: register.size, digest });
    registers.set(ballotId, register);
  }
  return { digests, registers };
}

function lacksAPaper(register: IdMap<Participation>): boolean {
  for (const entry of register.values()) if (entry.choiceKey === null) return true;
  return false;
}
