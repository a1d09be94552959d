import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { errorAck } from '../../shared/protocol/errors';
import { ClientEvents, type ClientEventName } from '../../shared/protocol/socket';
import type { Logger } from '../logger';
import type { GatewaySocket } from './connection';
import { EventWindow } from './event-window';
import type { GatewayLimits } from './limits';

/**
 * The protocol's event names, each mapped to itself. An event's name arrives as a new string
 * (socket.io-parser's JSON.parse): looking it up as a property key searches the VM's table of
 * every interned string (a cache miss per event in a burst, docs/BENCHMARKS.md, "Register rows"),
 * and again at each later look-up (handler, schema, roles). One look-up here gives the
 * protocol's own string, which every later look-up is quick with.
 */
const CLIENT_EVENT_NAMES: ReadonlyMap<string, ClientEventName> = new Map(Object.keys(ClientEvents).map((name) => [name, name as ClientEventName]));

/** The window in which a connection's RATE_LIMITED answers are counted against its disconnection. */
const REFUSAL_WINDOW_SEC = 10;

/**
 * Events per second per connection (invariant 6: one connection sent 4,000 `meeting:sync` and
 * the server grew by 400 MB). Every incoming event passes here before anything else looks at it
 * (the connection's one middleware, bind-event.ts, asks `admits` first):
 * - within the rate, a known event goes on to its handler (bind-event.ts); an unknown one that
 *   waits for an ack gets BAD_REQUEST;
 * - over the rate, an event with an ack callback is answered RATE_LIMITED with
 *   `details.retryAfterMs` and is NOT processed, so nothing is dropped silently: a tablet resends
 *   a cast after that long with the same idempotency key (client/src/tablet/voting.svelte.ts);
 * - a connection that keeps sending after `refusalsBeforeDisconnect` such answers in 10 s is
 *   not a client waiting politely: it is disconnected.
 */
export class EventRate {
  private readonly refusals: RateLimiterMemory;

  constructor(
    private readonly limits: GatewayLimits,
    private readonly logger: Logger,
  ) {
    this.refusals = new RateLimiterMemory({ keyPrefix: 'refusals', points: limits.refusalsBeforeDisconnect, duration: REFUSAL_WINDOW_SEC });
  }

  /** A new connection's count of events, held by its one middleware (bind-event.ts) and gone with it (event-window.ts). */
  newWindow(): EventWindow {
    return new EventWindow(this.limits.eventsPerSecond);
  }

  /**
   * The protocol's name of `packet`'s event (a client event: its name, its arguments, last the
   * ack callback if any) if it may go on to its handler. If not (null), it has been answered here
   * when it asked for an answer: RATE_LIMITED over the rate, BAD_REQUEST for an event name the
   * protocol does not have.
   */
  admitted(socket: GatewaySocket, window: EventWindow, packet: readonly unknown[]): ClientEventName | null {
    const event = packet[0];
    const last = packet[packet.length - 1];
    const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
    const retryAfterMs = window.take(Date.now());
    if (retryAfterMs > 0) {
      ack?.(errorAck('RATE_LIMITED', 'too many events from this connection; send it again later', { retryAfterMs }));
      void this.countRefusal(socket);
      return null;
    }
    const name = typeof event === 'string' ? CLIENT_EVENT_NAMES.get(event) : undefined;
    if (name !== undefined) return name;
    ack?.(errorAck('BAD_REQUEST', `unknown event ${String(event).slice(0, 64)}`));
    return null;
  }

  /** Drops a connection's refusal count (the gateway calls this at its 'disconnect'). */
  forget(socket: GatewaySocket): void {
    void this.refusals.delete(socket.id);
  }

  private async countRefusal(socket: GatewaySocket): Promise<void> {
    try {
      await this.refusals.consume(socket.id);
    } catch (res) {
      if (!(res instanceof RateLimiterRes) || !socket.connected) return;
      const { principal, meetingId } = socket.data;
      this.logger.warn('connection disconnected: kept sending past its rate limit', { role: principal.role, meetingId });
      socket.disconnect(true);
      // A client that also stops reading would hold its buffer until the ping timeout: drop it now.
      socket.conn.close(true);
    }
  }
}
