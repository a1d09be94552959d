import type { RequestHandler } from 'express';
import { errorAck } from '../../shared/protocol/errors';

/**
 * GET /api/health, for the proxy and the container health check. 200 while this node can serve;
 * 503 STORE_UNAVAILABLE while its store is not reachable (cluster mode: Redis down), so the
 * proxy sends clients to another node until this one has reconnected by itself.
 */
export function healthCheck(ready: () => boolean, now: () => number): RequestHandler {
  return (_req, res) => {
    if (ready()) {
      res.json({ ok: true, ready: true, serverTime: now() });
      return;
    }
    res.status(503).json({ ...errorAck('STORE_UNAVAILABLE', 'this node cannot reach its store right now'), ready: false, serverTime: now() });
  };
}
