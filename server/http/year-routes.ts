import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Actor } from '../../shared/domain/meeting';
import type { BodyState } from '../../shared/domain/year/body';
import type { BodyCommand } from '../../shared/domain/year/decide';
import { harvestMeeting } from '../../shared/domain/year/harvest';
import { bodySummary, bodyView } from '../../shared/domain/year/views';
import { beijingYear } from '../../shared/domain/ballots/slate-decision';
import { errorAck } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/ids';
import type { Role } from '../../shared/protocol/socket';
import {
  AllocationSchema,
  AnswerSchema,
  AppointeeReportSchema,
  AppointeeSchema,
  AssignSchema,
  BodyMeetingSchema,
  CollectProjectSchema,
  CreateBodySchema,
  FollowUpReportSchema,
  ForwardSchema,
  FundSchema,
  InquirySchema,
  ProgressAttachmentQuerySchema,
  ProgressSchema,
  QuotasSchema,
  ReplySchema,
  RosterSchema,
  ScreeningSchema,
  SpecialInquirySchema,
  StaffSuggestionSchema,
  SupervisionSchema,
} from '../../shared/protocol/year';
import { actorFor } from '../actor';
import { mayActOn } from '../auth';
import { parseWith } from '../validation';
import { attachmentKindOf } from '../../shared/domain/year/attachments';
import { progressUpload, sendAttachment } from '../year/attachment-files';
import { createBodyMeeting, heldMeetings, meetingFacts } from '../year/meeting-link';
import type { BodyRegistry } from '../year/body-registry';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { principalOf, requireRole } from './require-role';
import { sendError } from './respond';

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** "2027-03-31" → the end of that day in Beijing (epoch ms). */
export function endOfBeijingDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) + DAY_MS - BEIJING_OFFSET_MS - 1;
}

const WRITERS: readonly Role[] = ['secretariat'];
const PRESIDIUM: readonly Role[] = ['secretariat', 'presidium'];

/**
 * The body registry over HTTP (issue 12; docs/PROTOCOL.md "Bodies and the year"). Staff act on
 * a body when their account is assigned to it (the account's own body list, never its meeting
 * list: a meeting id equal to a body id grants nothing here; the creator is assigned), or acts
 * on all meetings, or is an administrator. Meeting routes under a body also need the meeting.
 */
