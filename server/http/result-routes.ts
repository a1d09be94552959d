import { Router, type Response } from 'express';
import { errorAck } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/meeting';
import { ballotRecord } from '../results/ballot-record';
import { buildResultSheet } from '../results/result-sheet';
import { resultsCsv, resultsJson } from '../results/results-export';
import { formatTime } from '../results/wording';
import { parseWith } from '../validation';
import type { ApiDeps } from './api-deps';
import { ticketOrRole, type LinkPurpose } from './link-tickets';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { sendError } from './respond';
import { PRINT_HANDLER, RESULT_SHEET_STYLE, renderResultSheetPage } from './result-sheet-page';
import { setPagePolicy } from './security-headers';

function ballotIdParam(value: unknown, res: Response): string | null {
  const parsed = parseWith(IdSchema, value);
  if (parsed.ok) return parsed.data;
  sendError(res, { ...parsed, message: `ballotId: ${parsed.message}` });
  return null;
}

/**
 * Printed and exported results. Staff only: by the Authorization header, or by a one-time
 * link ticket (http/link-tickets.ts) when the console opens one for printing or downloading;
 * never by a token in the URL. Results carry totals only (R2.5).
 */
export function resultRoutes({ auth, service, shared }: ApiDeps): Router {
  const router = Router();
  const admit = (purpose: LinkPurpose) => ticketOrRole({ auth, oneTime: shared.oneTime }, purpose);

  router.get('/:meetingId/ballots/:ballotId/result-sheet', admit('result-sheet'), async (req, res) => {
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
    setPagePolicy(res, { styles: [RESULT_SHEET_STYLE], handlers: [PRINT_HANDLER] });
    res.type('html').send(page);
  });

  router.get('/:meetingId/results.json', admit('results-json'), async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const state = await service.stateOf(meetingId);
    if (!state) return sendError(res, meetingNotFound(meetingId));
    res.set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="results-${meetingId}.json"` });
    res.json(resultsJson(state, service.now()));
  });

  router.get('/:meetingId/results.csv', admit('results-csv'), async (req, res) => {
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
