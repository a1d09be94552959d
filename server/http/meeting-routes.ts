import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { MeetingSpec } from '../../shared/domain/meeting';
import { MeetingSpecSchema } from '../../shared/protocol/meeting';
import { actorFor } from '../actor';
import { mayActOn } from '../auth';
import { parseWith } from '../validation';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { principalOf, requireRole } from './require-role';
import { sendError } from './respond';

export function meetingRoutes({ auth, accounts, service }: ApiDeps): Router {
  const router = Router();
  const staff = requireRole(auth, STAFF_ROLES);

  router.post('/', requireRole(auth, ['secretariat']), async (req, res) => {
    const parsed = parseWith(MeetingSpecSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const spec: MeetingSpec = { ...parsed.data, meetingId: parsed.data.meetingId ?? `m-${randomUUID()}` };
    const outcome = await service.createMeeting(spec, actorFor(principalOf(res), ['secretariat']));
    if (!outcome.ok) return sendError(res, outcome, outcome.details?.['exists'] ? 409 : undefined);
    // The secretariat member who creates a meeting is assigned to it (others by an administrator).
    const creator = principalOf(res);
    if (creator.role === 'staff') await accounts.assign(creator.accountId, spec.meetingId);
    res.status(201).json({ ok: true, meetingId: spec.meetingId, version: outcome.state.version });
  });

  router.get('/', staff, async (_req, res) => {
    const principal = principalOf(res);
    // Each account sees the meetings it may act on.
    const meetings = (await service.listMeetings()).filter((m) => principal.role !== 'staff' || mayActOn(principal, m.meetingId));
    res.json({ ok: true, meetings });
  });

  /**
   * A wall token for API clients (Authorization header in, JSON body out). The console pairs
   * the wall with a one-time code instead (http/wall-pairing-routes.ts), and no answer puts a
   * token in a URL: a link with a 7-day token would outlive the meeting in the history.
   */
  router.get('/:meetingId/wall-link', staff, async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    if (!(await service.stateOf(meetingId))) return sendError(res, meetingNotFound(meetingId));
    const { token, expiresAt } = auth.sign({ role: 'wall', meetingId });
    res.set('Cache-Control', 'no-store');
    res.json({ ok: true, token, expiresAt });
  });

  router.get('/:meetingId/export', staff, async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const archive = await service.exportMeeting(meetingId);
    if (!archive) return sendError(res, meetingNotFound(meetingId));
    res.set('Content-Disposition', `attachment; filename="meeting-${meetingId}.json"`);
    res.json(archive);
  });

  return router;
}
