import type { Participation } from '../../../shared/domain/meeting';
import { gateChanges } from '../../../shared/domain/gate';
import { replayArchive } from '../file/archive-import';
import type { MeetingArchive } from '../types';
import { assertStoreId } from './input-checks';
import { meetingKeys } from './keys';
import { encodeParticipation } from './participation-codec';

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
    } else {
      const gate = gates.get(change.ballotId);
      if (gate) gate.open = false;
    }
  }
  return gates;
}

/**
 * Checks an archive and lays it out as KEYS and ARGV for IMPORT_SCRIPT. The check is the file
 * store's replay (file/archive-import.ts), so both stores hold archives to one set of rules:
 * a well-formed log, votes only on opened ballots and one per seat, no choice beside a seat on
 * a secret ballot, boxes that agree with the register. Throws InvalidStoreInputError before
 * anything is written.
 */
export function planImport(archive: MeetingArchive): ImportPlan {
  assertStoreId('meetingId', archive.meetingId);
  // The replay's copy holds exactly the register's fields, nothing else rides along.
  const checked = replayArchive(archive).archive;

  const gates = finalGates(checked);
  const registers = new Map<string, [seatId: string, stored: string][]>();
  checked.votes.participations.forEach((p: Participation, index) => {
    const register = registers.get(p.ballotId) ?? [];
    register.push([p.seatId, encodeParticipation(index + 1, p)]);
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
    const papers = Object.entries(checked.votes.boxes[ballotId] ?? {});
    args.push(String(papers.length), ...papers.flatMap(([choiceKey, count]) => [choiceKey, String(count)]));
  }
  return { keys: planKeys, args };
}
