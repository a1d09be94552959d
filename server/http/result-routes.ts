import { Router, type Response } from 'express';
import { errorAck } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/meeting';
import { ballotRecord } from '../results/ballot-record';
import { buildResultSheet } from '../results/result-sheet';
import { resultsCsv, resultsJson } from '../results/results-export';
import { formatTime } from '../results/wording';
import { parseWith } from '../validation';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { requireRole } from './require-role';
import { sendError } from './respond';
import { renderResultSheetPage } from './result-sheet-page';

function ballotIdParam(value: unknown, res: Response): string | null {
  const parsed = parseWith(IdSchema, value);
  if (parsed.ok) return parsed.data;
  sendError(res, { ...parsed, message: `ballotId: ${parsed.message}` });
  return null;
}

/**
 * Printed and exported results. Staff only, and the token may come in the query so that a link
 * can be opened for printing or downloading. Results carry totals only (R2.5).
 */
export function resultRoutes({ auth, service }: ApiDeps): Router {
  const router = Router();
  const staff = requireRole(auth, STAFF_ROLES, { queryToken: true });

  router.get('/meetings/:meetingId/ballots/:ballotId/result-sheet', staff, async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const ballotId = ballotIdParam(req.params['ballotId'], res);
    if (!ballotId) return;
    const state = await service.stateOf(meetingId);
    if (!state) return sendError(res, meetingNotFound(meetingId));
    const found = ballotRecord(state, ballotId);
    if (!found.ok) {
      return sendError(
        res,
        found.reason === 'unknown'
          ? errorAck('UNKNOWN_BALLOT', `no ballot ${ballotId}`)
          : errorAck(
              'RESULT_NOT_PUBLISHED',
              `the ballot is ${found.status ?? 'not published'}: a sheet is printed once its result is published or it is voided`,
            ),
      );
    }
    const page = renderResultSheetPage({
      sheet: buildResultSheet(found.record),
      bodyName: state.spec.body.name,
      sessionTitle: state.spec.title,
      printedAt: formatTime(service.now()),
    });
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.type('html').send(page);
  });

  router.get('/meetings/:meetingId/results.json', staff, async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const state = await service.stateOf(meetingId);
    if (!state) return sendError(res, meetingNotFound(meetingId));
    res.set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="results-${meetingId}.json"` });
    res.json(resultsJson(state, service.now()));
  });

  router.get('/meetings/:meetingId/results.csv', staff, async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const state = await service.stateOf(meetingId);
    if (!state) return sendError(res, meetingNotFound(meetingId));
    res.set({
      'Cache-Control': 'no-store',
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="results-${meetingId}.csv"`,
    });
    res.send(resultsCsv(state));
  });

  return router;
}
