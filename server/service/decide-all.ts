import { decide, type CommandContext, type Decision, type MeetingCommand } from '../../shared/domain/decide';
import { evolve } from '../../shared/domain/evolve';
import type { MeetingEvent, MeetingState } from '../../shared/domain/meeting';

/** A unit's decision, and on acceptance the state its events lead to (folded once, here). */
export type UnitDecision = Extract<Decision, { ok: false }> | { ok: true; events: MeetingEvent[]; after: MeetingState };

/**
 * Decides several commands as one unit, each against the state the previous ones lead to, so
 * their events can go to the store in one conditional append (e.g. a code for every seat).
 * The first rejection rejects them all. `after` is the fold of the unit's events onto `state`:
 * the batch decides its next caller against it, and the copy takes it once the events are
 * durable, so an event is folded once, not three times (command-batch.ts, replica.advance).
 */
export function decideAll(state: MeetingState, commands: readonly MeetingCommand[], ctx: CommandContext): UnitDecision {
  let scratch = state;
  const events: MeetingEvent[] = [];
  for (const command of commands) {
    const decision = decide(scratch, command, ctx);
    if (!decision.ok) return decision;
    for (const event of decision.events) {
      scratch = evolve(scratch, event);
      events.push(event);
    }
  }
  return { ok: true, events, after: scratch };
}
