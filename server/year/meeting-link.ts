import { randomUUID } from 'node:crypto';
import type { Actor, MeetingSpec, MeetingState } from '../../shared/domain/meeting';
import type { BodyState } from '../../shared/domain/year/body';
import type { ReportDocument } from '../../shared/domain/year/agenda';
import { buildAgenda, delegatesOf, reportDocuments, type AgendaRequest } from '../../shared/domain/year/agenda';
import type { MeetingFacts } from '../../shared/domain/year/harvest';
import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import { MeetingSpecSchema } from '../../shared/protocol/meeting';
import type { MeetingService } from '../meeting-service';
import { parseWith } from '../validation';
import type { BodyRegistry } from './body-registry';

export interface BodyMeetingRequest {
  meetingId?: string | undefined;
  title: string;
  sessionNo: number;
  year: number;
  regular: boolean;
  presidium: string[];
  agenda: AgendaRequest[];
}

/**
 * A meeting of a body (第N次会议): the roster becomes the delegates (seat ids = member ids, so
 * seat cards and suggestions carry over), agenda ballots come from the body's records, and the
 * meeting is created through the meeting service's ordinary path; then the body links it.
 * If the link fails after the meeting exists, the meeting stays (it is valid on its own) and the
 * link can be retried: the error says so.
 */
export async function createBodyMeeting(
  bodies: BodyRegistry,
  service: MeetingService,
  body: BodyState,
  request: BodyMeetingRequest,
  actor: Actor,
): Promise<{ ok: true; meetingId: string } | (ErrorAck & { status?: number })> {
  if (body.roster.length === 0) return errorAck('WRONG_STATUS', 'the body has no roster yet');
  if (body.meetings.some((m) => m.sessionNo === request.sessionNo)) return errorAck('DUPLICATE_RECORD', `第${request.sessionNo}次会议 exists in this term`);
  const built = buildAgenda(body, request.agenda);
  if (!built.ok) return errorAck('WRONG_STATUS', built.message);
  const meetingId = request.meetingId ?? `m-${randomUUID()}`;
  const spec: MeetingSpec = {
    meetingId,
    body: { name: body.info.name, kind: body.info.kind, bodyId: body.info.bodyId },
    title: request.title,
    sessionNo: request.sessionNo,
    delegates: delegatesOf(body),
    presidium: request.presidium,
    agenda: built.agenda,
  };
  // The same checks as POST /api/meetings (prepared ballots included), then the same creation path.
  const checked = parseWith(MeetingSpecSchema, spec);
  if (!checked.ok) return checked;
  const created = await service.createMeeting({ ...checked.data, meetingId } as MeetingSpec, actor);
  if (!created.ok) return created;
  const linked = await bodies.execute(
    body.info.bodyId,
    [{ type: 'LinkMeeting', meeting: { meetingId, sessionNo: request.sessionNo, year: request.year, title: request.title, regular: request.regular, items: built.purposes } }],
    actor,
  );
  if (!linked.ok) return { ...linked, message: `meeting ${meetingId} was created but not linked: ${linked.message}` };
  const attached = await attachReports(service, meetingId, reportDocuments(body, request.agenda, request.year), actor);
  if (!attached.ok) return { ...attached, message: `meeting ${meetingId} was created and linked, but the 履职情况报告 were not attached: ${attached.message}` };
  return { ok: true, meetingId };
}

/**
 * The register's 履职情况报告 as text documents of their agenda items, through PREPARE's path
 * (AttachDocument → DocumentAttached, as POST /api/meetings/:meetingId/documents does), all in
 * one command batch: the tablets read them like any attachment.
 */
async function attachReports(service: MeetingService, meetingId: string, documents: ReportDocument[], actor: Actor): Promise<{ ok: true } | ErrorAck> {
  if (documents.length === 0) return { ok: true };
  const commands = documents.map((d) => {
    const content = Buffer.from(d.text, 'utf8');
    return {
      type: 'AttachDocument' as const,
      itemId: d.itemId,
      document: { docId: `doc-${randomUUID()}`, title: d.title, kind: 'text' as const, bytes: content.length },
      content: content.toString('base64'),
    };
  });
  const outcome = await service.execute(meetingId, commands, actor);
  return outcome.ok ? { ok: true } : outcome;
}

/**
 * R6.2: which of the body's regular meetings of `year` were held — their session opened
 * (in_session or closed), read from each meeting's own state. A handful of meetings a year.
 */
export async function heldMeetings(service: MeetingService, body: BodyState, year: number): Promise<Set<string>> {
  const ids = body.meetings.filter((m) => m.regular && m.year === year).map((m) => m.meetingId);
  const phases = await Promise.all(ids.map(async (id) => (await service.stateOf(id))?.phase));
  return new Set(ids.filter((_id, i) => phases[i] === 'in_session' || phases[i] === 'closed'));
}

/** The published ballots of a meeting, for harvestMeeting. */
export function meetingFacts(state: MeetingState): MeetingFacts {
  const ballots = state.ballotOrder.flatMap((ballotId) => {
    const b = state.ballots.get(ballotId);
    if (!b || b.status !== 'published' || !b.result) return [];
    return [{ ballotId, itemId: b.spec.itemId, spec: b.spec, result: b.result, closedAt: b.closedAt ?? b.openedAt }];
  });
  return { meetingId: state.spec.meetingId, title: state.spec.title, ballots };
}
