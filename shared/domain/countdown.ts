import type { CommandContext, Decision } from './decision';
import type { BallotState, MeetingEvent, MeetingState } from './meeting';
import type { CountdownEvent } from './countdown-types';
// Issue 9: defined in the leaf countdown-types.ts (meeting.ts needs them, and must not import this module).
export type { CountdownEvent } from './countdown-types';

/*
 * Countdown control of an open ballot (R7, invariant 7): the presidium may extend the countdown,
 * or pause it (a delegate's tablet needs help, the chair explains something) and resume it. Each
 * is an event carrying the new server deadline, so the deadline in the log stays the one truth:
 * the store's gate takes it with the append (gate.ts 'deadline'), a cast at or after it is
 * refused, and every node's timer follows it. While paused the ballot has no deadline (casts are
 * still accepted: pausing the clock never takes the vote away from anyone) and keeps the time it
 * had left, which resuming gives back.
 */

export type CountdownCommand =
  | { type: 'ExtendCountdown'; ballotId: string; seconds: number }
  | { type: 'PauseCountdown'; ballotId: string }
  | { type: 'ResumeCountdown'; ballotId: string };

/** Longest single extension, in seconds (the countdown bounds of settings.ts). */
export const MAX_EXTENSION_SECONDS = 3600;

const reject = (code: Extract<Decision, { ok: false }>['code'], message: string): Decision => ({ ok: false, code, message });

/** A paused ballot's remaining time, or null when it is running or has no countdown. */
export function pausedRemaining(ballot: Pick<BallotState, 'pausedRemainingMs'>): number | null {
  return ballot.pausedRemainingMs ?? null;
}

export function decideCountdown(state: MeetingState, command: CountdownCommand, { actor, now }: CommandContext): Decision {
  const ballot = state.ballots.get(command.ballotId);
  if (!ballot) return reject('UNKNOWN_BALLOT', `no ballot ${command.ballotId}`);
  if (ballot.status !== 'open') return reject('BALLOT_NOT_OPEN', 'the ballot is not open');
  const paused = pausedRemaining(ballot);
  // Past the real deadline the ballot is closing (the timer's close is on its way): no rescue.
  if (paused === null && ballot.deadline !== null && now >= ballot.deadline) {
    return reject('BALLOT_NOT_OPEN', 'the countdown has ended');
  }
  if (paused === null && ballot.deadline === null) return reject('NO_COUNTDOWN', 'this ballot has no countdown; close it by hand');
  const base = { at: now, by: actor, ballotId: command.ballotId };
  switch (command.type) {
    case 'ExtendCountdown': {
      const seconds = command.seconds;
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_EXTENSION_SECONDS) {
        return reject('INVALID_COUNTDOWN', `extend by 1 to ${MAX_EXTENSION_SECONDS} seconds`);
      }
      const ms = seconds * 1000;
      const event: MeetingEvent =
        paused !== null
          ? { type: 'CountdownExtended', ...base, deadline: null, remainingMs: paused + ms }
          : { type: 'CountdownExtended', ...base, deadline: (ballot.deadline ?? now) + ms, remainingMs: null };
      return { ok: true, events: [event] };
    }
    case 'PauseCountdown':
      if (paused !== null) return { ok: true, events: [] };
      return { ok: true, events: [{ type: 'CountdownPaused', ...base, remainingMs: (ballot.deadline ?? now) - now }] };
    case 'ResumeCountdown':
      if (paused === null) return { ok: true, events: [] };
      return { ok: true, events: [{ type: 'CountdownResumed', ...base, deadline: now + paused }] };
  }
}

export function applyCountdownEvent(state: MeetingState, event: CountdownEvent): MeetingState {
  const ballot = state.ballots.get(event.ballotId);
  if (!ballot || ballot.status !== 'open') return state;
  const change: Partial<BallotState> =
    event.type === 'CountdownPaused'
      ? { deadline: null, pausedRemainingMs: event.remainingMs }
      : event.type === 'CountdownResumed'
        ? { deadline: event.deadline, pausedRemainingMs: null }
        : { deadline: event.deadline, pausedRemainingMs: event.remainingMs };
  return { ...state, ballots: state.ballots.set(event.ballotId, { ...ballot, ...change }) };
}

/** The deadline a countdown event leaves in the store's gate (gate.ts). */
export function gateDeadlineOf(event: CountdownEvent): number | null {
  return event.type === 'CountdownPaused' ? null : event.deadline;
}

/** For timers: the ballot and its new deadline (null while paused) when `event` changes a countdown. */
export function countdownChange(event: MeetingEvent): { ballotId: string; deadline: number | null } | null {
  if (event.type !== 'CountdownExtended' && event.type !== 'CountdownPaused' && event.type !== 'CountdownResumed') return null;
  return { ballotId: event.ballotId, deadline: gateDeadlineOf(event) };
}
