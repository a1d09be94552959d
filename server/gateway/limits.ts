import { z } from 'zod';
import { ConfigError } from '../config';

/**
 * What one token, seat or connection may cost a node (invariant 6; docs/OPERATIONS.md lists the
 * settings). Every limit holds per node: in cluster mode a token can hold these many on each.
 */
export interface GatewayLimits {
  /** Connections at once per delegate token (a tablet, plus a reload whose old socket lingers). */
  perDelegateToken: number;
  /** Connections at once per seat, whatever tokens its tablets hold. */
  perSeat: number;
  /** Connections at once per wall link (the hall screen, an overflow room, a spare). */
  perWallToken: number;
  /** Connections at once per staff token (console tabs of one person). */
  perStaffToken: number;
  /**
   * When a key is full, the newest connection replaces its oldest this many times a minute;
   * past that the newcomer is refused with TOO_MANY_CONNECTIONS.
   */
  takeoversPerMinute: number;
  /** Events a connection may send per second; the rest are answered RATE_LIMITED, unprocessed. */
  eventsPerSecond: number;
  /** RATE_LIMITED answers a connection may earn in 10 s before it is disconnected. */
  refusalsBeforeDisconnect: number;
  /** Bytes queued for a connection that does not read before it is disconnected. */
  outgoingBufferBytes: number;
  /**
   * TCP connections at once from one address (IPv6: one /64), whatever they carry or whether
   * they ever send a token; past it a new one is closed at once. The trusted proxies
   * (TRUST_PROXY) are not counted: they carry everyone's connections.
   */
  perAddress: number;
}

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  perDelegateToken: 2,
  perSeat: 2,
  perWallToken: 8,
  perStaffToken: 8,
  takeoversPerMinute: 10,
  eventsPerSecond: 50,
  refusalsBeforeDisconnect: 100,
  outgoingBufferBytes: 8 * 1024 * 1024,
  // A hall behind one NAT address still fits; one device can no longer hold the node's file
  // descriptors (docs/SECURITY.md).
  perAddress: 1000,
};

/**
 * The largest value a limit takes: no cap in practice. The benchmark and the test suite set the
 * per-address cap to it, their simulated tablets all on 127.0.0.1.
 */
export const LIMIT_MAX = 1_000_000_000;

const count = z.coerce.number().int().min(1).max(LIMIT_MAX);
const unset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const setting = z.preprocess(unset, count.optional());

/** The environment variable of each limit. */
export const GATEWAY_LIMIT_ENV_NAMES: Readonly<Record<keyof GatewayLimits, string>> = {
  perDelegateToken: 'SOCKET_CONNECTIONS_PER_DELEGATE_TOKEN',
  perSeat: 'SOCKET_CONNECTIONS_PER_SEAT',
  perWallToken: 'SOCKET_CONNECTIONS_PER_WALL_TOKEN',
  perStaffToken: 'SOCKET_CONNECTIONS_PER_STAFF_TOKEN',
  takeoversPerMinute: 'SOCKET_TAKEOVERS_PER_MINUTE',
  eventsPerSecond: 'SOCKET_EVENTS_PER_SECOND',
  refusalsBeforeDisconnect: 'SOCKET_REFUSALS_BEFORE_DISCONNECT',
  outgoingBufferBytes: 'SOCKET_OUTGOING_BUFFER_BYTES',
  perAddress: 'SOCKET_CONNECTIONS_PER_ADDRESS',
};

/** The defaults, overridden by any of the SOCKET_* variables that is set; throws ConfigError on a bad value. */
export function gatewayLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayLimits {
  const limits = { ...DEFAULT_GATEWAY_LIMITS };
  for (const key of Object.keys(GATEWAY_LIMIT_ENV_NAMES) as (keyof GatewayLimits)[]) {
    const name = GATEWAY_LIMIT_ENV_NAMES[key];
    const parsed = setting.safeParse(env[name]);
    if (!parsed.success) throw new ConfigError(`invalid environment: ${name}: a whole number from 1 to ${LIMIT_MAX} expected`);
    if (parsed.data !== undefined) limits[key] = parsed.data;
  }
  return limits;
}
