import { KeyedThrottle } from '../gateway/keyed-throttle';
import { GATEWAY_LIMIT_ENV_NAMES } from '../gateway/limits';
import type { Logger } from '../logger';

/** At most one line a minute per address, with how many were refused since the last. */
const LOG_INTERVAL_MS = 60_000;

/**
 * The operator's view of connections closed for their address (open-connections.ts): a flood
 * would otherwise write a line per connection, and a hall behind one NAT address that outgrows
 * the limit must show up in the log at once (docs/OPERATIONS.md, SOCKET_CONNECTIONS_PER_ADDRESS).
 */
export function refusedConnectionsLog(logger: Logger, perAddress: number): (addressKey: string) => void {
  const refusedSince = new Map<string, number>();
  const throttle = new KeyedThrottle(LOG_INTERVAL_MS, (address) => {
    const refused = refusedSince.get(address) ?? 0;
    refusedSince.delete(address);
    if (refused > 0) logger.warn('connections refused: too many from one address', { address, refused, perAddress, setting: GATEWAY_LIMIT_ENV_NAMES.perAddress });
  });
  return (address) => {
    refusedSince.set(address, (refusedSince.get(address) ?? 0) + 1);
    throttle.trigger(address);
  };
}
