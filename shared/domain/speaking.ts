import { OrderedMap, Map as PersistentMap } from 'immutable';
import type { Actor, MeetingState } from './meeting';
import type { DomainErrorCode } from './errors';
import type { FloorKind, FloorRequest, SpeakingState, SpeakingEvent } from './speaking-types';
// Issue 9: defined in the leaf speaking-types.ts (meeting.ts needs them, and must not import this module).
export type { FloorKind, FloorRequest, FloorHolder, SpeakingState, SpeakingEvent } from './speaking-types';

/*
 * Speaking requests (申请发言 / 询问). A delegate asks for the floor from the tablet; the
 * presidium sees the queue, grants the floor to one request (or skips it) and ends it. While a
 * speaker holds the floor a timer runs against `limitSeconds` on the console and the wall.
 *
 * Every step costs O(log Q) in the queue's length: the queue is a persistent ordered map keyed
 * by request id, and `bySeat` finds a seat's own request without a scan (invariant 5).
 */

export type SpeakingCommand =
  | { type: 'RequestFloor'; seatId: string; kind: FloorKind; requestId: string }
  | { type: 'WithdrawFloor'; seatId: string }
  | { type: 'GrantFloor'; requestId: string; limitSeconds: number | null }
  | { type: 'SkipFloor'; requestId: string }
  | { type: 'EndFloor' };

export const SPEAKING_EVENT_TYPES: ReadonlySet<string> = new Set<SpeakingEvent['type']>([
  'FloorRequested',
  'FloorWithdrawn',
  'FloorGranted',
  'FloorSkipped',
  'FloorEnded',
]);

export const SPEAKING_COMMAND_TYPES: ReadonlySet<string> = new Set<SpeakingCommand['type']>([
  'RequestFloor',
  'WithdrawFloor',
  'GrantFloor',
  'SkipFloor',
  'EndFloor',
]);

export function isSpeakingEvent(event: { type: string }): event is SpeakingEvent {
  return SPEAKING_EVENT_TYPES.has(event.type);
}

export function isSpeakingCommand(command: { type: string }): command is SpeakingCommand {
  return SPEAKING_COMMAND_TYPES.has(command.type);
}

export function emptySpeaking(): SpeakingState {
  return { queue: OrderedMap(), bySeat: PersistentMap(), current: null };
}

/** What decide needs of the meeting besides the speaking state. */
export interface SpeakingContext {
  speaking: SpeakingState;
  phase: 'prepared' | 'in_session' | 'closed';
  /** Whether the seat is on the roster, and whether it is signed in. */
  seat(seatId: string): { present: boolean } | undefined;
}

export type SpeakingDecision =
  | { ok: true; events: SpeakingEvent[] }
  | { ok: false; code: DomainErrorCode; message: string };

const reject = (code: DomainErrorCode, message: string): SpeakingDecision => ({ ok: false, code, message });
const accept = (...events: SpeakingEvent[]): SpeakingDecision => ({ ok: true, events });

/** The request under this id, waiting or speaking (a Map lookup: a hostile id names nothing). */
export function floorRequestOf(speaking: SpeakingState, requestId: string): FloorRequest | undefined {
  if (speaking.current?.requestId === requestId) return speaking.current;
  return speaking.queue.get(requestId);
}

export function decideSpeaking(ctx: SpeakingContext, command: SpeakingCommand, by: Actor, now: number): SpeakingDecision {
  const { speaking } = ctx;
  switch (command.type) {
    case 'RequestFloor': {
      const seat = ctx.seat(command.seatId);
      if (!seat) return reject('UNKNOWN_SEAT', `no seat ${command.seatId}`);
      if (ctx.phase !== 'in_session') return reject('WRONG_PHASE', 'the session is not open');
      if (!seat.present) return reject('NOT_SIGNED_IN', 'sign in before asking for the floor');
      // One request per seat: asking again while waiting or speaking changes nothing.
      if (speaking.bySeat.has(command.seatId)) return accept();
      if (speaking.queue.has(command.requestId)) return reject('UNKNOWN_FLOOR_REQUEST', 'request id already in use');
      return accept({ type: 'FloorRequested', at: now, by, requestId: command.requestId, seatId: command.seatId, kind: command.kind });
    }
    case 'WithdrawFloor': {
      if (!ctx.seat(command.seatId)) return reject('UNKNOWN_SEAT', `no seat ${command.seatId}`);
      const requestId = speaking.bySeat.get(command.seatId);
      // Only a waiting request can be withdrawn; a speaker's floor is ended by the presidium.
      if (requestId === undefined || !speaking.queue.has(requestId)) return accept();
      return accept({ type: 'FloorWithdrawn', at: now, by, requestId, seatId: command.seatId });
    }
    case 'GrantFloor': {
      if (ctx.phase !== 'in_session') return reject('WRONG_PHASE', 'the session is not open');
      const request = speaking.queue.get(command.requestId);
      if (!request) {
        if (speaking.current?.requestId === command.requestId) return accept();
        return reject('UNKNOWN_FLOOR_REQUEST', `no waiting request ${command.requestId}`);
      }
      // Granting the next speaker ends the current one: the presidium's one tap moves the floor on.
      const current = speaking.current;
      const end: SpeakingEvent[] = current ? [{ type: 'FloorEnded', at: now, by, requestId: current.requestId, seatId: current.seatId }] : [];
      const granted: SpeakingEvent = { type: 'FloorGranted', at: now, by, requestId: request.requestId, seatId: request.seatId, limitSeconds: command.limitSeconds };
      return accept(...end, granted);
    }
    case 'SkipFloor': {
      const request = speaking.queue.get(command.requestId);
      if (!request) return reject('UNKNOWN_FLOOR_REQUEST', `no waiting request ${command.requestId}`);
      return accept({ type: 'FloorSkipped', at: now, by, requestId: request.requestId, seatId: request.seatId });
    }
    case 'EndFloor': {
      if (!speaking.current) return accept();
      return accept({ type: 'FloorEnded', at: now, by, requestId: speaking.current.requestId, seatId: speaking.current.seatId });
    }
  }
}

