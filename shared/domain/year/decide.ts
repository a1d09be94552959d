/**
 * decide for a body's registry: a command and the current state → events, or a rejection.
 * Pure: ids are made by the caller (the server), the time comes in the context.
 * Every id from outside is looked up in the state's maps (invariant 6).
 */
import type { Actor } from '../meeting';
import type {
  Appointee,
  BodyEvent,
  BodyInfo,
  BodyMeeting,
  BodyMember,
  BodySettings,
  BodyState,
  CandidateProject,
  InquiryPhase,
  ProgressReport,
  ProjectDecision,
  ProjectSource,
  QuotaDecision,
  RatedSubject,
  ReplyRating,
  Suggestion,
} from './body';
import { defaultBodySettings } from './body';
import { MAX_ATTACHMENTS_PER_REPORT, checkAttachmentContent, sanitizeFileName, type ProgressAttachmentKind } from './attachments';
import type { YearErrorCode } from './errors';
import { checkFundAllocation } from './fund';
import { checkQuotas } from './quotas';

export interface YearContext {
  actor: Actor;
  now: number;
}

const DAY_MS = 86_400_000;

export type BodyCommand =
  | { type: 'CreateBody'; info: BodyInfo; settings?: Partial<BodySettings> }
  | { type: 'SetRoster'; members: BodyMember[] }
  | { type: 'SetQuotas'; decision: QuotaDecision }
  | { type: 'LinkMeeting'; meeting: Omit<BodyMeeting, 'createdAt' | 'presidium' | 'convenedBy'> }
  | { type: 'RecordPresidium'; meetingId: string; ballotId: string; names: string[] }
  | {
      type: 'CollectProject';
      project: Pick<CandidateProject, 'projectId' | 'year' | 'title' | 'sponsorUnit' | 'budgetFen' | 'summary' | 'source' | 'sourceRef' | 'forwardedFrom'>;
    }
  /** R4.1: screening (collected → screened) or submission (screened → submitted); a refusal needs a reason. */
  | { type: 'ScreenProject'; projectId: string; accept: boolean; reason: string | null }
  | { type: 'SubmitProject'; projectId: string; accept: boolean; reason: string | null }
  | { type: 'ForwardProject'; projectId: string; toBodyId: string; toProjectId: string }
  | { type: 'DecideProjects'; decision: ProjectDecision }
  | { type: 'ReportProgress'; projectId: string; report: Omit<ProgressReport, 'at' | 'by'> }
  /** A photo or document of a progress report; `content` base64, checked by its magic bytes. */
  | {
      type: 'AttachProgressFile';
      projectId: string;
      reportId: string;
      docId: string;
      title: string;
      kind: ProgressAttachmentKind;
      fileName: string;
      content: string;
    }
  | { type: 'RecordRating'; meetingId: string; ballotId: string; year: number; subjects: RatedSubject[]; followUpIds: Record<string, string> }
  | { type: 'OpenSupervision'; supervisionId: string; year: number; title: string; unit: string }
  | { type: 'RecordInquiry'; supervisionId: string; phase: InquiryPhase; meetingId: string | null; itemId: string | null; report: string }
  | { type: 'ReportFollowUp'; supervisionId: string; followUpId: string; report: string }
  | { type: 'RegisterAppointee'; appointee: Omit<Appointee, 'reports' | 'ratings'> }
  | { type: 'FileAppointeeReport'; appointeeId: string; year: number; title: string; ref: string; text?: string | undefined }
  | { type: 'OpenSpecialInquiry'; inquiryId: string; year: number; title: string }
  | { type: 'QueueQuestion'; inquiryId: string; questionId: string; memberId: string; text: string }
  | { type: 'GrantQuestion'; inquiryId: string; questionId: string }
  | { type: 'RecordAnswer'; inquiryId: string; questionId: string; answer: string; answeredBy: string }
  | {
      type: 'SubmitSuggestion';
      suggestionId: string;
      year: number;
      memberId: string;
      title: string;
      content: string;
      category: string;
      coSigners: string[];
      via: 'tablet' | 'console';
    }
  | { type: 'AssignSuggestion'; suggestionId: string; handlingUnit: string; deadline: number }
  | { type: 'ReplySuggestion'; suggestionId: string; text: string }
  /** Only the delegate who submitted it rates the reply (R5.8). */
  | { type: 'RateReply'; suggestionId: string; memberId: string; rating: ReplyRating }
  | { type: 'SetFund'; year: number; fundFen: number }
  | { type: 'AllocateFund'; year: number; allocations: { allocationId: string; suggestionId: string; amountFen: number }[] };

