import { Router } from 'express';
import { namedSeatMap } from '../../shared/domain/named-seat-map';
import { errorAck } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/meeting';
import { parseWith } from '../validation';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { principalOf, requireRole } from './require-role';
import { sendError, sendErrorCode } from './respond';

/**
 * GET /api/meetings/:meetingId/ballots/:ballotId/named-map: the seat map of a published named
 * (记名) ballot for the wall's named_map mode and the console's preview. Asked for once when the
 * mode is chosen, never pushed: the views every tablet gets stay free of N per-seat entries.
 */
export function namedMapRoutes({ auth, service }: ApiDeps): Router {
  const router = Router();
  router.get('/:meetingId/ballots/:ballotId/named-map', requireRole(auth, [...STAFF_ROLES, 'wall']), async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const principal = principalOf(res);
    if (principal.role === 'wall' && principal.meetingId !== meetingId) {
      return sendErrorCode(res, 'FORBIDDEN', 'this wall shows another meeting');
    }
    const ballotId = parseWith(IdSchema, req.params['ballotId']);
    if (!ballotId.ok) return sendError(res, { ...ballotId, message: `ballotId: ${ballotId.message}` });
    const state = await service.stateOf(meetingId);
    if (!state) return sendError(res, meetingNotFound(meetingId));
    const outcome = namedSeatMap(state, ballotId.data);
    if (outcome.ok) {
      res.set('Cache-Control', 'no-store');
      return res.json({ ok: true, ...outcome.map });
    }
    if (outcome.reason === 'unknown') return sendError(res, errorAck('UNKNOWN_BALLOT', `no ballot ${ballotId.data}`));
    if (outcome.reason === 'anonymous') return sendErrorCode(res, 'FORBIDDEN', 'an anonymous ballot has no seat map (secrecy)');
    return sendError(res, errorAck('RESULT_NOT_PUBLISHED', 'the seat map is shown once the result is published (R2.8)'));
  });
  return router;
}