export function yearRoutes({ auth, accounts, service }: ApiDeps, bodies: BodyRegistry): Router {
  const router = Router();
  const staff = requireRole(auth, STAFF_ROLES);
  const writer = requireRole(auth, WRITERS);
  const presidium = requireRole(auth, PRESIDIUM);

  /** The :bodyId parameter, checked, assigned and looked up; null after answering an error. */
  async function bodyOf(req: Request, res: Response, param = 'bodyId'): Promise<BodyState | null> {
    const parsed = parseWith(IdSchema, req.params[param]);
    if (!parsed.ok) {
      sendError(res, { ...parsed, message: `${param}: ${parsed.message}` });
      return null;
    }
    const principal = principalOf(res);
    if (principal.role === 'staff' && !(await accounts.bodyAccess(principal))(parsed.data)) {
      sendError(res, errorAck('FORBIDDEN', 'this account is not assigned to this body'));
      return null;
    }
    const state = await bodies.state(parsed.data);
    if (!state) {
      sendError(res, errorAck('UNKNOWN_BODY', `no body ${parsed.data}`), 404);
      return null;
    }
    return state;
  }

  function idParam(req: Request, res: Response, name: string): string | null {
    const parsed = parseWith(IdSchema, req.params[name]);
    if (parsed.ok) return parsed.data;
    sendError(res, { ...parsed, message: `${name}: ${parsed.message}` });
    return null;
  }

  function body<S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | null {
    const parsed = parseWith(schema, req.body ?? {});
    if (parsed.ok) return parsed.data;
    sendError(res, parsed);
    return null;
  }

  const actor = (res: Response, roles: readonly Role[]): Actor => actorFor(principalOf(res), roles);

  /** The body's view; its due reminder counts the meetings that actually sat (R6.2). */
  async function viewOf(state: BodyState) {
    const now = bodies.now();
    return bodyView(state, now, await heldMeetings(service, state, beijingYear(now)));
  }

  /** Runs commands on the body and answers with its new view. */
  async function run(res: Response, bodyId: string, commands: BodyCommand[], roles: readonly Role[], extra: Record<string, unknown> = {}, status = 200) {
    const outcome = await bodies.execute(bodyId, commands, actor(res, roles));
    if (!outcome.ok) return sendError(res, outcome, outcome.code === 'UNKNOWN_RECORD' ? 404 : undefined);
    res.status(status).json({ ok: true, ...extra, body: await viewOf(outcome.state) });
  }

  router.get('/bodies', staff, async (_req, res) => {
    const principal = principalOf(res);
    const all = await bodies.list();
    const mayAct = principal.role === 'staff' ? await accounts.bodyAccess(principal) : () => true;
    const visible = all.filter((b) => mayAct(b.info.bodyId));
    res.json({ ok: true, bodies: visible.map(bodySummary) });
  });

  router.post('/bodies', writer, async (req, res) => {
    const input = body(CreateBodySchema, req, res);
    if (!input) return;
    const { settings, bodyId, ...info } = input;
    const id = bodyId ?? `b-${randomUUID()}`;
    const outcome = await bodies.create({ type: 'CreateBody', info: { ...info, bodyId: id }, ...(settings ? { settings } : {}) }, actor(res, WRITERS));
    if (!outcome.ok) return sendError(res, outcome);
    const creator = principalOf(res);
    if (creator.role === 'staff') await accounts.assignBody(creator.accountId, id);
    res.status(201).json({ ok: true, bodyId: id, body: await viewOf(outcome.state) });
  });

  router.get('/bodies/:bodyId', staff, async (req, res) => {
    const state = await bodyOf(req, res);
    if (state) res.json({ ok: true, body: await viewOf(state) });
  });

  router.put('/bodies/:bodyId/roster', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const input = state && body(RosterSchema, req, res);
    if (state && input) await run(res, state.info.bodyId, [{ type: 'SetRoster', members: input.members }], WRITERS);
  });

  router.put('/bodies/:bodyId/quotas', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const input = state && body(QuotasSchema, req, res);
    if (state && input) await run(res, state.info.bodyId, [{ type: 'SetQuotas', decision: input }], WRITERS);
  });

  router.post('/bodies/:bodyId/meetings', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const input = state && body(BodyMeetingSchema, req, res);
    if (!state || !input) return;
    const outcome = await createBodyMeeting(bodies, service, state, input, actor(res, WRITERS));
    if (!outcome.ok) return sendError(res, outcome);
    const creator = principalOf(res);
    if (creator.role === 'staff') await accounts.assign(creator.accountId, outcome.meetingId);
    res.status(201).json({ ok: true, meetingId: outcome.meetingId });
  });

  /** Takes the meeting's published results into the body's records (once per ballot). */
  router.post('/bodies/:bodyId/meetings/:meetingId/records', presidium, async (req, res) => {
    const state = await bodyOf(req, res);
    const meetingId = state && idParam(req, res, 'meetingId');
    if (!state || !meetingId) return;
    const principal = principalOf(res);
    if (principal.role === 'staff' && !mayActOn(principal, meetingId)) return sendError(res, errorAck('FORBIDDEN', 'this account is not assigned to this meeting'));
    const meeting = await service.stateOf(meetingId);
    if (!meeting || meeting.spec.body.bodyId !== state.info.bodyId || !state.meetingIndex.has(meetingId)) {
      return sendError(res, errorAck('UNKNOWN_RECORD', `meeting ${meetingId} is not a meeting of this body`), 404);
    }
    const harvest = harvestMeeting(state, meetingFacts(meeting), () => `fu-${randomUUID()}`);
    await run(res, state.info.bodyId, harvest.commands, PRESIDIUM, { recorded: harvest.commands.length, pending: harvest.pending });
  });

  router.post('/bodies/:bodyId/projects', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const input = state && body(CollectProjectSchema, req, res);
    if (!state || !input) return;
    const projectId = input.projectId ?? `p-${randomUUID().slice(0, 8)}`;
    const { projectId: _given, ...rest } = input;
    await run(res, state.info.bodyId, [{ type: 'CollectProject', project: { ...rest, projectId, forwardedFrom: null } }], WRITERS, { projectId }, 201);
  });

  router.post('/bodies/:bodyId/projects/:projectId/screening', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const projectId = state && idParam(req, res, 'projectId');
    const input = projectId && body(ScreeningSchema, req, res);
    if (!state || !projectId || !input) return;
    const type = input.stage === 'screen' ? 'ScreenProject' : 'SubmitProject';
    await run(res, state.info.bodyId, [{ type, projectId, accept: input.accept, reason: input.reason }], WRITERS);
  });

  /** 双代会: a street congress's recommended project into the county/township pool (R6.1). */
  router.post('/bodies/:bodyId/projects/:projectId/forward', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const projectId = state && idParam(req, res, 'projectId');
    const input = projectId && body(ForwardSchema, req, res);
    if (!state || !projectId || !input) return;
    const principal = principalOf(res);
    if (principal.role === 'staff' && !(await accounts.bodyAccess(principal))(input.toBodyId)) return sendError(res, errorAck('FORBIDDEN', 'this account is not assigned to the receiving body'));
    const target = await bodies.state(input.toBodyId);
    if (!target) return sendError(res, errorAck('UNKNOWN_BODY', `no body ${input.toBodyId}`), 404);
    const project = state.projects.get(projectId);
    if (!project) return sendError(res, errorAck('UNKNOWN_RECORD', `no project ${projectId}`), 404);
    if (!project.adopted) return sendError(res, errorAck('WRONG_STATUS', `project ${projectId} was not recommended by a vote`));
    const toProjectId = `fw-${randomUUID().slice(0, 8)}`;
    // The receiving pool first: a forward that fails half-way leaves a candidate, never a dangling link.
    const received = await bodies.execute(
      target.info.bodyId,
      [
        {
          type: 'CollectProject',
          project: {
            projectId: toProjectId,
            year: project.year,
            title: project.title,
            sponsorUnit: project.sponsorUnit,
            budgetFen: project.budgetFen,
            summary: project.summary,
            source: 'street_congress',
            sourceRef: state.info.name,
            forwardedFrom: { bodyId: state.info.bodyId, projectId },
          },
        },
      ],
      actor(res, WRITERS),
    );
    if (!received.ok) return sendError(res, received);
    await run(res, state.info.bodyId, [{ type: 'ForwardProject', projectId, toBodyId: target.info.bodyId, toProjectId }], WRITERS, { toProjectId });
  });

  router.post('/bodies/:bodyId/projects/:projectId/progress', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const projectId = state && idParam(req, res, 'projectId');
    const input = projectId && body(ProgressSchema, req, res);
    if (!state || !projectId || !input) return;
    await run(res, state.info.bodyId, [{ type: 'ReportProgress', projectId, report: { ...input, reportId: `q-${randomUUID().slice(0, 8)}` } }], WRITERS);
  });

  /** A photo or document of a progress report: the body is the file (attachment-files.ts). */
  router.post('/bodies/:bodyId/projects/:projectId/progress/:reportId/attachments', writer, progressUpload(), async (req, res) => {
    const state = await bodyOf(req, res);
    const projectId = state && idParam(req, res, 'projectId');
    const reportId = projectId && idParam(req, res, 'reportId');
    const query = reportId && parseWith(ProgressAttachmentQuerySchema, { ...(req.query as object) });
    if (!state || !projectId || !reportId || !query) return;
    if (!query.ok) return sendError(res, query);
    const file: unknown = req.body;
    if (!Buffer.isBuffer(file)) return sendError(res, errorAck('INVALID_DOCUMENT', 'send the file itself as the body (application/pdf, image/jpeg or image/png)'), 415);
    const kind = attachmentKindOf(file);
    if (!kind) return sendError(res, errorAck('INVALID_DOCUMENT', '只接受 PDF、JPEG 或 PNG 文件 (the content is not a PDF, JPEG or PNG file)'));
    const docId = `pd-${randomUUID()}`;
    const { title, fileName } = query.data;
    await run(res, state.info.bodyId, [{ type: 'AttachProgressFile', projectId, reportId, docId, title, kind, fileName, content: file.toString('base64') }], WRITERS, { docId }, 201);
  });

  router.get('/bodies/:bodyId/projects/:projectId/attachments/:docId', staff, async (req, res) => {
    const state = await bodyOf(req, res);
    const projectId = state && idParam(req, res, 'projectId');
    const docId = projectId && idParam(req, res, 'docId');
    if (state && projectId && docId) await sendAttachment(res, bodies, state, projectId, docId);
  });

  router.post('/bodies/:bodyId/supervision', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const input = state && body(SupervisionSchema, req, res);
    if (!state || !input) return;
    const supervisionId = input.supervisionId ?? `sv-${randomUUID().slice(0, 8)}`;
    await run(res, state.info.bodyId, [{ type: 'OpenSupervision', supervisionId, year: input.year, title: input.title, unit: input.unit }], WRITERS, { supervisionId }, 201);
  });

  router.post('/bodies/:bodyId/supervision/:supervisionId/inquiries', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const supervisionId = state && idParam(req, res, 'supervisionId');
    const input = supervisionId && body(InquirySchema, req, res);
    if (!state || !supervisionId || !input) return;
    if (input.meetingId !== null) {
      // The 询问 is linked to an agenda item that exists in a meeting of this body.
      const meeting = await service.stateOf(input.meetingId);
      if (!meeting || meeting.spec.body.bodyId !== state.info.bodyId || (input.itemId !== null && !meeting.items.has(input.itemId))) {
        return sendError(res, errorAck('UNKNOWN_RECORD', 'no such meeting or agenda item of this body'), 404);
      }
    }
    await run(res, state.info.bodyId, [{ type: 'RecordInquiry', supervisionId, ...input }], WRITERS);
  });

  router.post('/bodies/:bodyId/supervision/:supervisionId/follow-ups/:followUpId/report', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const supervisionId = state && idParam(req, res, 'supervisionId');
    const followUpId = supervisionId && idParam(req, res, 'followUpId');
    const input = followUpId && body(FollowUpReportSchema, req, res);
    if (!state || !supervisionId || !followUpId || !input) return;
    await run(res, state.info.bodyId, [{ type: 'ReportFollowUp', supervisionId, followUpId, report: input.report }], WRITERS);
  });

  router.post('/bodies/:bodyId/appointees', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const input = state && body(AppointeeSchema, req, res);
    if (!state || !input) return;
    const appointeeId = input.appointeeId ?? `ap-${randomUUID().slice(0, 8)}`;
    await run(res, state.info.bodyId, [{ type: 'RegisterAppointee', appointee: { ...input, appointeeId } }], WRITERS, { appointeeId }, 201);
  });

  router.post('/bodies/:bodyId/appointees/:appointeeId/reports', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const appointeeId = state && idParam(req, res, 'appointeeId');
    const input = appointeeId && body(AppointeeReportSchema, req, res);
    if (!state || !appointeeId || !input) return;
    await run(res, state.info.bodyId, [{ type: 'FileAppointeeReport', appointeeId, ...input }], WRITERS);
  });

  router.post('/bodies/:bodyId/inquiries', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const input = state && body(SpecialInquirySchema, req, res);
    if (!state || !input) return;
    const inquiryId = input.inquiryId ?? `iq-${randomUUID().slice(0, 8)}`;
    await run(res, state.info.bodyId, [{ type: 'OpenSpecialInquiry', inquiryId, year: input.year, title: input.title }], WRITERS, { inquiryId }, 201);
  });

  router.post('/bodies/:bodyId/inquiries/:inquiryId/questions/:questionId/grant', presidium, async (req, res) => {
    const state = await bodyOf(req, res);
    const inquiryId = state && idParam(req, res, 'inquiryId');
    const questionId = inquiryId && idParam(req, res, 'questionId');
    if (!state || !inquiryId || !questionId) return;
    await run(res, state.info.bodyId, [{ type: 'GrantQuestion', inquiryId, questionId }], PRESIDIUM);
  });

  router.post('/bodies/:bodyId/inquiries/:inquiryId/questions/:questionId/answer', presidium, async (req, res) => {
    const state = await bodyOf(req, res);
    const inquiryId = state && idParam(req, res, 'inquiryId');
    const questionId = inquiryId && idParam(req, res, 'questionId');
    const input = questionId && body(AnswerSchema, req, res);
    if (!state || !inquiryId || !questionId || !input) return;
    await run(res, state.info.bodyId, [{ type: 'RecordAnswer', inquiryId, questionId, ...input }], PRESIDIUM);
  });

  router.post('/bodies/:bodyId/suggestions', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const input = state && body(StaffSuggestionSchema, req, res);
    if (!state || !input) return;
    const suggestionId = `sg-${randomUUID().slice(0, 8)}`;
    await run(
      res,
      state.info.bodyId,
      [{ type: 'SubmitSuggestion', suggestionId, year: beijingYear(bodies.now()), via: 'console', ...input }],
      WRITERS,
      { suggestionId },
      201,
    );
  });

  router.post('/bodies/:bodyId/suggestions/:suggestionId/assign', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const suggestionId = state && idParam(req, res, 'suggestionId');
    const input = suggestionId && body(AssignSchema, req, res);
    if (!state || !suggestionId || !input) return;
    await run(res, state.info.bodyId, [{ type: 'AssignSuggestion', suggestionId, handlingUnit: input.handlingUnit, deadline: endOfBeijingDay(input.deadline) }], WRITERS);
  });

  router.post('/bodies/:bodyId/suggestions/:suggestionId/reply', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const suggestionId = state && idParam(req, res, 'suggestionId');
    const input = suggestionId && body(ReplySchema, req, res);
    if (!state || !suggestionId || !input) return;
    await run(res, state.info.bodyId, [{ type: 'ReplySuggestion', suggestionId, text: input.text }], WRITERS);
  });

  router.put('/bodies/:bodyId/funds/:year', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const year = Number(req.params['year']);
    const input = state && body(FundSchema, req, res);
    if (!state || !input) return;
    if (!Number.isSafeInteger(year) || year < 2000 || year > 2100) return sendError(res, errorAck('BAD_REQUEST', 'year: 2000–2100'));
    await run(res, state.info.bodyId, [{ type: 'SetFund', year, fundFen: input.fundFen }], WRITERS);
  });

  router.post('/bodies/:bodyId/funds/:year/allocations', writer, async (req, res) => {
    const state = await bodyOf(req, res);
    const year = Number(req.params['year']);
    const input = state && body(AllocationSchema, req, res);
    if (!state || !input) return;
    if (!Number.isSafeInteger(year) || year < 2000 || year > 2100) return sendError(res, errorAck('BAD_REQUEST', 'year: 2000–2100'));
    const allocations = input.allocations.map((a) => ({ ...a, allocationId: `fa-${randomUUID().slice(0, 8)}` }));
    await run(res, state.info.bodyId, [{ type: 'AllocateFund', year, allocations }], WRITERS);
  });

  return router;
}
