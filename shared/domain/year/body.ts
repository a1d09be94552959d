/**
 * The year of a 人大 in Biaojue (issue 12): a **body** is a lasting thing — a county or township
 * congress, its standing committee, or a street deliberative congress — with its term (届), its
 * roster and settings. Meetings belong to it (第N次会议, MeetingSpec.body.bodyId/sessionNo), and
 * the records that outlive one meeting live here, not in a meeting's log: the candidate pool of
 * 民生实事 (R4), the year's decision, progress reports, year-end ratings, supervision (R5), 代表建议
 * (R5.8) and the special fund.
 *
 * The registry is event-sourced per body, like a meeting: decide(state, command) → events,
 * evolve(state, event) → state (decide.ts, evolve.ts). Everything here is pure.
 * Keyed collections are persistent maps (see IdMap in ../meeting.ts): ids come from outside.
 */
import type { Actor, IdMap } from '../meeting';
import type { RatingOption, RatingTier } from '../ballots/rating';
import type { BodyKind } from '../quorum';
import type { ProgressAttachment } from './attachments';

export type BodyLevel = 'county' | 'township' | 'street';

export interface BodyInfo {
  bodyId: string;
  /** e.g. "沿河县人民代表大会", "沿河县人大常委会", "城关街道议政代表大会" */
  name: string;
  kind: BodyKind;
  level: BodyLevel;
  /** 届: the term, e.g. 18 for 第十八届. */
  term: number;
  /**
   * Who convenes it. R6.1/R6.2: a street congress is convened by the 人大街道工委 (required);
   * others leave it null (the standing committee or presidium convenes, R7.1).
   */
  convener: string | null;
  /** The body it answers to: a standing committee's congress; a street congress's county standing committee. */
  parentBodyId: string | null;
}

/** A member of the roster; `memberId` is the seatId of every meeting made from the body. */
export interface BodyMember {
  memberId: string;
  seatNo: string;
  name: string;
  group: string;
  /** R6.3 member type (人大代表/政协委员/居民代表 …); 代表类别 elsewhere; null when not set. */
  category: string | null;
}

/** R6.3: the standing committee's decision on how many members of each type a street congress has. */
export interface QuotaDecision {
  /** e.g. "沿河县人大常委会" */
  decidedBy: string;
  /** The decision's reference, e.g. "沿人常发〔2026〕3号" */
  reference: string;
  quotas: { category: string; count: number }[];
}

/** R8: settings with documented defaults (defaultBodySettings). */
export interface BodySettings {
  /** R6.2: regular meetings per year (DEFAULT 2 for a street congress, 1 for a congress, 6 for a standing committee). */
  regularMeetingsPerYear: number;
  /** R5.5: days given to 整改 after a 不满意 rating (DEFAULT 60). */
  followUpDays: number;
  /** R5.8: days to handle a suggestion again after a 不满意 (DEFAULT 60, Chongqing's two months; Zhejiang 30). */
  rehandleDays: number;
}

export function defaultBodySettings(kind: BodyKind): BodySettings {
  return {
    regularMeetingsPerYear: kind === 'street_congress' ? 2 : kind === 'standing_committee' ? 6 : 1,
    followUpDays: 60,
    rehandleDays: 60,
  };
}

/** Where a rating ballot's subjects come from (checked ids, R4.8). */
export type RatingSource = 'projects' | 'supervision' | 'appointees' | 'fund';
export const RATING_SOURCES: readonly RatingSource[] = ['projects', 'supervision', 'appointees', 'fund'];

/** What an agenda item made from the body's records is for, so its ballot's result finds its records. */
export type ItemPurpose =
  | { purpose: 'presidium' }
  | { purpose: 'slate'; year: number; motionTitle: string }
  | { purpose: 'rating'; year: number; source: RatingSource }
  | { purpose: 'inquiry'; supervisionId: string; phase: InquiryPhase }
  | { purpose: 'follow_up'; supervisionId: string; followUpId: string }
  | { purpose: 'special_inquiry'; inquiryId: string }
  | { purpose: 'appointee_reports'; organ: string };

export interface BodyMeeting {
  meetingId: string;
  /** 第N次会议 of this term. */
  sessionNo: number;
  year: number;
  title: string;
  /** R6.2: regular (定期) or extra (临时). */
  regular: boolean;
  /** R6.1: the 街道工委 that convened a street congress meeting. */
  convenedBy: string | null;
  createdAt: number;
  items: ({ itemId: string } & ItemPurpose)[];
  /** R6.6: the presidium elected at this meeting (list vote), once recorded. */
  presidium: string[] | null;
}

export type ProjectSource = 'delegate_suggestion' | 'street_congress' | 'public' | 'department';
export const PROJECT_SOURCES: readonly ProjectSource[] = ['delegate_suggestion', 'street_congress', 'public', 'department'];

/** R4.1: collected → screened (论证/评估/合法性审查) → submitted to the congress; rejected at either step with a reason. */
export type ProjectStatus = 'collected' | 'screened' | 'submitted' | 'rejected';

