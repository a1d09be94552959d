import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { errorAck } from '../../shared/protocol/errors';
import { ClientEvents } from '../../shared/protocol/socket';
import type { Logger } from '../logger';
import type { GatewaySocket } from './connection';
import { EventWindow } from './event-window';
import type { GatewayLimits } from './limits';

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
   * Whether `packet` (a client event: its name, its arguments, last the ack callback if any) may
   * go on to its handler. If not, it has been answered here when it asked for an answer:
   * RATE_LIMITED over the rate, BAD_REQUEST for an event name the protocol does not have.
   */
  admits(socket: GatewaySocket, window: EventWindow, packet: readonly unknown[]): boolean {
    const event = packet[0];
    const last = packet[packet.length - 1];
    const ack = typeof last === 'function' ? (last as (answer: unknown) => void) : null;
    const retryAfterMs = window.take(Date.now());
    if (retryAfterMs > 0) {
      ack?.(errorAck('RATE_LIMITED', 'too many events from this connection; send it again later', { retryAfterMs }));
      void this.countRefusal(socket);
      return false;
    }
    if (typeof event === 'string' && Object.hasOwn(ClientEvents, event)) return true;
    ack?.(errorAck('BAD_REQUEST', `unknown event ${String(event).slice(0, 64)}`));
    return false;
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