/** INVALID_DOCUMENT: the meeting's code for an attachment that is empty, too large or not what it says. */
type BodyRejectCode = YearErrorCode | 'INVALID_DOCUMENT';

export type BodyDecision =
  | { ok: true; events: BodyEvent[] }
  | { ok: false; code: BodyRejectCode; message: string; details?: Record<string, unknown> };

const reject = (code: BodyRejectCode, message: string, details?: Record<string, unknown>): BodyDecision =>
  details ? { ok: false, code, message, details } : { ok: false, code, message };

/** Decides the first command of a body (its log is empty). */
export function decideCreateBody(command: Extract<BodyCommand, { type: 'CreateBody' }>, ctx: YearContext): BodyDecision {
  const { info } = command;
  // R6.1/R6.2: a street congress is convened by the 人大街道工委.
  if (info.kind === 'street_congress' && !info.convener) return reject('WRONG_STATUS', '街道议政代表大会须由人大街道工委召集 (R6.1: convener required)');
  if (!Number.isSafeInteger(info.term) || info.term < 1) return reject('WRONG_STATUS', 'term (届) must be a whole number ≥ 1');
  const settings = { ...defaultBodySettings(info.kind), ...command.settings };
  return { ok: true, events: [{ type: 'BodyCreated', at: ctx.now, by: ctx.actor, info: { ...info }, settings }] };
}

function member(state: BodyState, memberId: string): BodyMember | undefined {
  const index = state.members.get(memberId);
  return index === undefined ? undefined : state.roster[index];
}

export function memberOf(state: BodyState, memberId: string): BodyMember | undefined {
  return member(state, memberId);
}