/** One rated subject's tier and counts, as a published rating gives them. */
export interface RatingCounts {
  tier: RatingTier | null;
  satisfied: number;
  basically_satisfied: number;
  unsatisfied: number;
  blank: number;
  validPapers: number;
}

/** Just the tier and counts of anything that has them (a result's subject, a recorded one): no other field rides along. */
export function ratingCountsOf(rated: RatingCounts): RatingCounts {
  const { tier, satisfied, basically_satisfied, unsatisfied, blank, validPapers } = rated;
  return { tier, satisfied, basically_satisfied, unsatisfied, blank, validPapers };
}

/** A rating result kept with what was rated (R4.8, R5). */
export interface RatingRecord extends RatingCounts {
  year: number;
  meetingId: string;
  ballotId: string;
  at: number;
}

export interface ProgressReport {
  reportId: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** 0–100 */
  percent: number;
  /** 已支出, in fen */
  spentFen: number;
  note: string;
  /** Photos or documents: title and where to find them. */
  documents: { title: string; ref: string }[];
  /** Uploaded photos and documents (attachments.ts), metadata only; absent on reports before any upload. */
  attachments?: ProgressAttachment[];
  at: number;
  by: string;
}

export interface CandidateProject {
  /** Stable for the whole year: the slate, the decision, progress and rating all use it (R4.8). */
  projectId: string;
  year: number;
  title: string;
  sponsorUnit: string;
  budgetFen: number | null;
  summary: string;
  source: ProjectSource;
  /** The suggestion, street congress or department it came from, free text or an id. */
  sourceRef: string | null;
  /** 双代会: a street congress's recommended project forwarded here (R6.1). */
  forwardedFrom: { bodyId: string; projectId: string } | null;
  status: ProjectStatus;
  rejection: { reason: string; by: string; at: number } | null;
  /** Forwarded on to another body's pool. */
  forwardedTo: { bodyId: string; projectId: string }[];
  /** In the year's decision (决定, or 推荐 for a street congress). */
  adopted: boolean;
  progress: ProgressReport[];
  ratings: RatingRecord[];
}

/** R4.7: ONE decision per year, merging a vote and its tie re-votes. */
export interface ProjectDecision {
  year: number;
  meetingId: string;
  /** The slate ballot and its follow-ups, in order. */
  ballotIds: string[];
  /** Adopted project ids, in the order of the decision. */
  adopted: string[];
  /** 通过 date: when the last ballot of the chain closed. */
  passedAt: number;
  /** The government 议案 the decision answers, e.g. 关于提请审议2027年民生实事候选项目的议案 */
  motionTitle: string;
  /** Session title, e.g. 沿河县第十八届人民代表大会第三次会议 */
  sessionTitle: string;
}

export type InquiryPhase = 'start' | 'mid' | 'end';
export const INQUIRY_PHASES: readonly InquiryPhase[] = ['start', 'mid', 'end'];

export interface FollowUp {
  followUpId: string;
  /** Why: the rating that triggered it. */
  reason: string;
  openedAt: number;
  /** R5.5: 整改 deadline (epoch ms). */
  deadline: number;
  status: 'open' | 'reported';
  report: string | null;
  reportedAt: number | null;
}

/** R5.7 三问一评: a supervised work item with three linked 询问 and a year-end rating. */
export interface SupervisedItem {
  supervisionId: string;
  year: number;
  title: string;
  unit: string;
  inquiries: { phase: InquiryPhase; meetingId: string | null; itemId: string | null; report: string; at: number }[];
  ratings: RatingRecord[];
  followUps: FollowUp[];
}

export interface Appointee {
  appointeeId: string;
  name: string;
  post: string;
  unit: string;
  /** YYYY-MM-DD */
  appointedOn: string;
  /** The organ whose appointees report together in a year (e.g. 县人民法院). */
  organ: string;
  /**
   * 履职情况报告 per year. `text`: the report itself, when the register holds it; a rating or
   * report item made from the register attaches it to the agenda for the tablets (agenda.ts).
   */
  reports: { year: number; title: string; ref: string; text?: string }[];
  ratings: RatingRecord[];
}

export interface InquiryQuestion {
  questionId: string;
  memberId: string;
  name: string;
  text: string;
  status: 'queued' | 'granted' | 'answered';
  answer: string | null;
  answeredBy: string | null;
}

/** R7.7 专题询问. */
export interface SpecialInquiry {
  inquiryId: string;
  year: number;
  title: string;
  questions: InquiryQuestion[];
}

export type ReplyRating = RatingOption;

/** R5.8 代表建议、批评和意见. */
export interface Suggestion {
  suggestionId: string;
  year: number;
  memberId: string;
  name: string;
  title: string;
  content: string;
  category: string;
  /** 附议: other members' ids. */
  coSigners: string[];
  via: 'tablet' | 'console';
  submittedAt: number;
  status: 'submitted' | 'assigned' | 'replied' | 'rehandling' | 'closed';
  handlingUnit: string | null;
  /** Reply due (epoch ms). */
  deadline: number | null;
  replies: { text: string; at: number; by: string }[];
  ratings: { rating: ReplyRating; at: number }[];
}

