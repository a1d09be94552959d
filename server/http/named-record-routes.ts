import { Router, type Request, type Response } from 'express';
import type { MeetingState } from '../../shared/domain/meeting';
import { errorAck } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/meeting';
import { namedRecord, namedRecordCsv, namedRecordJson, NAMED_SHEET_STYLE, renderNamedSheet, type NamedRecord } from '../results/named-sheet';
import { formatTime } from '../results/wording';
import { parseWith } from '../validation';
import type { ApiDeps } from './api-deps';
import { ticketOrRole, type LinkPurpose } from './link-tickets';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { sendError, sendErrorCode } from './respond';
import { setPagePolicy } from './security-headers';

/**
 * A named (记名) ballot's per-delegate record, once published: the printed sheet (记名表决结果),
 * CSV and JSON. Staff only, by header or one-time link ticket. An anonymous ballot is refused
 * before anything about it is read (invariant 4).
 */
export function namedRecordRoutes({ auth, service, shared }: ApiDeps): Router {
  const router = Router();
  const admit = (purpose: LinkPurpose) => ticketOrRole({ auth, oneTime: shared.oneTime }, purpose);

  async function recordFor(req: Request, res: Response): Promise<{ state: MeetingState; record: NamedRecord } | null> {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return null;
    const ballotId = parseWith(IdSchema, req.params['ballotId']);
    if (!ballotId.ok) {
      sendError(res, { ...ballotId, message: `ballotId: ${ballotId.message}` });
      return null;
    }
    const state = await service.stateOf(meetingId);
    if (!state) {
      sendError(res, meetingNotFound(meetingId));
      return null;
    }
    const outcome = namedRecord(state, ballotId.data);
    if (outcome.ok) return { state, record: outcome.record };
    if (outcome.reason === 'unknown') sendError(res, errorAck('UNKNOWN_BALLOT', `no ballot ${ballotId.data}`));
    else if (outcome.reason === 'anonymous') sendErrorCode(res, 'FORBIDDEN', 'an anonymous ballot has no per-delegate record (secrecy)');
    else sendError(res, errorAck('RESULT_NOT_PUBLISHED', 'the per-delegate record is shown once the result is published (R2.8)'));
    return null;
  }

  router.get('/:meetingId/ballots/:ballotId/named-sheet', admit('named-sheet'), async (req, res) => {
    const found = await recordFor(req, res);
    if (!found) return;
    const { state, record } = found;
    const page = renderNamedSheet(record, { bodyName: state.spec.body.name, sessionTitle: state.spec.title, printedAt: formatTime(service.now()) });
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    setPagePolicy(res, { styles: [NAMED_SHEET_STYLE] });
    res.type('html').send(page);
  });

  router.get('/:meetingId/ballots/:ballotId/named.csv', admit('named-csv'), async (req, res) => {
    const found = await recordFor(req, res);
    if (!found) return;
    res.set({
      'Cache-Control': 'no-store',
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="named-${found.record.ballotId}.csv"`,
    });
    res.send(namedRecordCsv(found.record));
  });

  router.get('/:meetingId/ballots/:ballotId/named.json', admit('named-json'), async (req, res) => {
    const found = await recordFor(req, res);
    if (!found) return;
    res.set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="named-${found.record.ballotId}.json"` });
    res.json({ ok: true, ...namedRecordJson(found.record) });
  });

  return router;
}
