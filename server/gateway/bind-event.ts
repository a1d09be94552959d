import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import { ClientEvents, EVENT_ROLES, type ClientEventName, type ParsedClientPayload } from '../../shared/protocol/socket';
import type { Actor } from '../../shared/domain/meeting';
import type { ClientAnswer } from '../../shared/protocol/event-map';
import { actorFor } from '../actor';
import { mayUse } from '../auth';
import type { Logger } from '../logger';
import type { MeetingService } from '../meeting-service';
import { ServiceError } from '../service/service-error';
import { parseWith } from '../validation';
import { deviceCurrentInCopy } from './device-check';
import type { GatewaySocket } from './connection';

export type OkAck = { ok: true } & Record<string, unknown>;
export type Ack = OkAck | ErrorAck;

/**
 * One client event's handler. `actor` is who the log records: the person, under the role this
 * event is allowed as (server/actor.ts) — one connection of a person with several roles acts
 * under the role each event needs, even with events in flight at once.
 */
export type EventHandler<E extends ClientEventName> = (socket: GatewaySocket, payload: ParsedClientPayload<E>, actor: Actor) => Promise<ClientAnswer<E>>;
export type EventHandlers = { [E in ClientEventName]: EventHandler<E> };

interface BindDeps {
  service: MeetingService;
  logger: Logger;
}

/**
 * The one wrapper every client event goes through (invariant 6): an emit without an ack
 * callback is ignored; then role, device and payload are checked before the handler runs; every
 * outcome, including a bug, is answered with an ack and never escapes to crash the process.
 * An event emitted with only an ack callback has the payload `{}`.
 */
export function bindEvent<E extends ClientEventName>(socket: GatewaySocket, event: E, handler: EventHandler<E>, deps: BindDeps): void {
  socket.on<ClientEventName>(event, (...args: unknown[]) => onEvent(socket, event, args, 0, handler, deps));
}

/**
 * Every client event of a connection through the same checks as bindEvent, from ONE socket
 * middleware (after the event-rate one) instead of one listener per event name: a listener per
 * event was ~20 closures and a dictionary-mode listener table per socket, kilobytes per tablet
 * in a 3,000-seat hall (docs/BENCHMARKS.md). The event is answered here and not emitted further.
 */
export function bindEvents(socket: GatewaySocket, handlers: EventHandlers, deps: BindDeps): void {
  socket.use((packet, next) => {
    const event: unknown = packet[0];
    if (typeof event !== 'string' || !Object.hasOwn(handlers, event)) return next();
    const name = event as ClientEventName;
    // The packet's arguments read in place from index 1: no array made per event.
    onEvent(socket, name, packet, 1, handlers[name] as EventHandler<ClientEventName>, deps);
  });
}

/** `args[from]` onwards are the event's arguments: the payload (if any), then the ack callback. */
function onEvent<E extends ClientEventName>(socket: GatewaySocket, event: E, args: readonly unknown[], from: number, handler: EventHandler<E>, deps: BindDeps): void {
  const ack = args[args.length - 1];
  if (args.length <= from || typeof ack !== 'function') return;
  const payload = args.length - from >= 2 ? args[from] : {};
  // Refusals are answered at once; only the handler's own work is awaited (one promise step per
  // event instead of two async frames: every vote of a burst passes here, docs/BENCHMARKS.md).
  // No named closure per event: tsx keeps function names by defining `name` on each one made
  // (2.7 % of a 3,000-cast burst for the one that was here).
  const reply = ack as (answer: Ack) => void;
  const answer = answerEvent(socket, event, payload, handler, deps);
  if (answer instanceof Promise) {
    // A handler's failure is answered from the same step as its answer (no `.catch` step first).
    void answer.then(
      (settled) => sendAck(reply, settled, event, deps.logger),
      (err: unknown) => sendAck(reply, failed(err, event, deps.logger), event, deps.logger),
    );
  } else sendAck(reply, answer, event, deps.logger);
}

function sendAck(ack: (answer: Ack) => void, answer: Ack, event: ClientEventName, logger: Logger): void {
  try {
    ack(answer);
  } catch (err) {
    logger.warn('ack failed', { event, err });
  }
}

/** The event's answer: a refusal at once, else the handler's answer (which may reject: onEvent answers that). */
function answerEvent<E extends ClientEventName>(
  socket: GatewaySocket,
  event: E,
  payload: unknown,
  handler: EventHandler<E>,
  deps: BindDeps,
): Ack | Promise<Ack> {
  try {
    const { principal, meetingId } = socket.data;
    if (!mayUse(principal, EVENT_ROLES[event])) {
      return errorAck('FORBIDDEN', `${event} needs the ${EVENT_ROLES[event].join(' or ')} role`);
    }
    if (principal.role === 'delegate' && !deviceCurrentInCopy(socket, deps.service)) {
      // Not in this node's copy: ask the store once before refusing.
      return deps.service.isCurrentDevice(meetingId, principal.seatId, principal.deviceId).then(
        (current) => (current ? runHandler(socket, event, payload, handler, deps) : errorAck('DEVICE_REPLACED', 'this seat has been paired on another device')),
      );
    }
    return runHandler(socket, event, payload, handler, deps);
  } catch (err) {
    return failed(err, event, deps.logger);
  }
}

function runHandler<E extends ClientEventName>(socket: GatewaySocket, event: E, payload: unknown, handler: EventHandler<E>, deps: BindDeps): Ack | Promise<Ack> {
  const parsed = parseWith(ClientEvents[event], payload);
  if (!parsed.ok) return parsed;
  const { principal } = socket.data;
  try {
    // The actor is passed, not kept in an AsyncLocalStorage: its promise hooks cost every
    // promise of the process an allocation and a lookup (4–5 % of a 3,000-cast burst).
    return handler(socket, parsed.data as ParsedClientPayload<E>, actorFor(principal, EVENT_ROLES[event]));
  } catch (err) {
    return failed(err, event, deps.logger);
  }
}

/** A handler's failure as its answer: a service refusal as such, a bug as INTERNAL (logged). */
function failed(err: unknown, event: ClientEventName, logger: Logger): Ack {
  if (err instanceof ServiceError) return err.toAck();
  // Log the event name only: a payload may be a ballot paper (invariant 4).
  logger.error('event handler failed', { event, err });
  return errorAck('INTERNAL', 'internal error');
}
