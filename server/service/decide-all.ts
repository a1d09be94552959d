import { decide, type CommandContext, type Decision, type MeetingCommand } from '../../shared/domain/decide';
import { evolve } from '../../shared/domain/evolve';
import type { MeetingEvent, MeetingState } from '../../shared/domain/meeting';

/**
 * Decides several commands as one unit, each against the state the previous ones lead to, so
 * their events can go to the store in one conditional append (e.g. a code for every seat).
 * The first rejection rejects them all.
 */
export function decideAll(state: MeetingState, commands: readonly MeetingCommand[], ctx: CommandContext): Decision {
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
  return { ok: true, events };
}
