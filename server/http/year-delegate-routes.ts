import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { BodyState } from '../../shared/domain/year/body';
import type { BodyCommand } from '../../shared/domain/year/decide';
import { delegateYearView } from '../../shared/domain/year/views';
import { beijingYear } from '../../shared/domain/ballots/slate-decision';
import { errorAck } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/ids';
import { DelegateSuggestionSchema, QuestionSchema, ReplyRatingSchema } from '../../shared/protocol/year';
import type { DelegatePrincipal } from '../auth';
import { parseWith } from '../validation';
import { sendAttachment } from '../year/attachment-files';
import type { BodyRegistry } from '../year/body-registry';
import type { ApiDeps } from './api-deps';
import { principalOf, requireRole } from './require-role';
import { sendError } from './respond';

/**
 * A delegate's tablet and the body of its meeting (issue 12): the meeting's spec names the body
 * (MeetingSpec.body.bodyId), the seat id is the member id. A delegate reads the projects'
 * progress and its OWN suggestions, submits suggestions, rates replies to its own suggestions
 * and queues 专题询问 questions. Only the seat's current device may (a replaced tablet may not).
 */
export function yearDelegateRoutes({ auth, service }: ApiDeps, bodies: BodyRegistry): Router {
  const router = Router();
  const delegate = requireRole(auth, ['delegate']);

  async function bodyOfDelegate(res: Response): Promise<{ state: BodyState; memberId: string } | null> {
    const principal = principalOf(res) as DelegatePrincipal;
    if (!(await service.isCurrentDevice(principal.meetingId, principal.seatId, principal.deviceId))) {
      sendError(res, errorAck('DEVICE_REPLACED', 'this seat is paired with another device'));
      return null;
    }
    const meeting = await service.stateOf(principal.meetingId);
    const bodyId = meeting?.spec.body.bodyId;
    const state = bodyId ? await bodies.state(bodyId) : null;
    // The body must have made (linked) this meeting: a spec naming a body is not enough to act as its member.
    if (!state || !state.meetingIndex.has(principal.meetingId)) {
      sendError(res, errorAck('UNKNOWN_BODY', 'this meeting does not belong to a body'), 404);
      return null;
    }
    if (!state.members.has(principal.seatId)) {
      sendError(res, errorAck('UNKNOWN_RECORD', 'this seat is not a member of the body'), 404);
      return null;
    }
    return { state, memberId: principal.seatId };
  }

  async function run(res: Response, bodyId: string, memberId: string, command: BodyCommand, extra: Record<string, unknown> = {}, status = 200) {
    const outcome = await bodies.execute(bodyId, [command], { role: 'delegate', name: memberId });
    if (!outcome.ok) return sendError(res, outcome, outcome.code === 'UNKNOWN_RECORD' ? 404 : undefined);
    res.status(status).json({ ok: true, ...extra, year: delegateYearView(outcome.state, memberId) });
  }

  function idParam(req: Request, res: Response, name: string): string | null {
    const parsed = parseWith(IdSchema, req.params[name]);
    if (parsed.ok) return parsed.data;
    sendError(res, { ...parsed, message: `${name}: ${parsed.message}` });
    return null;
  }

  router.get('/my/year', delegate, async (_req, res) => {
    const mine = await bodyOfDelegate(res);
    if (mine) res.json({ ok: true, year: delegateYearView(mine.state, mine.memberId) });
  });

  /** A progress photo or document of an adopted project of the delegate's own body. */
  router.get('/my/projects/:projectId/attachments/:docId', delegate, async (req, res) => {
    const projectId = idParam(req, res, 'projectId');
    const docId = projectId && idParam(req, res, 'docId');
    if (!projectId || !docId) return;
    const mine = await bodyOfDelegate(res);
    if (mine) await sendAttachment(res, bodies, mine.state, projectId, docId);
  });

  router.post('/my/suggestions', delegate, async (req, res) => {
    const parsed = parseWith(DelegateSuggestionSchema, req.body ?? {});
    if (!parsed.ok) return sendError(res, parsed);
    const mine = await bodyOfDelegate(res);
    if (!mine) return;
    const suggestionId = `sg-${randomUUID().slice(0, 8)}`;
    await run(
      res,
      mine.state.info.bodyId,
      mine.memberId,
      { type: 'SubmitSuggestion', suggestionId, year: beijingYear(bodies.now()), memberId: mine.memberId, via: 'tablet', ...parsed.data },
      { suggestionId },
      201,
    );
  });

  router.post('/my/suggestions/:suggestionId/rating', delegate, async (req, res) => {
    const suggestionId = idParam(req, res, 'suggestionId');
    const parsed = suggestionId && parseWith(ReplyRatingSchema, req.body ?? {});
    if (!suggestionId || !parsed) return;
    if (!parsed.ok) return sendError(res, parsed);
    const mine = await bodyOfDelegate(res);
    if (!mine) return;
    await run(res, mine.state.info.bodyId, mine.memberId, { type: 'RateReply', suggestionId, memberId: mine.memberId, rating: parsed.data.rating });
  });

  router.post('/my/inquiries/:inquiryId/questions', delegate, async (req, res) => {
    const inquiryId = idParam(req, res, 'inquiryId');
    const parsed = inquiryId && parseWith(QuestionSchema, req.body ?? {});
    if (!inquiryId || !parsed) return;
    if (!parsed.ok) return sendError(res, parsed);
    const mine = await bodyOfDelegate(res);
    if (!mine) return;
    const questionId = `qq-${randomUUID().slice(0, 8)}`;
    await run(res, mine.state.info.bodyId, mine.memberId, { type: 'QueueQuestion', inquiryId, questionId, memberId: mine.memberId, text: parsed.data.text }, { questionId }, 201);
  });

  return router;
}
