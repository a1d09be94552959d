import { randomUUID } from 'node:crypto';
import express, { Router, type Response } from 'express';
import type { MeetingSpec, MeetingState } from '../../shared/domain/meeting';
import { guessMapping, importRoster, type RowProblem } from '../../shared/domain/preparation/roster-import';
import { settingsOf } from '../../shared/domain/settings';
import { errorAck } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/ids';
import { DocumentUploadSchema, RevisionSchema, RosterImportSchema } from '../../shared/protocol/preparation';
import type { Role } from '../../shared/protocol/socket';
import { actorFor } from '../actor';
import type { Principal } from '../auth';
import { DocumentCache, contentFromLog, contentTypeOf, documentMeta } from '../preparation/document-content';
import { readRosterFile } from '../preparation/roster-file';
import { parseWith } from '../validation';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { principalOf, requireRole } from './require-role';
import { sendError, sendErrorCode } from './respond';

/** Who prepares a meeting: the secretariat (秘书处) and administrators. */
export const PREPARE_ROLES = ['secretariat', 'administrator'] as const satisfies readonly Role[];

/**
 * Roster files and attachments arrive base64 in JSON (5 MB files): these routes parse their own
 * bodies with this limit, ahead of the API's 256 kB one, and only on their own paths.
 */
const UPLOAD_JSON_LIMIT = '8mb';
/** Rows of a row report sent back; the count says how many there were in all. */
const MAX_REPORTED_PROBLEMS = 500;
const PREVIEW_ROWS = 20;

/** Spec fields the revision body owns; omitting one in a revision clears it. */
const REVISED_FIELDS = ['settings', 'sessionNo', 'dates', 'vacancies', 'hall'] as const;

/**
 * The secretariat's preparation of a meeting, mounted at `/api/meetings` (api.ts): the paths
 * below are relative to it, so a request elsewhere (a hall's pairing) never enters this router.
 */