/** Drops a request from the queue and its seat's entry. */
function leaveQueue(speaking: SpeakingState, requestId: string): SpeakingState {
  const request = speaking.queue.get(requestId);
  if (!request) return speaking;
  return { ...speaking, queue: speaking.queue.delete(requestId), bySeat: speaking.bySeat.delete(request.seatId) };
}

/** The fold of one speaking event: O(log Q). An event about an unknown request changes nothing. */
export function evolveSpeaking(speaking: SpeakingState, event: SpeakingEvent, hasSeat: (seatId: string) => boolean): SpeakingState {
  switch (event.type) {
    case 'FloorRequested': {
      if (!hasSeat(event.seatId) || speaking.bySeat.has(event.seatId) || speaking.queue.has(event.requestId)) return speaking;
      const request: FloorRequest = { requestId: event.requestId, seatId: event.seatId, kind: event.kind, at: event.at };
      return { ...speaking, queue: speaking.queue.set(event.requestId, request), bySeat: speaking.bySeat.set(event.seatId, event.requestId) };
    }
    case 'FloorWithdrawn':
    case 'FloorSkipped':
      return leaveQueue(speaking, event.requestId);
    case 'FloorGranted': {
      const request = speaking.queue.get(event.requestId);
      if (!request) return speaking;
      // A current speaker not ended in the log (an older writer) leaves the floor here.
      const before = speaking.current ? { ...speaking, bySeat: speaking.bySeat.delete(speaking.current.seatId) } : speaking;
      return {
        queue: before.queue.delete(event.requestId),
        bySeat: before.bySeat.set(request.seatId, event.requestId),
        current: { ...request, startedAt: event.at, limitSeconds: event.limitSeconds },
      };
    }
    case 'FloorEnded': {
      const current = speaking.current;
      if (!current || current.requestId !== event.requestId) return speaking;
      return { ...speaking, current: null, bySeat: speaking.bySeat.delete(current.seatId) };
    }
  }
}

/** PublicView.speaking: who holds the floor (name and seat are public) and how many wait. */
export interface PublicSpeakingView {
  current: {
    requestId: string;
    seatNo: string;
    name: string;
    kind: FloorKind;
    startedAt: number;
    limitSeconds: number | null;
  } | null;
  queued: number;
}

export interface ConsoleFloorRequestView {
  requestId: string;
  seatId: string;
  seatNo: string;
  name: string;
  group: string;
  kind: FloorKind;
  at: number;
}

/** A tablet's own request, in its seat part. */
export interface SeatFloorView {
  requestId: string;
  kind: FloorKind;
  status: 'queued' | 'speaking';
}

type DelegateLookup = (seatId: string) => { seatNo: string; name: string; group: string } | undefined;

export function publicSpeakingView(speaking: SpeakingState, delegateOf: DelegateLookup): PublicSpeakingView {
  const current = speaking.current;
  const who = current ? delegateOf(current.seatId) : undefined;
  return {
    current:
      current && who
        ? {
            requestId: current.requestId,
            seatNo: who.seatNo,
            name: who.name,
            kind: current.kind,
            startedAt: current.startedAt,
            limitSeconds: current.limitSeconds,
          }
        : null,
    queued: speaking.queue.size,
  };
}

/** The queue for the console, oldest first: O(Q), once per console push. */
export function floorQueueView(speaking: SpeakingState, delegateOf: DelegateLookup): ConsoleFloorRequestView[] {
  const rows: ConsoleFloorRequestView[] = [];
  for (const request of speaking.queue.values()) {
    const who = delegateOf(request.seatId);
    if (who) rows.push({ requestId: request.requestId, seatId: request.seatId, ...who, kind: request.kind, at: request.at });
  }
  return rows;
}

export function seatFloorView(speaking: SpeakingState, seatId: string): SeatFloorView | null {
  const requestId = speaking.bySeat.get(seatId);
  if (requestId === undefined) return null;
  if (speaking.current?.requestId === requestId) return { requestId, kind: speaking.current.kind, status: 'speaking' };
  const request = speaking.queue.get(requestId);
  return request ? { requestId, kind: request.kind, status: 'queued' } : null;
}

/* The meeting's side: decide and evolve delegate here with one line each. */

export function speakingOf(state: Pick<MeetingState, 'speaking'>): SpeakingState {
  return state.speaking ?? EMPTY;
}

const EMPTY = emptySpeaking();

export function decideSpeakingIn(state: MeetingState, command: SpeakingCommand, by: Actor, now: number): SpeakingDecision {
  return decideSpeaking(
    {
      speaking: speakingOf(state),
      phase: state.phase,
      seat: (seatId) => {
        const seat = state.seats.get(seatId);
        return seat ? { present: seat.attendance === 'present' } : undefined;
      },
    },
    command,
    by,
    now,
  );
}

export function applySpeakingEvent(state: MeetingState, event: SpeakingEvent): MeetingState {
  const before = speakingOf(state);
  const after = evolveSpeaking(before, event, (seatId) => state.seats.has(seatId));
  return after === before ? state : { ...state, speaking: after };
}

/** Name, seat number and group of a roster seat, for the speaking views. */
export function delegateLookup(state: MeetingState): (seatId: string) => { seatNo: string; name: string; group: string } | undefined {
  return (seatId) => {
    const d = state.seats.get(seatId)?.delegate;
    return d ? { seatNo: d.seatNo, name: d.name, group: d.group } : undefined;
  };
}
