import { Router, type Request, type Response } from 'express';
import { auditLog, auditPeople, filterAudit } from '../../shared/domain/record/audit';
import { minutesOf, type Minutes } from '../../shared/domain/minutes';
import { formatTime } from '../../shared/domain/wording/index';
import { AUDIT_ROLES, AuditQuerySchema } from '../../shared/protocol/record';
import { minutesCsv } from '../results/minutes-export';
import { MINUTES_PRINT_HANDLER, MINUTES_STYLE, renderMinutesPage } from '../results/minutes-page';
import { parseWith } from '../validation';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { ticketOrRole } from './link-tickets';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { requireRole } from './require-role';
import { sendError } from './respond';
import { setPagePolicy } from './security-headers';

/**
 * The record of a meeting (issue 10): the minutes (会议记录 / 表决结果汇总) as JSON for the console,
 * a printable A4 page, CSV and JSON downloads, and the audit log of staff actions. Staff of the
 * meeting only (requireRole checks the assignment; pages and downloads open with one-time link
 * tickets minted by an assigned account). Everything is folded from the command log, which holds
 * no delegate's paper: counts only (R2.5).
 */
export function recordRoutes({ auth, service, shared }: ApiDeps): Router {
  const router = Router();
  const staff = requireRole(auth, STAFF_ROLES);

  async function minutesFor(req: Request, res: Response): Promise<{ meetingId: string; minutes: Minutes } | null> {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return null;
    const state = await service.stateOf(meetingId);
    const minutes = state ? minutesOf(await service.eventsOf(meetingId)) : null;
    if (!minutes) {
      sendError(res, meetingNotFound(meetingId));
      return null;
    }
    return { meetingId, minutes };
  }

  router.get('/:meetingId/minutes', staff, async (req, res) => {
    const found = await minutesFor(req, res);
    if (!found) return;
    res.set('Cache-Control', 'no-store');
    res.json({ ok: true, minutes: found.minutes });
  });

  router.get('/:meetingId/minutes/print', ticketOrRole({ auth, oneTime: shared.oneTime }, 'minutes-sheet'), async (req, res) => {
    const found = await minutesFor(req, res);
    if (!found) return;
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    setPagePolicy(res, { styles: [MINUTES_STYLE], handlers: [MINUTES_PRINT_HANDLER] });
    res.type('html').send(renderMinutesPage(found.minutes, formatTime(service.now())));
  });

  router.get('/:meetingId/minutes.csv', ticketOrRole({ auth, oneTime: shared.oneTime }, 'minutes-csv'), async (req, res) => {
    const found = await minutesFor(req, res);
    if (!found) return;
    res.set({
      'Cache-Control': 'no-store',
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="minutes-${found.meetingId}.csv"`,
    });
    res.send(minutesCsv(found.minutes));
  });

  router.get('/:meetingId/minutes.json', ticketOrRole({ auth, oneTime: shared.oneTime }, 'minutes-json'), async (req, res) => {
    const found = await minutesFor(req, res);
    if (!found) return;
    res.set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="minutes-${found.meetingId}.json"` });
    res.json({ generatedAt: service.now(), minutes: found.minutes });
  });

  router.get('/:meetingId/audit', requireRole(auth, AUDIT_ROLES), async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const query = parseWith(AuditQuerySchema, req.query);
    if (!query.ok) return sendError(res, query);
    if (!(await service.stateOf(meetingId))) return sendError(res, meetingNotFound(meetingId));
    const all = auditLog(await service.eventsOf(meetingId));
    const entries = filterAudit(all, query.data);
    res.set('Cache-Control', 'no-store');
    res.json({
      ok: true,
      total: all.length,
      entries,
      people: auditPeople(all),
      types: [...new Set(all.map((e) => e.type))],
    });
  });

  return router;
}
