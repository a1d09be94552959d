/**
 * evolve for a body's registry: the state is the fold of the body's events (invariant 3).
 * Only get/set/has on the persistent maps (see IdMap in ../meeting.ts); lists inside one record
 * are small (a project's quarterly reports, a suggestion's replies) and copied per change.
 */
import { Map as PersistentMap } from 'immutable';
import { ratingCountsOf, type BodyEvent, type BodyState, type RatedSubject, type RatingRecord } from './body';

/** The state after a BodyCreated event: the first fact of every body's log. */
export function initialBodyState(event: Extract<BodyEvent, { type: 'BodyCreated' }>): BodyState {
  return {
    version: 1,
    info: { ...event.info },
    settings: { ...event.settings },
    roster: [],
    members: PersistentMap(),
    quotas: null,
    meetings: [],
    meetingIndex: PersistentMap(),
    projects: PersistentMap(),
    projectOrder: [],
    decisions: PersistentMap(),
    supervision: PersistentMap(),
    supervisionOrder: [],
    appointees: PersistentMap(),
    appointeeOrder: [],
    inquiries: PersistentMap(),
    inquiryOrder: [],
    suggestions: PersistentMap(),
    suggestionOrder: [],
    funds: PersistentMap(),
    harvested: PersistentMap(),
  };
}

function record(subject: RatedSubject, year: number, meetingId: string, ballotId: string, at: number): RatingRecord {
  return { year, meetingId, ballotId, at, ...ratingCountsOf(subject) };
}

function applyRating(state: BodyState, event: Extract<BodyEvent, { type: 'RatingRecorded' }>): BodyState {
  let next = { ...state, harvested: state.harvested.set(event.ballotId, true as const) };
  for (const subject of event.subjects) {
    const rec = record(subject, event.year, event.meetingId, event.ballotId, event.at);
    if (subject.target === 'project') {
      const p = next.projects.get(subject.id);
      if (p) next = { ...next, projects: next.projects.set(p.projectId, { ...p, ratings: [...p.ratings, rec] }) };
    } else if (subject.target === 'supervision') {
      const s = next.supervision.get(subject.id);
      if (s) next = { ...next, supervision: next.supervision.set(s.supervisionId, { ...s, ratings: [...s.ratings, rec] }) };
    } else if (subject.target === 'appointee') {
      const a = next.appointees.get(subject.id);
      if (a) next = { ...next, appointees: next.appointees.set(a.appointeeId, { ...a, ratings: [...a.ratings, rec] }) };
    } else {
      const fund = next.funds.get(String(event.year));
      if (fund) {
        const allocations = fund.allocations.map((a) => (a.allocationId === subject.id ? { ...a, ratings: [...a.ratings, rec] } : a));
        next = { ...next, funds: next.funds.set(String(event.year), { ...fund, allocations }) };
      }
    }
  }
  return next;
}

