/**
 * What a printed result sheet says, as plain data: the HTML page (server/http/result-sheet-page.ts)
 * only lays it out, and tests read the words and numbers here.
 */
import type { BatchResult } from '../../shared/domain/ballots/batch';
import type { ElectionResult } from '../../shared/domain/ballots/election';
import type { ListVoteResult } from '../../shared/domain/ballots/list-vote';
import type { MotionResult } from '../../shared/domain/ballots/motion';
import type { RatingResult } from '../../shared/domain/ballots/rating';
import type { SlateResult } from '../../shared/domain/ballots/slate';
import type { QuorumOverride } from '../../shared/domain/meeting';
import type { BodyKind } from '../../shared/domain/quorum';

/** Every published result kind (the same union as kinds.ts's BallotResult). */
export type AnyResult = MotionResult | BatchResult | SlateResult | ElectionResult | ListVoteResult | RatingResult;

/** One ballot of a meeting as the results module sees it: facts from the log, nothing per delegate. */
export interface BallotRecord {
  meetingId: string;
  bodyName: string;
  bodyKind: BodyKind;
  /** The session, e.g. "某某镇第十八届人民代表大会第三次会议". */
  sessionTitle: string;
  /** 1-based position in the meeting's opening order. */
  seq: number;
  ballotId: string;
  itemTitle: string;
  title: string;
  kind: AnyResult['kind'];
  secrecy: 'anonymous' | 'named';
  method: 'electronic' | 'manual';
  /** Who entered a hand count (R2.9), when the method is manual and it is on record. */
  enteredBy: string | null;
  status: 'published' | 'void';
  openedAt: number;
  closedAt: number | null;
  presentAtOpen: number;
  quorumMet: boolean;
  quorumOverride: QuorumOverride | null;
  rerunOf: string | null;
  /** The ballot that re-ran this one after it was voided, if any. */
  rerunBy: string | null;
  followUpOf: { ballotId: string; reason: 'tie_revote' | 'further_election' } | null;
  /** Re-votes among the tied and further elections started from this result. */
  followedBy: { ballotId: string; reason: 'tie_revote' | 'further_election' }[];
  voidReason: string | null;
  /** Papers in the box (the register's size): what a voided, unpublished ballot can still say. */
  papers: number;
  /** The published result; a ballot voided before publication has none (R2.8: nothing unpublished is printed). */
  result: AnyResult | null;
  /** Slate only: whether a paper with more than K 赞成 is void (not carried by SlateResult). */
  slateCapYes: boolean | null;
  /** Slate only: the year the projects are for, when the ballot set one (SlateSpec.year). */
  slateYear: number | null;
}

export interface Figure {
  label: string;
  value: string;
}

export type RowMark = 'adopted' | 'elected' | 'passed' | 'failed' | 'tied' | 'flagged' | null;

export interface SheetTable {
  caption: string;
  columns: string[];
  /** Cells right-aligned as numbers from this column on (inclusive); -1 for none. */
  numericFrom: number;
  rows: { cells: string[]; mark: RowMark }[];
}

export interface Signature {
  /** e.g. 总监票人, 监票人 */
  role: string;
  name: string | null;
}

export interface ResultSheet {
  /** e.g. 表决结果, 选举结果 */
  heading: string;
  /** Body, session, agenda item, ballot title, kind, method, secrecy, times. */
  header: Figure[];
  /** Every number read out: 应到, 实到, 参加投票, … */
  figures: Figure[];
  tables: SheetTable[];
  /** The outcome in one line, e.g. "通过". */
  outcome: string;
  /** The rule applied, in words. */
  rule: string[];
  /** Ties, open places, warnings, quorum statements, overrides. */
  notes: string[];
  /** The text the chair reads aloud (R2.8). */
  announcement: string;
  /** Slate only: the draft decision (R4.7). */
  decision: { title: string; text: string } | null;
  signatures: Signature[];
  /** Set when the ballot is void: printed as 作废 with the reason. */
  voided: { reason: string } | null;
}

/** What a kind's section builder adds to the common header. */
export type KindSection = Pick<ResultSheet, 'figures' | 'tables' | 'outcome' | 'rule' | 'notes' | 'announcement'> &
  Partial<Pick<ResultSheet, 'decision' | 'signatures' | 'heading'>>;
