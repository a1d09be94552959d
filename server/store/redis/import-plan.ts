import type { RegisterEntry } from '../../../shared/domain/meeting';
import { gateChanges } from '../../../shared/domain/gate';
import { replayArchive } from '../file/archive-import';
import type { MeetingArchive } from '../types';
import { InvalidStoreInputError } from '../errors';
import { assertStoreId } from './input-checks';
import { meetingKeys } from './keys';
import { encodeRegisterEntry } from './register-entry-codec';

interface GateState {
  open: boolean;
  deadline: number | null;
  named: boolean;
  lastCounts: boolean;
}

export interface ImportPlan {
  keys: string[];
  args: string[];
}

/** The gates a store holds after appending the archive's events one by one. */
function finalGates(archive: MeetingArchive): Map<string, GateState> {
  const gates = new Map<string, GateState>();
  for (const change of gateChanges(archive.events)) {
    if (change.type === 'open') {
      gates.set(change.ballotId, { open: true, deadline: change.deadline, named: change.named, lastCounts: change.lastCounts === true });
    } else if (change.type === 'deadline') {
      const gate = gates.get(change.ballotId);
      if (gate?.open) gate.deadline = change.deadline;
    } else {
      const gate = gates.get(change.ballotId);
      if (gate) gate.open = false;
    }
  }
  return gates;
}

/**
 * No ballot may arrive open (the file store's replay says the same; this comes first, since an
 * open ballot's missing box would otherwise be reported as a box that disagrees with its
 * register). An open secret ballot's papers would have to arrive in plain form beside a register
 * that is still growing, and no archive carries the key to seal them (invariant 4); a last_counts
 * ballot's used keys are not in an archive either.
 */
function refuseOpenBallots(archive: MeetingArchive): void {
  if (!Array.isArray(archive.events) || !archive.events.every((event) => typeof event === 'object' && event !== null)) return;
  let gates: Map<string, GateState>;
  try {
    gates = finalGates(archive);
  } catch {
    return; // malformed events: the replay says what is wrong with them
  }
  const open = [...gates].filter(([, gate]) => gate.open).map(([ballotId]) => ballotId);
  if (open.length > 0) {
    throw new InvalidStoreInputError(
      `archive of meeting ${archive.meetingId} cannot be imported: ballot ${open.join(', ')} is still open; close it before exporting`,
    );
  }
}

/**
 * Checks an archive and lays it out as KEYS and ARGV for IMPORT_SCRIPT. The check is the file
 * store's replay (file/archive-import.ts), so both stores hold archives to one set of rules:
 * a well-formed log, votes only on opened ballots and one per seat, no choice beside a seat on
 * a secret ballot, boxes that agree with the register; and, for Redis, no ballot still open.
 * Throws InvalidStoreInputError before anything is written.
 */
export function planImport(archive: MeetingArchive): ImportPlan {
  assertStoreId('meetingId', archive.meetingId);
  refuseOpenBallots(archive);
  // The replay's copy holds exactly the register's fields, nothing else rides along.
  const checked = replayArchive(archive).archive;

  const gates = finalGates(checked);
  const registers = new Map<string, [seatId: string, stored: string][]>();
  checked.votes.participations.forEach((p: RegisterEntry, index) => {
    const register = registers.get(p.ballotId) ?? [];
    register.push([p.seatId, encodeRegisterEntry(index + 1, p)]);
    registers.set(p.ballotId, register);
  });

  const keys = meetingKeys(checked.meetingId);
  const planKeys = [keys.version, keys.log, keys.ballots, keys.castSeq];
  const args = [
    String(checked.events.length),
    ...checked.events.map((event) => JSON.stringify(event)),
    String(checked.votes.participations.length),
  ];
  // Every ballot with a box or a register was opened (the replay checked it), so has a gate.
  for (const [ballotId, gate] of gates) {
    planKeys.push(keys.gate(ballotId), keys.voters(ballotId), keys.box(ballotId));
    const deadline = gate.deadline === null ? '' : String(gate.deadline);
    args.push(ballotId, gate.open ? 'open' : 'shut', deadline, gate.named ? '1' : '0', gate.lastCounts ? '1' : '0');
    const register = registers.get(ballotId) ?? [];
    args.push(String(register.length), ...register.flat());
    // Sorted: the box hash then keeps no insertion order from the archive (invariant 4).
    const papers = Object.entries(checked.votes.boxes[ballotId] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    args.push(String(papers.length), ...papers.flatMap(([choiceKey, count]) => [choiceKey, String(count)]));
  }
  return { keys: planKeys, args };
}