export function evolveBody(state: BodyState, event: BodyEvent): BodyState {
  const s = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'BodyCreated':
      return initialBodyState(event);
    case 'RosterSet': {
      let members = PersistentMap<string, number>();
      event.members.forEach((m, i) => (members = members.set(m.memberId, i)));
      return { ...s, roster: event.members.map((m) => ({ ...m })), members };
    }
    case 'QuotasSet':
      return { ...s, quotas: { ...event.decision, quotas: event.decision.quotas.map((q) => ({ ...q })) } };
    case 'MeetingLinked':
      return {
        ...s,
        meetings: [...s.meetings, event.meeting],
        meetingIndex: s.meetingIndex.set(event.meeting.meetingId, s.meetings.length),
      };
    case 'PresidiumElected': {
      const index = s.meetingIndex.get(event.meetingId);
      if (index === undefined) return s;
      const meetings = s.meetings.map((m, i) => (i === index ? { ...m, presidium: [...event.names] } : m));
      return { ...s, meetings, harvested: s.harvested.set(event.ballotId, true) };
    }
    case 'ProjectCollected':
      return { ...s, projects: s.projects.set(event.project.projectId, event.project), projectOrder: [...s.projectOrder, event.project.projectId] };
    case 'ProjectStatusChanged': {
      const p = s.projects.get(event.projectId);
      if (!p) return s;
      const rejection = event.status === 'rejected' ? { reason: event.reason ?? '', by: event.by.name, at: event.at } : null;
      return { ...s, projects: s.projects.set(p.projectId, { ...p, status: event.status, rejection }) };
    }
    case 'ProjectForwarded': {
      const p = s.projects.get(event.projectId);
      if (!p) return s;
      return {
        ...s,
        projects: s.projects.set(p.projectId, { ...p, forwardedTo: [...p.forwardedTo, { bodyId: event.toBodyId, projectId: event.toProjectId }] }),
      };
    }
    case 'ProjectsDecided': {
      let projects = s.projects;
      for (const id of event.decision.adopted) {
        const p = projects.get(id);
        if (p) projects = projects.set(id, { ...p, adopted: true });
      }
      let harvested = s.harvested;
      for (const id of event.decision.ballotIds) harvested = harvested.set(id, true);
      return { ...s, projects, harvested, decisions: s.decisions.set(String(event.decision.year), event.decision) };
    }
    case 'ProgressReported': {
      const p = s.projects.get(event.projectId);
      if (!p) return s;
      return { ...s, projects: s.projects.set(p.projectId, { ...p, progress: [...p.progress, event.report] }) };
    }
    case 'ProgressAttachmentAdded': {
      const p = s.projects.get(event.projectId);
      if (!p) return s;
      // Metadata only: the content stays in the event, out of every cached state.
      const progress = p.progress.map((r) => (r.reportId === event.reportId ? { ...r, attachments: [...(r.attachments ?? []), { ...event.attachment }] } : r));
      return { ...s, projects: s.projects.set(p.projectId, { ...p, progress }) };
    }
    case 'RatingRecorded':
      return applyRating(s, event);
    case 'SupervisionOpened':
      return {
        ...s,
        supervision: s.supervision.set(event.item.supervisionId, event.item),
        supervisionOrder: [...s.supervisionOrder, event.item.supervisionId],
      };
    case 'InquiryRecorded': {
      const item = s.supervision.get(event.supervisionId);
      if (!item) return s;
      const inquiry = { phase: event.phase, meetingId: event.meetingId, itemId: event.itemId, report: event.report, at: event.at };
      const inquiries = [...item.inquiries.filter((q) => q.phase !== event.phase), inquiry];
      return { ...s, supervision: s.supervision.set(item.supervisionId, { ...item, inquiries }) };
    }
    case 'FollowUpOpened': {
      const item = s.supervision.get(event.supervisionId);
      if (!item) return s;
      return { ...s, supervision: s.supervision.set(item.supervisionId, { ...item, followUps: [...item.followUps, event.followUp] }) };
    }
    case 'FollowUpReported': {
      const item = s.supervision.get(event.supervisionId);
      if (!item) return s;
      const followUps = item.followUps.map((f) =>
        f.followUpId === event.followUpId ? { ...f, status: 'reported' as const, report: event.report, reportedAt: event.at } : f,
      );
      return { ...s, supervision: s.supervision.set(item.supervisionId, { ...item, followUps }) };
    }
    case 'AppointeeRegistered':
      return {
        ...s,
        appointees: s.appointees.set(event.appointee.appointeeId, event.appointee),
        appointeeOrder: [...s.appointeeOrder, event.appointee.appointeeId],
      };
    case 'AppointeeReportFiled': {
      const a = s.appointees.get(event.appointeeId);
      if (!a) return s;
      const filed = { year: event.year, title: event.title, ref: event.ref, ...(event.text ? { text: event.text } : {}) };
      const reports = [...a.reports.filter((r) => r.year !== event.year), filed];
      return { ...s, appointees: s.appointees.set(a.appointeeId, { ...a, reports }) };
    }
    case 'SpecialInquiryOpened':
      return { ...s, inquiries: s.inquiries.set(event.inquiry.inquiryId, event.inquiry), inquiryOrder: [...s.inquiryOrder, event.inquiry.inquiryId] };
    case 'QuestionQueued': {
      const q = s.inquiries.get(event.inquiryId);
      if (!q) return s;
      return { ...s, inquiries: s.inquiries.set(q.inquiryId, { ...q, questions: [...q.questions, event.question] }) };
    }
    case 'QuestionGranted':
    case 'AnswerRecorded': {
      const q = s.inquiries.get(event.inquiryId);
      if (!q) return s;
      const questions = q.questions.map((x) =>
        x.questionId !== event.questionId
          ? x
          : event.type === 'QuestionGranted'
            ? { ...x, status: 'granted' as const }
            : { ...x, status: 'answered' as const, answer: event.answer, answeredBy: event.answeredBy },
      );
      return { ...s, inquiries: s.inquiries.set(q.inquiryId, { ...q, questions }) };
    }
    case 'SuggestionSubmitted':
      return {
        ...s,
        suggestions: s.suggestions.set(event.suggestion.suggestionId, event.suggestion),
        suggestionOrder: [...s.suggestionOrder, event.suggestion.suggestionId],
      };
    case 'SuggestionAssigned': {
      const g = s.suggestions.get(event.suggestionId);
      if (!g) return s;
      return { ...s, suggestions: s.suggestions.set(g.suggestionId, { ...g, status: 'assigned', handlingUnit: event.handlingUnit, deadline: event.deadline }) };
    }
    case 'SuggestionReplied': {
      const g = s.suggestions.get(event.suggestionId);
      if (!g) return s;
      const replies = [...g.replies, { text: event.text, at: event.at, by: event.by.name }];
      return { ...s, suggestions: s.suggestions.set(g.suggestionId, { ...g, status: 'replied', replies }) };
    }
    case 'ReplyRated': {
      const g = s.suggestions.get(event.suggestionId);
      if (!g) return s;
      const ratings = [...g.ratings, { rating: event.rating, at: event.at }];
      // R5.8: 不满意 sends it back for handling again, with a new deadline.
      const reopened = event.rehandleDeadline !== null;
      return {
        ...s,
        suggestions: s.suggestions.set(g.suggestionId, {
          ...g,
          ratings,
          status: reopened ? 'rehandling' : 'closed',
          deadline: reopened ? event.rehandleDeadline : g.deadline,
        }),
      };
    }
    case 'FundSet': {
      const key = String(event.year);
      const fund = s.funds.get(key);
      return { ...s, funds: s.funds.set(key, fund ? { ...fund, fundFen: event.fundFen } : { year: event.year, fundFen: event.fundFen, allocations: [] }) };
    }
    case 'FundAllocated': {
      const key = String(event.year);
      const fund = s.funds.get(key);
      if (!fund) return s;
      const added = event.allocations.map((a) => ({ ...a, ratings: [] }));
      return { ...s, funds: s.funds.set(key, { ...fund, allocations: [...fund.allocations, ...added] }) };
    }
  }
}

/** Folds a body's whole log; null for an empty log or one that does not start with BodyCreated. */
export function foldBody(events: readonly BodyEvent[]): BodyState | null {
  const [first, ...rest] = events;
  if (!first || first.type !== 'BodyCreated') return null;
  return rest.reduce(evolveBody, initialBodyState(first));
}
