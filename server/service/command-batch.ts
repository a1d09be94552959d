import type { Decision, MeetingCommand } from '../../shared/domain/decide';
import type { Actor, MeetingEvent, MeetingState } from '../../shared/domain/meeting';
import { decideAll } from './decide-all';

/** One caller's commands, waiting in its meeting's line to be decided. */
export interface QueuedCommands {
  commands: readonly MeetingCommand[];
  actor: Actor;
}

/**
 * Decides the callers queued behind one another on a meeting as one group (issue 9: one
 * append, one fsync, for many sign-ins): each caller's commands against the state the callers
 * before it lead to, exactly as if they had run one at a time in arrival order. A refused caller
 * adds no events and does not stop the ones after it; `events` is what goes to the store, in
 * arrival order, and `after` the state they lead to (each caller's events folded once, by
 * decideAll).
 */
export function decideBatch(
  state: MeetingState,
  queued: readonly QueuedCommands[],
  now: number,
): { verdicts: Decision[]; events: MeetingEvent[]; after: MeetingState } {
  let scratch = state;
  const events: MeetingEvent[] = [];
  const verdicts = queued.map(({ commands, actor }): Decision => {
    const decision = decideAll(scratch, commands, { actor, now });
    if (!decision.ok) return decision;
    scratch = decision.after;
    for (const event of decision.events) events.push(event);
    return decision;
  });
  return { verdicts, events, after: scratch };
}

/**
 * Takes from the front of `line` the callers one batch decides: at least one, then more while
 * their commands together stay within `maxCommands` (a bound on how long the batch's decide
 * and its one append keep the callers after it waiting).
 */
export function takeBatch<T extends QueuedCommands>(line: T[], maxCommands: number): T[] {
  let size = 0;
  let count = 0;
  while (count < line.length) {
    const next = line[count]!.commands.length;
    if (count > 0 && size + next > maxCommands) break;
    size += next;
    count++;
  }
  return line.splice(0, count);
}
