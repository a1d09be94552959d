import { isIP, isIPv4, isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * The key an attempt limit counts under: the client's address as express reports it. express
 * follows X-Forwarded-For only from a peer TRUST_PROXY names (the proxy's own address, in
 * production never a hop count: config.ts), so a client reaching the node directly cannot
 * choose its key. An entry that is not an address at all (a proxy passing on junk) is not
 * believed either: the key is then the TCP peer. IPv4-mapped IPv6 is unwrapped, and IPv6 is
 * cut to its /64, since one host usually holds a whole /64 and could otherwise step to a
 * fresh address after every lockout.
 */
export function clientAddressKey(req: Request): string {
  const forwarded = req.ip?.replace(/%.*$/, '');
  const address = forwarded && isIP(forwarded) !== 0 ? forwarded : req.socket.remoteAddress;
  return addressKey(address ?? 'unknown');
}

export function addressKey(address: string): string {
  const ip = address.replace(/%.*$/, ''); // zone id, e.g. fe80::1%eth0
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  return `${ipv6Groups(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros. */
function ipv6Groups(ip: string): string[] {
  const toGroups = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16).toString(16)];
          const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number); // trailing dotted IPv4
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const [head = '', tail] = ip.split('::');
  const front = toGroups(head);
  if (tail === undefined) return front;
  const back = toGroups(tail);
  return [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
}
