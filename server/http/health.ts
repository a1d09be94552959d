import type { RequestHandler } from 'express';
import { errorAck } from '../../shared/protocol/errors';
import type { QuarantinedMeeting } from '../service/quarantine';

export interface HealthOptions {
  /** Meetings this node does not serve because their log does not fold (service/quarantine.ts). */
  quarantined?: () => QuarantinedMeeting[];
  /** Whether a bearer token is a live staff session's: only staff see which meetings and why. */
  isStaffToken?: (token: string) => Promise<boolean>;
}

/**
 * GET /api/health, for the proxy and the container health check. 200 while this node can serve;
 * 503 STORE_UNAVAILABLE while its store is not reachable (cluster mode: Redis down), so the
 * proxy sends clients to another node until this one has reconnected by itself.
 *
 * A quarantined meeting does not make the node unhealthy (it serves every other meeting), but
 * it is counted here for monitoring (`quarantined`), and a staff token sees the meetings and
 * the reasons (`quarantinedMeetings`), as the error log says at start-up.
 */
export function healthCheck(ready: () => boolean, now: () => number, options: HealthOptions = {}): RequestHandler {
  return async (req, res) => {
    const quarantined = options.quarantined?.() ?? [];
    const token = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const staff = quarantined.length > 0 && token !== undefined && options.isStaffToken ? await options.isStaffToken(token) : false;
    const details = staff ? { quarantinedMeetings: quarantined } : {};
    if (ready()) {
      res.json({ ok: true, ready: true, serverTime: now(), quarantined: quarantined.length, ...details });
      return;
    }
    res.status(503).json({
      ...errorAck('STORE_UNAVAILABLE', 'this node cannot reach its store right now'),
      ready: false,
      serverTime: now(),
      quarantined: quarantined.length,
      ...details,
    });
  };
}