export function prepareRoutes({ auth, service }: ApiDeps): Router {
  const router = Router();
  const json = express.json({ limit: UPLOAD_JSON_LIMIT });
  const prepare = requireRole(auth, PREPARE_ROLES);
  const staff = requireRole(auth, STAFF_ROLES);
  const readers = requireRole(auth, [...STAFF_ROLES, 'delegate', 'wall']);
  const documents = new DocumentCache();

  async function meetingOf(param: unknown, res: Response): Promise<MeetingState | null> {
    const meetingId = meetingIdParam(param, res);
    if (!meetingId) return null;
    const state = await service.stateOf(meetingId);
    if (!state) sendError(res, meetingNotFound(meetingId));
    return state;
  }

  function stale(res: Response, state: MeetingState, expected: number | undefined): boolean {
    if (expected === undefined || expected === state.version) return false;
    sendError(res, errorAck('INVALID_REVISION', '会议已被他人修改，请刷新后再编辑 (the meeting changed since it was read)', { stale: true, version: state.version }));
    return true;
  }

  async function revise(res: Response, state: MeetingState, spec: MeetingSpec) {
    return service.execute(state.spec.meetingId, [{ type: 'ReviseMeeting', spec }], actorFor(principalOf(res), PREPARE_ROLES));
  }

  /** What the preparation pages edit: the whole spec, with settings filled in and which seats have tablets. */
  router.get('/:meetingId/preparation', staff, async (req, res) => {
    const state = await meetingOf(req.params['meetingId'], res);
    if (!state) return;
    const pairedSeatIds = state.spec.delegates.filter((d) => state.seats.get(d.seatId)?.deviceId).map((d) => d.seatId);
    const items = Object.fromEntries(state.spec.agenda.map((a) => [a.itemId, state.items.get(a.itemId) ?? 'pending']));
    res.set('Cache-Control', 'no-store');
    res.json({ ok: true, version: state.version, phase: state.phase, spec: state.spec, settings: settingsOf(state.spec), items, pairedSeatIds });
  });

  router.post('/:meetingId/revision', json, prepare, async (req, res) => {
    const parsed = parseWith(RevisionSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const state = await meetingOf(req.params['meetingId'], res);
    if (!state || stale(res, state, parsed.data.expectedVersion)) return;
    // Fields this body does not know (added by other features) stay as they are.
    const kept: Record<string, unknown> = { ...state.spec };
    for (const field of REVISED_FIELDS) delete kept[field];
    const spec = { ...kept, ...parsed.data.spec, body: { ...state.spec.body, ...parsed.data.spec.body }, meetingId: state.spec.meetingId } as MeetingSpec;
    const outcome = await revise(res, state, spec);
    if (!outcome.ok) return sendError(res, outcome);
    res.json({ ok: true, version: outcome.state.version, total: outcome.state.total });
  });

  router.post('/:meetingId/roster/import', json, prepare, async (req, res) => {
    const parsed = parseWith(RosterImportSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const state = await meetingOf(req.params['meetingId'], res);
    if (!state || stale(res, state, parsed.data.expectedVersion)) return;
    const file = await readRosterFile(Buffer.from(parsed.data.content, 'base64'), { encoding: parsed.data.encoding });
    if (!file.ok) return sendErrorCode(res, 'BAD_REQUEST', file.message);
    const { table } = file;
    const mapping = parsed.data.mapping ?? guessMapping(table.headers);
    const outcome = importRoster(table, mapping, {
      ...(parsed.data.groups ? { groups: parsed.data.groups } : {}),
      existing: state.spec.delegates,
    });
    const problems: RowProblem[] = outcome.ok ? [] : outcome.problems;
    const report = {
      fileKind: file.kind,
      encoding: file.encoding,
      headers: table.headers,
      mapping,
      rows: table.rows.length,
      problemCount: problems.length,
      problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
      count: outcome.ok ? outcome.delegates.length : 0,
      preview: outcome.ok ? outcome.delegates.slice(0, PREVIEW_ROWS) : [],
    };
    if (parsed.data.dryRun) return res.json({ ok: true, imported: false, ...report });
    if (!outcome.ok) {
      // All or nothing: one bad row and the roster stays as it was.
      return sendError(res, errorAck('INVALID_REVISION', `名单有 ${problems.length} 处问题，未导入 (nothing imported)`, report), 422);
    }
    const revised = await revise(res, state, { ...state.spec, delegates: outcome.delegates });
    if (!revised.ok) return sendError(res, { ...revised, details: { ...revised.details, ...report } });
    res.json({ ok: true, imported: true, version: revised.state.version, total: revised.state.total, ...report });
  });

  router.post('/:meetingId/documents', json, prepare, async (req, res) => {
    const parsed = parseWith(DocumentUploadSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const state = await meetingOf(req.params['meetingId'], res);
    if (!state) return;
    const { itemId, title, kind, content } = parsed.data;
    const docId = `doc-${randomUUID()}`;
    const bytes = Buffer.from(content, 'base64').length;
    const outcome = await service.execute(
      state.spec.meetingId,
      [{ type: 'AttachDocument', itemId, document: { docId, title, kind, bytes }, content }],
      actorFor(principalOf(res), PREPARE_ROLES),
    );
    if (!outcome.ok) return sendError(res, outcome);
    res.status(201).json({ ok: true, docId, bytes, version: outcome.state.version });
  });

  /** An attachment, to the meeting's staff and to its own tablets and wall (Bearer token). */
  router.get('/:meetingId/documents/:docId', readers, async (req, res) => {
    const principal: Principal = principalOf(res);
    const docId = parseWith(IdSchema, req.params['docId']);
    if (!docId.ok) return sendError(res, docId);
    const state = await meetingOf(req.params['meetingId'], res);
    if (!state) return;
    if (principal.role !== 'staff' && principal.meetingId !== state.spec.meetingId) {
      return sendErrorCode(res, 'FORBIDDEN', 'this token belongs to another meeting');
    }
    const meta = documentMeta(state.spec.agenda, docId.data);
    if (!meta) return sendError(res, errorAck('BAD_REQUEST', `no document ${docId.data}`), 404);
    const content = await documents.load(state.spec.meetingId, meta.docId, async () => {
      const archive = await service.exportMeeting(state.spec.meetingId);
      return archive ? contentFromLog(archive.events, meta.docId) : null;
    });
    if (!content) return sendErrorCode(res, 'INTERNAL', `document ${meta.docId} has no content in the log`);
    res.set('Content-Type', contentTypeOf(meta.kind));
    res.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${meta.title}.${meta.kind === 'pdf' ? 'pdf' : 'txt'}`)}`);
    res.set('Cache-Control', 'private, no-store');
    res.send(content);
  });

  return router;
}
