import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import { EVENT_ROLES, type ClientEventName, type ParsedClientPayload } from '../../shared/protocol/socket';
import type { Actor } from '../../shared/domain/meeting';
import type { ClientAnswer } from '../../shared/protocol/event-map';
import { actorFor } from '../actor';
import { mayUse } from '../auth';
import type { Logger } from '../logger';
import type { Reply } from '../reply';
import type { MeetingService } from '../meeting-service';
import { ServiceError } from '../service/service-error';
import { parseClientPayload } from '../validation';
import { deviceCurrentInCopy } from './device-check';
import type { EventRate } from './event-rate';
import type { GatewaySocket } from './connection';
import { EventIntake, type ArrivedEvent } from './event-intake';

export type OkAck = { ok: true } & Record<string, unknown>;
export type Ack = OkAck | ErrorAck;

/**
 * One client event's handler. `actor` is who the log records: the person, under the role this
 * event is allowed as (server/actor.ts) — one connection of a person with several roles acts
 * under the role each event needs, even with events in flight at once.
 *
 * A handler answers with its promise, or through `reply` and returns REPLYING: the vote path
 * does, with no promise per vote (cast-service.ts, docs/BENCHMARKS.md).
 */
export type EventHandler<E extends ClientEventName> = (
  socket: GatewaySocket,
  payload: ParsedClientPayload<E>,
  actor: Actor,
  reply: EventReply<E>,
) => Promise<ClientAnswer<E>> | typeof REPLYING;
export type EventHandlers = { [E in ClientEventName]: EventHandler<E> };

/** A handler's answer that it gives through its `reply`, not as its return value. */
export const REPLYING: unique symbol = Symbol('replying');

/** How a handler answers through `reply` (server/reply.ts). A failure is answered as onEvent answers a rejection. */
export type EventReply<E extends ClientEventName> = Reply<ClientAnswer<E>>;

export interface BindDeps {
  service: MeetingService;
  logger: Logger;
  /** The connections' event rate, asked before anything else looks at an event (event-rate.ts). */
  eventRate: EventRate;
  /**
   * Sees every answer after it is sent (the operator's metrics, server/metrics.ts): `startedMs`
   * is when the event reached the gateway (performance.now()), before it waited for its turn's end.
   */
  answered?: (event: ClientEventName, answer: Ack, startedMs: number) => void;
}

/** How client events reach their handlers: one middleware per connection, one intake per gateway. */
export interface EventBinding {
  /** Installs the connection's one middleware. */
  bind(socket: GatewaySocket): void;
  /** Answers the events still waiting for the end of the turn (the gateway is closing). */
  close(): void;
}

/**
 * Every client event of a connection through ONE socket middleware (invariant 6): the event rate
 * first, at once; then role, device and payload, then its handler. A tablet's event first waits
 * for the end of the loop's turn with the others read in it (event-intake.ts): that is where a
 * hall's bursts come from. A console's or a wall's event is answered at once: it is one event a
 * person waits on, and in cluster mode its store write comes a few promise steps after the
 * handler starts, which a turn's end cannot join, so waiting for it would cost a whole turn of
 * the loop (docs/BENCHMARKS.md, "A turn's events answered together").
 *
 * An emit without an ack callback is ignored; every outcome, including a bug, is answered with an
 * ack and never escapes to crash the process. The event is answered here and not emitted
 * further. An event emitted with only an ack callback has the payload `{}`.
 *
 * One middleware, not a listener per event name (~20 closures and a dictionary-mode listener
 * table per socket, kilobytes per tablet in a 3,000-seat hall) nor one middleware per check
 * (socket.io runs each through a closure of its own per event): docs/BENCHMARKS.md.
 */
export function eventBinding(handlers: EventHandlers, deps: BindDeps): EventBinding {
  const answer = (arrived: ArrivedEvent): void => {
    // Admitted: a client event of the protocol, and EventHandlers has one for each.
    onEvent(arrived.socket, arrived.name, arrived.packet, handlers[arrived.name] as EventHandler<ClientEventName>, deps, arrived.arrivedMs);
  };
  const intake = new EventIntake(answer, deps.logger);
  return {
    bind(socket) {
      const window = deps.eventRate.newWindow();
      const waitsForTurnEnd = socket.data.principal.role === 'delegate';
      socket.use((packet) => {
        const name = deps.eventRate.admitted(socket, window, packet);
        if (name === null) return;
        const arrived = { socket, packet, name, arrivedMs: deps.answered ? performance.now() : 0 };
        if (waitsForTurnEnd) intake.add(arrived);
        else answer(arrived);
      });
    },
    close: () => intake.flush(),
  };
}

