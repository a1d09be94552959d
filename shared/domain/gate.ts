import type { MeetingEvent } from './meeting';

/**
 * What a store must know to record a vote atomically, without the rest of the meeting:
 * which ballots accept casts, until when, and whether the choice may be kept with the voter.
 * Both stores derive it from the events they append, so the gate is part of the log's fold.
 */
export type GateChange =
  | { type: 'open'; ballotId: string; deadline: number | null; named: boolean }
  | { type: 'shut'; ballotId: string };

export function gateChanges(events: readonly MeetingEvent[]): GateChange[] {
  const changes: GateChange[] = [];
  for (const event of events) {
    if (event.type === 'BallotOpened') {
      changes.push({
        type: 'open',
        ballotId: event.spec.ballotId,
        deadline: event.deadline,
        named: event.spec.secrecy === 'named',
      });
    } else if (event.type === 'BallotClosed' || event.type === 'BallotVoided') {
      changes.push({ type: 'shut', ballotId: event.ballotId });
    }
  }
  return changes;
}

export interface BallotGate {
  deadline: number | null;
  named: boolean;
}
