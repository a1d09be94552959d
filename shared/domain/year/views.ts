/**
 * What the console and the tablets read of a body: plain JSON, lists in their order.
 * Delegates see the projects' progress and their own suggestions only (never other members').
 */
import type {
  Appointee,
  BodyInfo,
  BodyMeeting,
  BodyMember,
  BodySettings,
  BodyState,
  CandidateProject,
  FundYear,
  ProjectDecision,
  QuotaDecision,
  SpecialInquiry,
  Suggestion,
  SupervisedItem,
} from './body';
import { decisionText, type DecisionText } from './decision';
import { checkQuotas, type QuotaCheck } from './quotas';
import { regularMeetingsDue, type MeetingDue } from './street';

export interface BodySummary {
  bodyId: string;
  name: string;
  kind: BodyInfo['kind'];
  level: BodyInfo['level'];
  term: number;
  members: number;
  meetings: number;
}

export interface BodyView {
  version: number;
  info: BodyInfo;
  settings: BodySettings;
  roster: BodyMember[];
  quotas: QuotaDecision | null;
  quotaCheck: QuotaCheck | null;
  due: MeetingDue;
  meetings: BodyMeeting[];
  projects: CandidateProject[];
  decisions: (ProjectDecision & DecisionText)[];
  supervision: SupervisedItem[];
  appointees: Appointee[];
  inquiries: SpecialInquiry[];
  suggestions: Suggestion[];
  funds: FundYear[];
}

export function bodySummary(state: BodyState): BodySummary {
  const { bodyId, name, kind, level, term } = state.info;
  return { bodyId, name, kind, level, term, members: state.roster.length, meetings: state.meetings.length };
}

function inOrder<V>(ids: readonly string[], get: (id: string) => V | undefined): V[] {
  return ids.flatMap((id) => get(id) ?? []);
}

/**
 * `held`: the ids of the body's meetings whose session opened (see street.ts); the server reads
 * them from the meetings (server/year/meeting-link.ts heldMeetings).
 */
export function bodyView(state: BodyState, now: number, held: ReadonlySet<string>): BodyView {
  const projectOf = (id: string) => state.projects.get(id);
  return {
    version: state.version,
    info: state.info,
    settings: state.settings,
    roster: state.roster,
    quotas: state.quotas,
    quotaCheck: state.quotas ? checkQuotas(state.roster, state.quotas) : null,
    due: regularMeetingsDue(state, now, (meetingId) => held.has(meetingId)),
    meetings: state.meetings,
    projects: inOrder(state.projectOrder, projectOf),
    decisions: [...state.decisions.values()]
      .sort((a, b) => a.year - b.year)
      .map((d) => ({ ...d, ...decisionText(state.info, d, projectOf) })),
    supervision: inOrder(state.supervisionOrder, (id) => state.supervision.get(id)),
    appointees: inOrder(state.appointeeOrder, (id) => state.appointees.get(id)),
    inquiries: inOrder(state.inquiryOrder, (id) => state.inquiries.get(id)),
    suggestions: inOrder(state.suggestionOrder, (id) => state.suggestions.get(id)),
    funds: [...state.funds.values()].sort((a, b) => a.year - b.year),
  };
}

/** A delegate's part: adopted projects with progress and ratings, and the delegate's own suggestions. */
export interface DelegateYearView {
  bodyId: string;
  bodyName: string;
  memberId: string;
  /** The other members, to pick co-signers (附议) of a suggestion. */
  members: { memberId: string; name: string }[];
  projects: Pick<CandidateProject, 'projectId' | 'year' | 'title' | 'sponsorUnit' | 'budgetFen' | 'progress' | 'ratings'>[];
  suggestions: Suggestion[];
  /** 专题询问 open for questions, with this delegate's own questions only. */
  inquiries: { inquiryId: string; year: number; title: string; mine: SpecialInquiry['questions'] }[];
}

export function delegateYearView(state: BodyState, memberId: string): DelegateYearView {
  return {
    bodyId: state.info.bodyId,
    bodyName: state.info.name,
    memberId,
    members: state.roster.filter((m) => m.memberId !== memberId).map((m) => ({ memberId: m.memberId, name: m.name })),
    projects: inOrder(state.projectOrder, (id) => state.projects.get(id))
      .filter((p) => p.adopted)
      .map(({ projectId, year, title, sponsorUnit, budgetFen, progress, ratings }) => ({ projectId, year, title, sponsorUnit, budgetFen, progress, ratings })),
    suggestions: inOrder(state.suggestionOrder, (id) => state.suggestions.get(id)).filter((g) => g.memberId === memberId),
    inquiries: inOrder(state.inquiryOrder, (id) => state.inquiries.get(id)).map((q) => ({
      inquiryId: q.inquiryId,
      year: q.year,
      title: q.title,
      mine: q.questions.filter((x) => x.memberId === memberId),
    })),
  };
}
