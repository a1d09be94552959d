import { Router } from 'express';
import { LinkTicketSchema } from '../../shared/protocol/http';
import { IdSchema } from '../../shared/protocol/meeting';
import { mayUse } from '../auth';
import { parseWith } from '../validation';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { LINK_ROLES, mintLinkTicket } from './link-tickets';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { principalOf, requireRole } from './require-role';
import { sendError, sendErrorCode } from './respond';

/**
 * POST /api/meetings/:meetingId/link-tickets {purpose, ballotId?}: the console asks for a
 * one-time, 60-second link right before opening a printable page or a download, so the staff
 * token stays in the Authorization header and never reaches a URL.
 */
export function linkTicketRoutes({ auth, service, shared }: ApiDeps): Router {
  const router = Router();

  router.post('/:meetingId/link-tickets', requireRole(auth, STAFF_ROLES), async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const parsed = parseWith(LinkTicketSchema, req.body ?? {});
    if (!parsed.ok) return sendError(res, parsed);
    const { purpose } = parsed.data;
    let ballotId: string | null = null;
    if (parsed.data.ballotId !== undefined) {
      const id = parseWith(IdSchema, parsed.data.ballotId);
      if (!id.ok) return sendError(res, { ...id, message: `ballotId: ${id.message}` });
      ballotId = id.data;
    }
    const principal = principalOf(res);
    const roles = LINK_ROLES[purpose];
    if (!mayUse(principal, roles)) return sendErrorCode(res, 'FORBIDDEN', `this link needs the ${roles.join(' or ')} role`);
    if (!(await service.stateOf(meetingId))) return sendError(res, meetingNotFound(meetingId));
    const seatIds = parsed.data.seatIds;
    const binding = { purpose, meetingId, ballotId, principal, ...(seatIds ? { seatIds: [...new Set(seatIds)] } : {}) };
    const minted = await mintLinkTicket(shared.oneTime, binding, service.now());
    res.set('Cache-Control', 'no-store');
    res.json({ ok: true, ...minted });
  });

  return router;
}
