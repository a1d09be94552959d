import { pressRuleOf } from './ballots/kinds';
import type { MeetingEvent } from './meeting';
import { countdownChange } from './countdown';

/**
 * What a store must know to record a vote atomically, without the rest of the meeting:
 * which ballots accept casts, until when, and whether the choice may be kept with the voter.
 * Both stores derive it from the events they append, so the gate is part of the log's fold.
 */
/**
 * `lastCounts` (present only when true): a named ballot with pressRule last_counts, where a
 * seat's later paper replaces its earlier one until the gate shuts.
 */
export type GateChange =
  | { type: 'open'; ballotId: string; deadline: number | null; named: boolean; lastCounts?: true }
  | { type: 'shut'; ballotId: string }
  /** A countdown extended, paused (deadline null) or resumed (countdown.ts): only the deadline changes. */
  | { type: 'deadline'; ballotId: string; deadline: number | null };

export function gateChanges(events: readonly MeetingEvent[]): GateChange[] {
  const changes: GateChange[] = [];
  for (const event of events) {
    if (event.type === 'BallotOpened') {
      const named = event.spec.secrecy === 'named';
      changes.push({
        type: 'open',
        ballotId: event.spec.ballotId,
        deadline: event.deadline,
        named,
        // Only a named ballot may replace papers: an anonymous box cannot tell which paper to take out.
        ...(named && pressRuleOf(event.spec) === 'last_counts' ? { lastCounts: true as const } : {}),
      });
    } else if (event.type === 'BallotClosed' || event.type === 'BallotVoided') {
      changes.push({ type: 'shut', ballotId: event.ballotId });
    } else {
      const countdown = countdownChange(event);
      if (countdown) changes.push({ type: 'deadline', ...countdown });
    }
  }
  return changes;
}

export interface BallotGate {
  deadline: number | null;
  named: boolean;
  lastCounts?: boolean;
}
