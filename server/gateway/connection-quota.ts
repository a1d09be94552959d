import { createHash } from 'node:crypto';
import type { ExtendedError } from 'socket.io';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { flattened } from '../flattened';
import type { Logger } from '../logger';
import type { GatewaySocket } from './connection';
import type { GatewayLimits } from './limits';
import { handshakeRefusal } from './refusal';

/** One thing a connection counts against (its token, its seat) and how many it may hold at once. */
interface QuotaKey {
  key: string;
  limit: number;
}

type Admission = { ok: true } | { ok: false; retryAfterSec: number };

/**
 * Tokens are never kept: a key names a token by a prefix of its SHA-256 (a flat string: a slice
 * of the whole hex digest would keep the digest alive with it, per connection).
 */
function tokenKey(token: unknown): string {
  return flattened(`token:${createHash('sha256').update(String(token)).digest().toString('hex', 0, 16)}`);
}

/** The keys of a connection that passed authentication (socket.data is set). */
function quotaKeys(socket: GatewaySocket, limits: GatewayLimits): QuotaKey[] {
  const { principal, meetingId } = socket.data;
  const token = tokenKey((socket.handshake.auth as { token?: unknown } | undefined)?.token);
  switch (principal.role) {
    case 'delegate':
      return [
        { key: token, limit: limits.perDelegateToken },
        // Flat: held by the key's map entry for the connection's life (server/flattened.ts).
        { key: flattened(`seat:${meetingId}:${principal.seatId}`), limit: limits.perSeat },
      ];
    case 'wall':
      return [{ key: token, limit: limits.perWallToken }];
    default:
      return [{ key: token, limit: limits.perStaffToken }];
  }
}

/**
 * Connections held per token and per seat on this node (invariant 6: one token opened 1,000
 * sockets, and each change was then sent 1,000 times).
 *
 * When a key is full, the NEWEST connection replaces the OLDEST, within a budget of takeovers
 * per minute, and only past that budget is it refused with TOO_MANY_CONNECTIONS. Why: a tablet
 * whose Wi-Fi dropped reconnects at once, while the server still holds its old socket until the
 * ping timeout (up to 20 s, shared/protocol/socket.ts) notices it is dead; refusing the newcomer
 * would lock the delegate out of a vote for that long, whereas the old socket is almost always
 * the dead one. The budget keeps a script from cycling through sockets endlessly: 1,000 attempts
 * get the allowed few in, a few takeovers, and refusals for the rest.
 */
export class ConnectionQuota {
  /**
   * key → the sockets holding it, oldest first. A list, not a Map: a key is held by one socket or
   * a few (the limits), and a Map per key was ~150 bytes more per key, two keys per tablet.
   */
  private readonly holders = new Map<string, GatewaySocket[]>();
  /** The keys each admitted socket holds: its token is not kept after the handshake (gateway/index.ts). */
  private readonly keysOf = new WeakMap<GatewaySocket, readonly string[]>();
  private readonly takeovers: RateLimiterMemory;

  constructor(
    private readonly limits: GatewayLimits,
    private readonly logger: Logger,
  ) {
    this.takeovers = new RateLimiterMemory({ keyPrefix: 'takeover', points: limits.takeoversPerMinute, duration: 60 });
  }

  /** Socket.IO middleware; runs after authentication. */
  middleware() {
    return (socket: GatewaySocket, next: (err?: ExtendedError) => void): void => {
      this.admit(socket, quotaKeys(socket, this.limits)).then(
        (admission) => {
          if (admission.ok) {
            next();
            // A socket whose engine closed before Socket.IO connected it gets no 'disconnect'
            // (Socket.IO decides on the next tick after this middleware): its keys are freed
            // here. A listener on the engine's 'close' did it, at ~140 bytes per tablet.
            setImmediate(this.releaseUnlessConnected, socket);
            return;
          }
          const { principal } = socket.data;
          this.logger.warn('connection refused: too many connections', { role: principal.role, meetingId: socket.data.meetingId });
          next(
            handshakeRefusal('TOO_MANY_CONNECTIONS', 'too many connections for this token or seat; try again later', {
              retryAfterSec: admission.retryAfterSec,
            }),
          );
        },
        (err: unknown) => {
          this.logger.error('connection quota failed', { err });
          next(handshakeRefusal('INTERNAL', 'internal error'));
        },
      );
    };
  }

  /** How many connections hold `key` now (tests and metrics). */
  held(key: string): number {
    return this.holders.get(key)?.length ?? 0;
  }

  private async admit(socket: GatewaySocket, keys: QuotaKey[]): Promise<Admission> {
    const paid = new Set<string>();
    // A takeover is paid for before anything changes; the payment awaits, so look again after
    // it: other connections may have filled a key meanwhile. Each key is paid for at most once.
    for (;;) {
      const unpaid = keys.filter(({ key, limit }) => this.held(key) >= limit && !paid.has(key));
      if (unpaid.length === 0) break;
      for (const { key } of unpaid) {
        try {
          await this.takeovers.consume(key);
          paid.add(key);
        } catch (res) {
          if (!(res instanceof RateLimiterRes)) throw res;
          return { ok: false, retryAfterSec: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
        }
      }
    }
    // From here on nothing awaits: choosing the oldest and registering the newcomer is atomic.
    const evicted = new Set<GatewaySocket>();
    for (const { key, limit } of keys) {
      const held = this.holders.get(key);
      if (!held) continue;
      let staying = held.filter((s) => !evicted.has(s)).length;
      for (const oldest of held) {
        if (staying < limit) break;
        if (evicted.has(oldest)) continue;
        evicted.add(oldest);
        staying--;
      }
    }
    for (const old of evicted) this.takeOver(old);
    this.register(socket, keys);
    return { ok: true };
  }

  private register(socket: GatewaySocket, keys: QuotaKey[]): void {
    for (const { key } of keys) {
      const held = this.holders.get(key);
      if (held) held.push(socket);
      else this.holders.set(key, [socket]);
    }
    this.keysOf.set(socket, keys.map(({ key }) => key));
  }

  private readonly releaseUnlessConnected = (socket: GatewaySocket): void => {
    if (!socket.connected) this.release(socket);
  };

  /** Frees what a socket holds: at its 'disconnect' (the gateway calls this), if it never connected, or at a takeover. Idempotent. */
  release(socket: GatewaySocket): void {
    const keys = this.keysOf.get(socket);
    if (!keys) return;
    this.keysOf.delete(socket);
    for (const key of keys) {
      const held = this.holders.get(key);
      const at = held?.indexOf(socket) ?? -1;
      if (!held || at < 0) continue;
      held.splice(at, 1);
      if (held.length === 0) this.holders.delete(key);
    }
  }

  private takeOver(old: GatewaySocket): void {
    this.logger.info('connection replaced by a newer one of the same token or seat', { role: old.data.principal?.role });
    // Drop it from every key now: its 'disconnect' may come later than the newcomer's registration.
    this.release(old);
    if (old.connected) old.disconnect(true);
    else old.conn.close(true);
  }
}
