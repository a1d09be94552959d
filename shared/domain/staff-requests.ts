import type { Decision } from './decision';
import type { DomainErrorCode } from './errors';
import type { Actor, AttendanceStatus, MeetingEvent } from './meeting';
import type { GuardedChange, RequestStatus, StaffRequest, StaffRequestEvent } from './staff-requests-types';
// Issue 9: defined in the leaf staff-requests-types.ts (meeting.ts needs them, and must not import this module).
export type { GuardedChange, RequestStatus, StaffRequest, StaffRequestEvent } from './staff-requests-types';

/**
 * The two-person rule (docs/SECURITY.md "Staff cannot cast"): while a ballot is open, nobody
 * alone may re-pair a seat (issue it a pairing code, pair a device with a code issued before)
 * or change its attendance. Either would let one staff member mark an absent delegate present,
 * pair their own device to the seat and cast its vote. Such a change becomes a pending request,
 * shown on the console; a chair who is not the requester approves (the change then happens) or
 * rejects it. The request and the decision are both events in the meeting's log, naming the two
 * people.
 */
/** The role an actor must have used to decide a request. */
export const APPROVER_ROLE = 'chair';

const reject = (code: DomainErrorCode, message: string): Decision => ({ ok: false, code, message });

/** Request ids are the log's own sequence (deterministic, so every node folds the same ids). */
export function nextRequestId(requests: readonly StaffRequest[]): string {
  return `req-${requests.length + 1}`;
}

/** The change becomes a pending request instead of happening (an open ballot is `ballotId`). */
export function requestChange(
  requests: readonly StaffRequest[],
  ballotId: string,
  change: GuardedChange,
  { actor, now }: { actor: Actor; now: number },
): Decision {
  const requestId = nextRequestId(requests);
  return { ok: true, events: [{ type: 'ChangeRequested', at: now, by: actor, requestId, ballotId, change }] };
}

/** Whether two actors are the same person: the account when both have one, else the name. */
export function samePerson(a: Actor, b: Actor): boolean {
  if (a.accountId !== undefined && b.accountId !== undefined) return a.accountId === b.accountId;
  return a.name === b.name;
}

/**
 * A chair's decision on a pending request. `apply` makes the events of the change itself
 * (checked against the meeting as it is now: the seat may be gone, the session closed).
 */
export function decideRequest(
  requests: readonly StaffRequest[],
  requestId: string,
  approve: boolean,
  { actor, now }: { actor: Actor; now: number },
  apply: (change: GuardedChange, requestedBy: Actor) => Decision,
): Decision {
  const request = requests.find((r) => r.requestId === requestId);
  if (!request) return reject('UNKNOWN_REQUEST', `no request ${requestId}`);
  if (request.status !== 'pending') return reject('REQUEST_ALREADY_DECIDED', `request ${requestId} is already ${request.status}`);
  if (actor.role !== APPROVER_ROLE) return reject('CHAIR_APPROVAL_REQUIRED', '只有会议主持人（主席）可以批准或驳回 (only a chair decides requests)');
  if (samePerson(actor, request.requestedBy)) {
    return reject('SAME_PERSON', '申请人不能批准自己的申请 (the requester cannot decide their own request: two people are needed)');
  }
  const decided: MeetingEvent = { type: 'ChangeDecided', at: now, by: actor, requestId, approved: approve };
  if (!approve) return { ok: true, events: [decided] };
  const change = apply(request.change, request.requestedBy);
  if (!change.ok) return change;
  return { ok: true, events: [decided, ...change.events] };
}

/** Whether `codeHash` was issued by an approved pairing request (so it may be redeemed during the ballot). */
export function pairingApproved(requests: readonly StaffRequest[], codeHash: string): boolean {
  return requests.some((r) => r.status === 'approved' && r.change.kind === 'pairing' && r.change.codeHash === codeHash);
}

/** Folds a request event into the list (evolve). */
export function applyRequestEvent(requests: readonly StaffRequest[], event: StaffRequestEvent): StaffRequest[] {
  if (event.type === 'ChangeRequested') {
    return [
      ...requests,
      {
        requestId: event.requestId,
        ballotId: event.ballotId,
        change: event.change,
        requestedBy: event.by,
        requestedAt: event.at,
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
      },
    ];
  }
  return requests.map((r) =>
    r.requestId === event.requestId && r.status === 'pending'
      ? { ...r, status: event.approved ? 'approved' : 'rejected', decidedBy: event.by, decidedAt: event.at }
      : r,
  );
}

/** What the console shows of a request: never a code hash. */
export interface StaffRequestView {
  requestId: string;
  ballotId: string;
  kind: GuardedChange['kind'];
  seatId: string;
  /** For attendance changes. */
  status: AttendanceStatus | null;
  requestedBy: { name: string; role: Actor['role'] };
  requestedAt: number;
  state: RequestStatus;
  decidedBy: { name: string; role: Actor['role'] } | null;
  decidedAt: number | null;
}

export function requestView(r: StaffRequest): StaffRequestView {
  const person = (a: Actor) => ({ name: a.name, role: a.role });
  return {
    requestId: r.requestId,
    ballotId: r.ballotId,
    kind: r.change.kind,
    seatId: r.change.seatId,
    status: r.change.kind === 'attendance' ? r.change.status : null,
    requestedBy: person(r.requestedBy),
    requestedAt: r.requestedAt,
    state: r.status,
    decidedBy: r.decidedBy ? person(r.decidedBy) : null,
    decidedAt: r.decidedAt,
  };
}