/**
 * `packet` is the event's name, then its arguments: the payload (if any), then the ack callback.
 * Read in place: no array made per event.
 */
function onEvent<E extends ClientEventName>(socket: GatewaySocket, event: E, packet: readonly unknown[], handler: EventHandler<E>, deps: BindDeps, startedMs: number): void {
  const ack = packet[packet.length - 1];
  if (packet.length < 2 || typeof ack !== 'function') return;
  const payload = packet.length >= 3 ? packet[1] : {};
  const reply = new AckReply(ack as (answer: Ack) => void, event, deps, startedMs);
  // Refusals are answered at once; only the handler's own work is awaited (one promise step per
  // event instead of two async frames, and none for a vote: docs/BENCHMARKS.md).
  const answer = answerEvent(socket, payload, handler, reply);
  if (answer instanceof Promise) reply.whenSettled(answer);
  else if (answer !== REPLYING) reply.answered(answer);
}

/**
 * One event's answer on its way back: the ack, then the operator's metrics. One object per event
 * (no closures: tsx defines `name` on each one made, 2.7 % of a 3,000-cast burst once).
 */
class AckReply implements EventReply<ClientEventName> {
  private sent = false;

  constructor(
    private readonly ack: (answer: Ack) => void,
    readonly event: ClientEventName,
    readonly deps: BindDeps,
    private readonly startedMs: number,
  ) {}

  answered(answer: Ack): void {
    // Once: a handler that replied and then threw is not answered twice (nor counted twice).
    if (this.sent) return;
    this.sent = true;
    try {
      this.ack(answer);
    } catch (err) {
      this.deps.logger.warn('ack failed', { event: this.event, err });
    }
    if (!this.deps.answered) return;
    try {
      this.deps.answered(this.event, answer, this.startedMs);
    } catch (err) {
      this.deps.logger.warn('an answer observer failed', { event: this.event, err });
    }
  }

  failed(err: unknown): void {
    this.answered(failed(err, this.event, this.deps.logger));
  }

  /** A handler's promise (or a check's before it): its answer, or its failure, from the same step. */
  whenSettled(answer: Promise<Ack | typeof REPLYING>): void {
    void answer.then(
      (settled) => {
        if (settled !== REPLYING) this.answered(settled);
      },
      (err: unknown) => this.failed(err),
    );
  }
}

/** The event's answer: a refusal at once, else the handler's answer (which may reject: onEvent answers that). */
function answerEvent<E extends ClientEventName>(socket: GatewaySocket, payload: unknown, handler: EventHandler<E>, reply: AckReply): Ack | Promise<Ack | typeof REPLYING> | typeof REPLYING {
  const { event, deps } = reply;
  try {
    const { principal, meetingId } = socket.data;
    if (!mayUse(principal, EVENT_ROLES[event])) {
      return errorAck('FORBIDDEN', `${event} needs the ${EVENT_ROLES[event].join(' or ')} role`);
    }
    if (principal.role === 'delegate' && !deviceCurrentInCopy(socket, deps.service)) {
      // Not in this node's copy: ask the store once before refusing.
      return deps.service.isCurrentDevice(meetingId, principal.seatId, principal.deviceId).then(
        (current) => (current ? runHandler(socket, payload, handler, reply) : errorAck('DEVICE_REPLACED', 'this seat has been paired on another device')),
      );
    }
    return runHandler(socket, payload, handler, reply);
  } catch (err) {
    return failed(err, event, deps.logger);
  }
}

function runHandler<E extends ClientEventName>(socket: GatewaySocket, payload: unknown, handler: EventHandler<E>, reply: AckReply): Ack | Promise<Ack> | typeof REPLYING {
  const event = reply.event as E;
  const parsed = parseClientPayload(event, payload);
  if (!parsed.ok) return parsed;
  const { principal } = socket.data;
  try {
    // The actor is passed, not kept in an AsyncLocalStorage: its promise hooks cost every
    // promise of the process an allocation and a lookup (4–5 % of a 3,000-cast burst).
    return handler(socket, parsed.data, actorFor(principal, EVENT_ROLES[event]), reply as EventReply<E>);
  } catch (err) {
    return failed(err, event, reply.deps.logger);
  }
}

/** A handler's failure as its answer: a service refusal as such, a bug as INTERNAL (logged). */
function failed(err: unknown, event: ClientEventName, logger: Logger): Ack {
  if (err instanceof ServiceError) return err.toAck();
  // Log the event name only: a payload may be a ballot paper (invariant 4).
  logger.error('event handler failed', { event, err });
  return errorAck('INTERNAL', 'internal error');
}
