import express, { type ErrorRequestHandler, type Router } from 'express';
import { errorAck } from '../../shared/protocol/errors';
import { ServiceError } from '../service/service-error';
import { storeUnavailable } from '../service/store-unavailable';
import { StoreUnavailableError } from '../store/redis/errors';
import { BodyUnavailableError } from '../year/body-store';
import type { ApiDeps } from './api-deps';
import { linkTicketRoutes } from './link-ticket-routes';
import { meetingRoutes } from './meeting-routes';
import { pairingRoutes } from './pairing-routes';
import { resultRoutes } from './result-routes';
import { recordRoutes } from './record-routes';
import { sendError, sendErrorCode } from './respond';
import { staffRoutes } from './staff-routes';
import { wallPairingRoutes } from './wall-pairing-routes';
import { accountRoutes } from './account-routes';
import { prepareRoutes } from './prepare-routes';
import { namedMapRoutes } from './named-map-routes';
import { namedRecordRoutes } from './named-record-routes';
import { yearApi } from './year-api';

const JSON_LIMIT = '256kb';

/** Every /api endpoint. Errors are always `{ ok: false, code, message }`. */
export function createApi(deps: ApiDeps): Router {
  const api = express.Router();
  // Preparation reads its own, larger bodies (roster files, attachments) on its own paths only.
  // Mounted on its prefix: express enters every router mounted at the root for every request
  // and leaves one with no match a turn of the loop later (setImmediate), having made its
  // closures (a few KB). A pairing entered four such routers before its own; now none
  // (docs/BENCHMARKS.md, "The whole machine in a burst").
  api.use('/meetings', prepareRoutes(deps));
  api.use(express.json({ limit: JSON_LIMIT }));

  // GET /api/health is mounted by app.ts (http/health.ts): it needs the store's readiness.
  // Pairing first: a whole hall pairs at once (no two routers here share a path, so their
  // order changes nothing else).
  api.use(pairingRoutes(deps));
  api.use(wallPairingRoutes(deps));
  api.use(staffRoutes(deps));
  api.use(accountRoutes(deps));
  api.use(meetingRoutes(deps));
  api.use(resultRoutes(deps));
  api.use(recordRoutes(deps));
  api.use(linkTicketRoutes(deps));
  api.use(namedMapRoutes(deps));
  api.use(namedRecordRoutes(deps));
  api.use(yearApi(deps));
  api.use((req, res) => sendError(res, errorAck('BAD_REQUEST', `no endpoint ${req.method} ${req.baseUrl}${req.path}`), 404));

  const onError: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    if (err instanceof ServiceError) return sendError(res, err.toAck());
    // A write Redis (or its replica) did not confirm, outside the meeting service: a staff
    // account's, say. Retryable, like a vote's.
    if (err instanceof StoreUnavailableError) return sendError(res, storeUnavailable('save this', err).toAck());
    if (err instanceof BodyUnavailableError) {
      deps.logger.error('body unavailable', { err });
      return sendErrorCode(res, 'BODY_UNAVAILABLE', err.message);
    }
    const bodyError = err as { type?: unknown; status?: unknown };
    if (bodyError.type === 'entity.too.large') return sendError(res, errorAck('BAD_REQUEST', `body larger than ${JSON_LIMIT}`), 413);
    if (bodyError.type === 'entity.parse.failed') return sendErrorCode(res, 'BAD_REQUEST', 'body is not valid JSON');
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      return sendErrorCode(res, 'BAD_REQUEST', 'the request could not be read');
    }
    deps.logger.error('http handler failed', { err });
    sendErrorCode(res, 'INTERNAL', 'internal error');
  };
  api.use(onError);
  return api;
}