export function decideBody(state: BodyState, command: BodyCommand, ctx: YearContext): BodyDecision {
  const base = { at: ctx.now, by: ctx.actor };
  const accept = (...events: BodyEvent[]): BodyDecision => ({ ok: true, events });
  switch (command.type) {
    case 'CreateBody':
      return reject('DUPLICATE_RECORD', `body ${state.info.bodyId} exists`);

    case 'SetRoster': {
      const seen = new Set<string>();
      for (const m of command.members) {
        if (seen.has(m.memberId)) return reject('DUPLICATE_RECORD', `duplicate memberId ${m.memberId}`);
        seen.add(m.memberId);
      }
      // R6.3: a street congress's roster must fit the standing committee's quota per type.
      if (state.info.kind === 'street_congress' && state.quotas) {
        const check = checkQuotas(command.members, state.quotas);
        if (check.problems.length > 0) return reject('QUOTA_EXCEEDED', check.problems.join('；'), { rows: check.rows });
      }
      return accept({ type: 'RosterSet', ...base, members: command.members.map((m) => ({ ...m })) });
    }

    case 'SetQuotas': {
      const categories = new Set<string>();
      for (const q of command.decision.quotas) {
        if (categories.has(q.category)) return reject('DUPLICATE_RECORD', `duplicate category ${q.category}`);
        if (!Number.isSafeInteger(q.count) || q.count < 0) return reject('WRONG_STATUS', 'a quota is a whole number ≥ 0');
        categories.add(q.category);
      }
      if (state.roster.length > 0) {
        const check = checkQuotas(state.roster, command.decision);
        if (check.problems.length > 0) return reject('QUOTA_EXCEEDED', `现有名单不符合新的名额：${check.problems.join('；')}`, { rows: check.rows });
      }
      return accept({ type: 'QuotasSet', ...base, decision: command.decision });
    }

    case 'LinkMeeting': {
      const m = command.meeting;
      if (state.meetingIndex.has(m.meetingId)) return reject('DUPLICATE_RECORD', `meeting ${m.meetingId} is already linked`);
      if (state.meetings.some((x) => x.sessionNo === m.sessionNo)) return reject('DUPLICATE_RECORD', `第${m.sessionNo}次会议 exists in this term`);
      if (state.roster.length === 0) return reject('WRONG_STATUS', 'the body has no roster yet');
      const convenedBy = state.info.kind === 'street_congress' ? state.info.convener : null;
      return accept({ type: 'MeetingLinked', ...base, meeting: { ...m, convenedBy, createdAt: ctx.now, presidium: null } });
    }

    case 'RecordPresidium': {
      const index = state.meetingIndex.get(command.meetingId);
      if (index === undefined) return reject('UNKNOWN_RECORD', `meeting ${command.meetingId} is not of this body`);
      if (state.harvested.has(command.ballotId)) return reject('DUPLICATE_RECORD', `ballot ${command.ballotId} is already recorded`);
      return accept({ type: 'PresidiumElected', ...base, meetingId: command.meetingId, ballotId: command.ballotId, names: [...command.names] });
    }

    case 'CollectProject': {
      const p = command.project;
      if (state.projects.has(p.projectId)) return reject('DUPLICATE_RECORD', `project ${p.projectId} exists`);
      if (p.budgetFen !== null && (!Number.isSafeInteger(p.budgetFen) || p.budgetFen < 0)) return reject('WRONG_STATUS', 'budget must be whole fen ≥ 0');
      const project: CandidateProject = {
        ...p,
        source: p.source as ProjectSource,
        status: 'collected',
        rejection: null,
        forwardedTo: [],
        adopted: false,
        progress: [],
        ratings: [],
      };
      return accept({ type: 'ProjectCollected', ...base, project });
    }

    case 'ScreenProject':
    case 'SubmitProject': {
      const p = state.projects.get(command.projectId);
      if (!p) return reject('UNKNOWN_RECORD', `no project ${command.projectId}`);
      const from = command.type === 'ScreenProject' ? 'collected' : 'screened';
      if (p.status !== from) return reject('WRONG_STATUS', `project ${p.projectId} is ${p.status}, not ${from}`);
      if (!command.accept && !command.reason?.trim()) return reject('WRONG_STATUS', '不予采纳须说明理由 (a rejection needs a reason)');
      const status = !command.accept ? 'rejected' : command.type === 'ScreenProject' ? 'screened' : 'submitted';
      return accept({ type: 'ProjectStatusChanged', ...base, projectId: p.projectId, status, reason: command.accept ? null : command.reason });
    }

    case 'ForwardProject': {
      const p = state.projects.get(command.projectId);
      if (!p) return reject('UNKNOWN_RECORD', `no project ${command.projectId}`);
      // R6.1: what a street congress recommended by vote goes on to the county/township pool (双代会).
      if (!p.adopted) return reject('WRONG_STATUS', `project ${p.projectId} was not recommended by a vote`);
      if (p.forwardedTo.some((f) => f.bodyId === command.toBodyId)) return reject('DUPLICATE_RECORD', `already forwarded to ${command.toBodyId}`);
      return accept({ type: 'ProjectForwarded', ...base, projectId: p.projectId, toBodyId: command.toBodyId, toProjectId: command.toProjectId });
    }

    case 'DecideProjects': {
      const d = command.decision;
      // R4.7: one merged decision per year.
      if (state.decisions.has(String(d.year))) return reject('DUPLICATE_RECORD', `${d.year}年民生实事项目已有决定`);
      if (!state.meetingIndex.has(d.meetingId)) return reject('UNKNOWN_RECORD', `meeting ${d.meetingId} is not of this body`);
      for (const id of d.ballotIds) if (state.harvested.has(id)) return reject('DUPLICATE_RECORD', `ballot ${id} is already recorded`);
      for (const id of d.adopted) {
        const p = state.projects.get(id);
        // R4.8: the vote's ids are the pool's ids.
        if (!p) return reject('UNKNOWN_RECORD', `adopted project ${id} is not in the pool`);
        if (p.status !== 'submitted' || p.year !== d.year) return reject('WRONG_STATUS', `project ${id} was not submitted for ${d.year}`);
      }
      return accept({ type: 'ProjectsDecided', ...base, decision: { ...d, adopted: [...d.adopted], ballotIds: [...d.ballotIds] } });
    }

    case 'ReportProgress': {
      const p = state.projects.get(command.projectId);
      if (!p) return reject('UNKNOWN_RECORD', `no project ${command.projectId}`);
      if (!p.adopted) return reject('WRONG_STATUS', `project ${p.projectId} is not an adopted project`);
      const r = command.report;
      if (!Number.isSafeInteger(r.percent) || r.percent < 0 || r.percent > 100) return reject('WRONG_STATUS', 'percent is 0–100');
      if (!Number.isSafeInteger(r.spentFen) || r.spentFen < 0) return reject('WRONG_STATUS', 'money spent is whole fen ≥ 0');
      if (p.progress.some((x) => x.year === r.year && x.quarter === r.quarter)) return reject('DUPLICATE_RECORD', `${r.year}年第${r.quarter}季度 already reported`);
      return accept({ type: 'ProgressReported', ...base, projectId: p.projectId, report: { ...r, at: ctx.now, by: ctx.actor.name } });
    }

    case 'AttachProgressFile': {
      const p = state.projects.get(command.projectId);
      if (!p) return reject('UNKNOWN_RECORD', `no project ${command.projectId}`);
      const report = p.progress.find((r) => r.reportId === command.reportId);
      if (!report) return reject('UNKNOWN_RECORD', `no progress report ${command.reportId} of project ${p.projectId}`);
      const attached = report.attachments ?? [];
      if (attached.length >= MAX_ATTACHMENTS_PER_REPORT) return reject('WRONG_STATUS', `a progress report holds at most ${MAX_ATTACHMENTS_PER_REPORT} files`);
      // docIds are unique in the body: GET finds a file by its docId alone.
      for (const other of state.projects.values()) {
        for (const r of other.progress) if (r.attachments?.some((a) => a.docId === command.docId)) return reject('DUPLICATE_RECORD', `file ${command.docId} exists`);
      }
      const checked = checkAttachmentContent(command.kind, command.content);
      if (!checked.ok) return reject('INVALID_DOCUMENT', checked.problems.join('；'), { problems: checked.problems });
      const attachment = {
        docId: command.docId,
        title: command.title,
        kind: command.kind,
        fileName: sanitizeFileName(command.fileName, command.kind),
        bytes: checked.bytes,
        at: ctx.now,
        by: ctx.actor.name,
      };
      return accept({ type: 'ProgressAttachmentAdded', ...base, projectId: p.projectId, reportId: report.reportId, attachment, content: command.content });
    }

    case 'RecordRating': {
      if (!state.meetingIndex.has(command.meetingId)) return reject('UNKNOWN_RECORD', `meeting ${command.meetingId} is not of this body`);
      if (state.harvested.has(command.ballotId)) return reject('DUPLICATE_RECORD', `ballot ${command.ballotId} is already recorded`);
      for (const s of command.subjects) {
        const exists =
          s.target === 'project'
            ? state.projects.get(s.id)?.adopted === true
            : s.target === 'supervision'
              ? state.supervision.has(s.id)
              : s.target === 'appointee'
                ? state.appointees.has(s.id)
                : (state.funds.get(String(command.year))?.allocations.some((a) => a.allocationId === s.id) ?? false);
        // R4.8: a rated project must be one the year's decision adopted (checked ids).
        if (!exists) return reject('UNKNOWN_RECORD', `rating subject ${s.id} (${s.target}) is not a record of this body`);
      }
      const events: BodyEvent[] = [
        { type: 'RatingRecorded', ...base, meetingId: command.meetingId, ballotId: command.ballotId, year: command.year, subjects: command.subjects },
      ];
      // R5.5: 不满意 on a supervised item opens a 整改 follow-up with a deadline; nothing acts on a person (R5.1).
      for (const s of command.subjects) {
        if (s.target !== 'supervision' || s.tier !== 'unsatisfied') continue;
        const followUpId = Object.hasOwn(command.followUpIds, s.id) ? command.followUpIds[s.id] : undefined;
        if (!followUpId) return reject('WRONG_STATUS', `no follow-up id for ${s.id}`);
        events.push({
          type: 'FollowUpOpened',
          ...base,
          supervisionId: s.id,
          followUp: {
            followUpId,
            reason: `${command.year}年满意度测评结果为不满意（满意${s.satisfied}、基本满意${s.basically_satisfied}、不满意${s.unsatisfied}）`,
            openedAt: ctx.now,
            deadline: ctx.now + state.settings.followUpDays * DAY_MS,
            status: 'open',
            report: null,
            reportedAt: null,
          },
        });
      }
      return { ok: true, events };
    }

    case 'OpenSupervision':
      if (state.supervision.has(command.supervisionId)) return reject('DUPLICATE_RECORD', `supervised item ${command.supervisionId} exists`);
      return accept({
        type: 'SupervisionOpened',
        ...base,
        item: { supervisionId: command.supervisionId, year: command.year, title: command.title, unit: command.unit, inquiries: [], ratings: [], followUps: [] },
      });

    case 'RecordInquiry': {
      const item = state.supervision.get(command.supervisionId);
      if (!item) return reject('UNKNOWN_RECORD', `no supervised item ${command.supervisionId}`);
      if (command.meetingId !== null && !state.meetingIndex.has(command.meetingId)) return reject('UNKNOWN_RECORD', `meeting ${command.meetingId} is not of this body`);
      // R5.7: 年初 → 年中 → 年末, in order.
      const order: InquiryPhase[] = ['start', 'mid', 'end'];
      const needed = order.slice(0, order.indexOf(command.phase));
      const missing = needed.find((p) => !item.inquiries.some((q) => q.phase === p));
      if (missing) return reject('WRONG_STATUS', `the ${missing} inquiry comes first`);
      const { supervisionId, phase, meetingId, itemId, report } = command;
      return accept({ type: 'InquiryRecorded', ...base, supervisionId, phase, meetingId, itemId, report });
    }

    case 'ReportFollowUp': {
      const item = state.supervision.get(command.supervisionId);
      const f = item?.followUps.find((x) => x.followUpId === command.followUpId);
      if (!item || !f) return reject('UNKNOWN_RECORD', `no follow-up ${command.followUpId}`);
      if (f.status !== 'open') return reject('WRONG_STATUS', 'the follow-up is already reported');
      return accept({ type: 'FollowUpReported', ...base, supervisionId: item.supervisionId, followUpId: f.followUpId, report: command.report });
    }

    case 'RegisterAppointee':
      if (state.appointees.has(command.appointee.appointeeId)) return reject('DUPLICATE_RECORD', `appointee ${command.appointee.appointeeId} exists`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(command.appointee.appointedOn)) return reject('WRONG_STATUS', 'appointedOn is YYYY-MM-DD');
      return accept({ type: 'AppointeeRegistered', ...base, appointee: { ...command.appointee, reports: [], ratings: [] } });

    case 'FileAppointeeReport':
      if (!state.appointees.has(command.appointeeId)) return reject('UNKNOWN_RECORD', `no appointee ${command.appointeeId}`);
      return accept({
        type: 'AppointeeReportFiled',
        ...base,
        appointeeId: command.appointeeId,
        year: command.year,
        title: command.title,
        ref: command.ref,
        ...(command.text ? { text: command.text } : {}),
      });

    case 'OpenSpecialInquiry':
      if (state.inquiries.has(command.inquiryId)) return reject('DUPLICATE_RECORD', `inquiry ${command.inquiryId} exists`);
      return accept({
        type: 'SpecialInquiryOpened',
        ...base,
        inquiry: { inquiryId: command.inquiryId, year: command.year, title: command.title, questions: [] },
      });

    case 'QueueQuestion': {
      const inquiry = state.inquiries.get(command.inquiryId);
      if (!inquiry) return reject('UNKNOWN_RECORD', `no inquiry ${command.inquiryId}`);
      const m = member(state, command.memberId);
      if (!m) return reject('UNKNOWN_RECORD', `no member ${command.memberId}`);
      return accept({
        type: 'QuestionQueued',
        ...base,
        inquiryId: inquiry.inquiryId,
        question: { questionId: command.questionId, memberId: m.memberId, name: m.name, text: command.text, status: 'queued', answer: null, answeredBy: null },
      });
    }

    case 'GrantQuestion':
    case 'RecordAnswer': {
      const inquiry = state.inquiries.get(command.inquiryId);
      const q = inquiry?.questions.find((x) => x.questionId === command.questionId);
      if (!inquiry || !q) return reject('UNKNOWN_RECORD', `no question ${command.questionId}`);
      const from = command.type === 'GrantQuestion' ? 'queued' : 'granted';
      if (q.status !== from) return reject('WRONG_STATUS', `the question is ${q.status}, not ${from}`);
      return command.type === 'GrantQuestion'
        ? accept({ type: 'QuestionGranted', ...base, inquiryId: inquiry.inquiryId, questionId: q.questionId })
        : accept({ type: 'AnswerRecorded', ...base, inquiryId: inquiry.inquiryId, questionId: q.questionId, answer: command.answer, answeredBy: command.answeredBy });
    }

    case 'SubmitSuggestion': {
      if (state.suggestions.has(command.suggestionId)) return reject('DUPLICATE_RECORD', `suggestion ${command.suggestionId} exists`);
      const m = member(state, command.memberId);
      if (!m) return reject('UNKNOWN_RECORD', `no member ${command.memberId}`);
      const coSigners = [...new Set(command.coSigners)].filter((id) => id !== m.memberId);
      const stranger = coSigners.find((id) => !state.members.has(id));
      if (stranger !== undefined) return reject('UNKNOWN_RECORD', `co-signer ${stranger} is not a member`);
      const suggestion: Suggestion = {
        suggestionId: command.suggestionId,
        year: command.year,
        memberId: m.memberId,
        name: m.name,
        title: command.title,
        content: command.content,
        category: command.category,
        coSigners,
        via: command.via,
        submittedAt: ctx.now,
        status: 'submitted',
        handlingUnit: null,
        deadline: null,
        replies: [],
        ratings: [],
      };
      return accept({ type: 'SuggestionSubmitted', ...base, suggestion });
    }

    case 'AssignSuggestion': {
      const g = state.suggestions.get(command.suggestionId);
      if (!g) return reject('UNKNOWN_RECORD', `no suggestion ${command.suggestionId}`);
      if (g.status !== 'submitted' && g.status !== 'rehandling') return reject('WRONG_STATUS', `the suggestion is ${g.status}`);
      if (command.deadline <= ctx.now) return reject('WRONG_STATUS', 'the deadline must be in the future');
      return accept({ type: 'SuggestionAssigned', ...base, suggestionId: g.suggestionId, handlingUnit: command.handlingUnit, deadline: command.deadline });
    }

    case 'ReplySuggestion': {
      const g = state.suggestions.get(command.suggestionId);
      if (!g) return reject('UNKNOWN_RECORD', `no suggestion ${command.suggestionId}`);
      if (g.status !== 'assigned' && g.status !== 'rehandling') return reject('WRONG_STATUS', `the suggestion is ${g.status}, not assigned`);
      return accept({ type: 'SuggestionReplied', ...base, suggestionId: g.suggestionId, text: command.text });
    }

    case 'RateReply': {
      const g = state.suggestions.get(command.suggestionId);
      if (!g) return reject('UNKNOWN_RECORD', `no suggestion ${command.suggestionId}`);
      if (g.memberId !== command.memberId) return reject('UNKNOWN_RECORD', 'only the delegate who submitted it rates the reply');
      if (g.status !== 'replied') return reject('WRONG_STATUS', `the suggestion is ${g.status}, not replied`);
      // R5.8: 不满意 → handled again within rehandleDays.
      const rehandleDeadline = command.rating === 'unsatisfied' ? ctx.now + state.settings.rehandleDays * DAY_MS : null;
      return accept({ type: 'ReplyRated', ...base, suggestionId: g.suggestionId, rating: command.rating, rehandleDeadline });
    }

    case 'SetFund': {
      if (!Number.isSafeInteger(command.fundFen) || command.fundFen < 0) return reject('WRONG_STATUS', 'the fund is whole fen ≥ 0');
      const fund = state.funds.get(String(command.year));
      const allocated = fund?.allocations.reduce((sum, a) => sum + a.amountFen, 0) ?? 0;
      if (allocated > command.fundFen) return reject('FUND_EXCEEDED', `已安排${allocated}分，多于新的专项资金${command.fundFen}分`);
      return accept({ type: 'FundSet', ...base, year: command.year, fundFen: command.fundFen });
    }

    case 'AllocateFund': {
      const fund = state.funds.get(String(command.year));
      if (!fund) return reject('UNKNOWN_RECORD', `no special fund for ${command.year}`);
      const ids = new Set(fund.allocations.map((a) => a.allocationId));
      const allocations: { allocationId: string; suggestionId: string; title: string; amountFen: number }[] = [];
      for (const a of command.allocations) {
        if (ids.has(a.allocationId)) return reject('DUPLICATE_RECORD', `allocation ${a.allocationId} exists`);
        ids.add(a.allocationId);
        const g = state.suggestions.get(a.suggestionId);
        if (!g) return reject('UNKNOWN_RECORD', `no suggestion ${a.suggestionId}`);
        allocations.push({ allocationId: a.allocationId, suggestionId: g.suggestionId, title: g.title, amountFen: a.amountFen });
      }
      const check = checkFundAllocation(fund, command.allocations.map((a) => a.amountFen));
      if (!check.ok) return reject('FUND_EXCEEDED', check.message ?? 'over the fund', { ...check });
      return accept({ type: 'FundAllocated', ...base, year: command.year, allocations });
    }
  }
}
