import express, { type ErrorRequestHandler, type Router } from 'express';
import { errorAck } from '../../shared/protocol/errors';
import { ServiceError } from '../service/service-error';
import { storeUnavailable } from '../service/store-unavailable';
import { StoreUnavailableError } from '../store/redis/errors';
import { BodyUnavailableError } from '../year/body-store';
import type { ApiDeps } from './api-deps';
import { linkTicketRoutes } from './link-ticket-routes';
import { meetingRoutes } from './meeting-routes';
import { pairingRoutes, seatCardRoutes } from './pairing-routes';
import { resultRoutes } from './result-routes';
import { recordRoutes } from './record-routes';
import { sendError, sendErrorCode } from './respond';
import { staffRoutes } from './staff-routes';
import { wallCodeRoutes, wallPairingRoutes } from './wall-pairing-routes';
import { accountRoutes } from './account-routes';
import { prepareRoutes } from './prepare-routes';
import { namedMapRoutes } from './named-map-routes';
import { namedRecordRoutes } from './named-record-routes';
import { yearApi } from './year-api';

const JSON_LIMIT = '256kb';

/** Every /api endpoint. Errors are always `{ ok: false, code, message }`. */
export function createApi(deps: ApiDeps): Router {
  const api = express.Router();
  // Express enters every router mounted where a request's path begins, and leaves one with no
  // match a turn of the loop later (setImmediate), having made its closures (a few KB). So the
  // nine routers of /meetings/... paths are mounted on that prefix (two mounts: preparation
  // reads its own, larger bodies, before the JSON parser), and the routers at the root serve
  // the other paths. A pairing enters its own router and no other; it used to pass four
  // (docs/BENCHMARKS.md, "The whole machine in a burst").
  api.use('/meetings', prepareRoutes(deps));
  api.use(express.json({ limit: JSON_LIMIT }));

  // GET /api/health is mounted by app.ts (http/health.ts): it needs the store's readiness.
  // Pairing first: a whole hall pairs at once.
  api.use(pairingRoutes(deps));
  api.use(wallPairingRoutes(deps));
  api.use('/meetings', meetingApi(deps));
  api.use(staffRoutes(deps));
  api.use(accountRoutes(deps));
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

/** The staff's endpoints of one meeting, /api/meetings/...: each router's paths are relative to that prefix. */
function meetingApi(deps: ApiDeps): Router {
  const meetings = express.Router();
  meetings.use(meetingRoutes(deps));
  meetings.use(seatCardRoutes(deps));
  meetings.use(wallCodeRoutes(deps));
  meetings.use(resultRoutes(deps));
  meetings.use(recordRoutes(deps));
  meetings.use(linkTicketRoutes(deps));
  meetings.use(namedMapRoutes(deps));
  meetings.use(namedRecordRoutes(deps));
  return meetings;
}
