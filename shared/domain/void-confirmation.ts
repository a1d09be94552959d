import type { CommandContext, Decision } from './decision';
import type { BallotState, MeetingEvent, MeetingState } from './meeting';
import { samePerson } from './staff-requests';
import type { VoidConfirmationEvent, PendingVoid } from './void-confirmation-types';
// Issue 9: defined in the leaf void-confirmation-types.ts (meeting.ts needs them, and must not import this module).
export type { VoidConfirmationEvent, PendingVoid } from './void-confirmation-types';

/*
 * Voiding a PUBLISHED result (R2.8, R2.9) takes two presidium members: once the chair has
 * announced a result in the hall, one person alone must not be able to take it back. The first
 * asks (VoidRequested, with the reason); a second, different person (another account: the
 * samePerson rule of the two-person mechanism in staff-requests.ts) confirms or refuses
 * (VoidRequestDecided). Confirmation voids the ballot under the requester's reason. A ballot not
 * yet published is voided by one person, as before.
 */

export interface ConfirmVoidCommand {
  type: 'ConfirmVoid';
  ballotId: string;
  approve: boolean;
}

const reject = (code: Extract<Decision, { ok: false }>['code'], message: string): Decision => ({ ok: false, code, message });

export function pendingVoidOf(ballot: Pick<BallotState, 'pendingVoid'>): PendingVoid | null {
  return ballot.pendingVoid ?? null;
}

/** The first person's request to void a published result (the reason was checked by the caller). */
export function requestVoid(ballot: BallotState, ballotId: string, reason: string, { actor, now }: CommandContext): Decision {
  if (pendingVoidOf(ballot)) return reject('VOID_CONFIRMATION_PENDING', 'a request to void this result already waits for a second presidium member');
  return { ok: true, events: [{ type: 'VoidRequested', at: now, by: actor, ballotId, reason }] };
}

export function decideConfirmVoid(state: MeetingState, command: ConfirmVoidCommand, { actor, now }: CommandContext): Decision {
  const ballot = state.ballots.get(command.ballotId);
  if (!ballot) return reject('UNKNOWN_BALLOT', `no ballot ${command.ballotId}`);
  const pending = pendingVoidOf(ballot);
  if (!pending || ballot.status !== 'published') return reject('UNKNOWN_REQUEST', 'no request to void this result is waiting');
  if (samePerson(actor, pending.by)) {
    return reject('SAME_PERSON', '作废已宣布的结果须由另一位主席团成员确认 (a second presidium member must confirm)');
  }
  const decided: MeetingEvent = { type: 'VoidRequestDecided', at: now, by: actor, ballotId: command.ballotId, approved: command.approve };
  if (!command.approve) return { ok: true, events: [decided] };
  return {
    ok: true,
    events: [decided, { type: 'BallotVoided', at: now, by: pending.by, ballotId: command.ballotId, reason: pending.reason }],
  };
}

export function applyVoidConfirmationEvent(state: MeetingState, event: VoidConfirmationEvent): MeetingState {
  const ballot = state.ballots.get(event.ballotId);
  if (!ballot) return state;
  const pendingVoid: PendingVoid | null = event.type === 'VoidRequested' ? { by: event.by, at: event.at, reason: event.reason } : null;
  return { ...state, ballots: state.ballots.set(event.ballotId, { ...ballot, pendingVoid }) };
}

/** The waiting request as the console shows it (names only, never an account id). */
export function pendingVoidView(ballot: Pick<BallotState, 'pendingVoid'>): { by: string; role: string; at: number; reason: string } | null {
  const pending = pendingVoidOf(ballot);
  return pending ? { by: pending.by.name, role: pending.by.role, at: pending.at, reason: pending.reason } : null;
}
