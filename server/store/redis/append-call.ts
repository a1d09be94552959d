import { gateChanges, type GateChange } from '../../../shared/domain/gate';
import type { MeetingEvent } from '../../../shared/domain/meeting';
import { meetingKeys } from './keys';

/** KEYS and ARGV of one run of the append script (scripts/append.ts). */
export interface AppendCall {
  keys: string[];
  args: string[];
}

/** A gate change as the append script takes it; `sealing` holds the secret ballots' wrapped keys. */
function gateArgs(change: GateChange, sealing: ReadonlyMap<string, string>): string[] {
  if (change.type === 'shut') return ['shut', change.ballotId, '', '', '', ''];
  // Countdown extended, paused ('' = no deadline) or resumed (countdown.ts).
  if (change.type === 'deadline') return ['deadline', change.ballotId, change.deadline === null ? '' : String(change.deadline), '', '', ''];
  const deadline = change.deadline === null ? '' : String(change.deadline);
  const named = change.named ? '1' : '0';
  return ['open', change.ballotId, deadline, named, change.lastCounts ? '1' : '0', sealing.get(change.ballotId) ?? ''];
}

/**
 * Lays out an append for the script: the events and the gate changes they make. `sealing` maps
 * each secret ballot the events open to its `wrapped\npaperBytes` (sealed-ballots.ts newKeys).
 */
export function appendCall(
  meetingId: string,
  expectedVersion: number,
  events: readonly MeetingEvent[],
  sealing: ReadonlyMap<string, string>,
): AppendCall {
  const changes = gateChanges(events);
  const keys = meetingKeys(meetingId);
  const encoded = events.map((event) => JSON.stringify(event));
  return {
    keys: [keys.log, keys.version, keys.ballots, ...changes.map((change) => keys.gate(change.ballotId))],
    args: [String(expectedVersion), String(encoded.length), ...encoded, ...changes.flatMap((change) => gateArgs(change, sealing))],
  };
}