/** The special fund for suggestion projects: allocations never exceed the fund. */
export interface FundYear {
  year: number;
  fundFen: number;
  allocations: { allocationId: string; suggestionId: string; title: string; amountFen: number; ratings: RatingRecord[] }[];
}

export interface BodyState {
  version: number;
  info: BodyInfo;
  settings: BodySettings;
  roster: BodyMember[];
  /** memberId → index in roster. */
  members: IdMap<number>;
  quotas: QuotaDecision | null;
  meetings: BodyMeeting[];
  /** meetingId → index in meetings. */
  meetingIndex: IdMap<number>;
  projects: IdMap<CandidateProject>;
  /** Pool order (collection order). */
  projectOrder: string[];
  /** year (as a string) → the decision. */
  decisions: IdMap<ProjectDecision>;
  supervision: IdMap<SupervisedItem>;
  supervisionOrder: string[];
  appointees: IdMap<Appointee>;
  appointeeOrder: string[];
  inquiries: IdMap<SpecialInquiry>;
  inquiryOrder: string[];
  suggestions: IdMap<Suggestion>;
  suggestionOrder: string[];
  funds: IdMap<FundYear>;
  /** Ballots whose results are already in the records (harvest runs once per ballot). */
  harvested: IdMap<true>;
}

/** A rating subject's counts as recorded against its target. */
export interface RatedSubject extends RatingCounts {
  target: 'project' | 'supervision' | 'appointee' | 'fund';
  /** projectId, supervisionId, appointeeId or allocationId */
  id: string;
}

type At = { at: number; by: Actor };

export type BodyEvent =
  | ({ type: 'BodyCreated'; info: BodyInfo; settings: BodySettings } & At)
  | ({ type: 'RosterSet'; members: BodyMember[] } & At)
  | ({ type: 'QuotasSet'; decision: QuotaDecision } & At)
  | ({ type: 'MeetingLinked'; meeting: BodyMeeting } & At)
  | ({ type: 'PresidiumElected'; meetingId: string; ballotId: string; names: string[] } & At)
  | ({ type: 'ProjectCollected'; project: CandidateProject } & At)
  | ({ type: 'ProjectStatusChanged'; projectId: string; status: ProjectStatus; reason: string | null } & At)
  | ({ type: 'ProjectForwarded'; projectId: string; toBodyId: string; toProjectId: string } & At)
  | ({ type: 'ProjectsDecided'; decision: ProjectDecision } & At)
  | ({ type: 'ProgressReported'; projectId: string; report: ProgressReport } & At)
  /** `content`: the file, base64; only the log holds it (the state keeps `attachment`). */
  | ({ type: 'ProgressAttachmentAdded'; projectId: string; reportId: string; attachment: ProgressAttachment; content: string } & At)
  | ({ type: 'RatingRecorded'; meetingId: string; ballotId: string; year: number; subjects: RatedSubject[] } & At)
  | ({ type: 'SupervisionOpened'; item: SupervisedItem } & At)
  | ({ type: 'InquiryRecorded'; supervisionId: string; phase: InquiryPhase; meetingId: string | null; itemId: string | null; report: string } & At)
  | ({ type: 'FollowUpOpened'; supervisionId: string; followUp: FollowUp } & At)
  | ({ type: 'FollowUpReported'; supervisionId: string; followUpId: string; report: string } & At)
  | ({ type: 'AppointeeRegistered'; appointee: Appointee } & At)
  | ({ type: 'AppointeeReportFiled'; appointeeId: string; year: number; title: string; ref: string; text?: string } & At)
  | ({ type: 'SpecialInquiryOpened'; inquiry: SpecialInquiry } & At)
  | ({ type: 'QuestionQueued'; inquiryId: string; question: InquiryQuestion } & At)
  | ({ type: 'QuestionGranted'; inquiryId: string; questionId: string } & At)
  | ({ type: 'AnswerRecorded'; inquiryId: string; questionId: string; answer: string; answeredBy: string } & At)
  | ({ type: 'SuggestionSubmitted'; suggestion: Suggestion } & At)
  | ({ type: 'SuggestionAssigned'; suggestionId: string; handlingUnit: string; deadline: number } & At)
  | ({ type: 'SuggestionReplied'; suggestionId: string; text: string } & At)
  | ({ type: 'ReplyRated'; suggestionId: string; rating: ReplyRating; rehandleDeadline: number | null } & At)
  | ({ type: 'FundSet'; year: number; fundFen: number } & At)
  | ({ type: 'FundAllocated'; year: number; allocations: { allocationId: string; suggestionId: string; title: string; amountFen: number }[] } & At);

export type BodyEventType = BodyEvent['type'];
