/**
 * Results as flat rows for CSV and JSON export: one row per counted line of a ballot (the
 * motion itself, each batch item, project, candidate, write-in, rated subject). Only totals
 * appear: nothing here says how any delegate voted (R2.5, R5.6, invariant 4).
 */
import type { MotionResult } from '../../shared/domain/ballots/motion';
import { personStanding } from './election-sheet';
import { projectStanding } from './slate-sheet';
import { listVoteOutcome } from './list-vote-sheet';
import { motionOutcome } from './motion-sheet';
import { tierLabel } from './rating-sheet';
import { kindSection } from './result-sheet';
import type { BallotRecord } from './sheet-model';

export type LineKind = 'motion' | 'item' | 'project' | 'candidate' | 'write_in' | 'list' | 'subject' | 'none';

export interface ResultRow {
  meetingId: string;
  sessionTitle: string;
  seq: number;
  ballotId: string;
  itemTitle: string;
  ballotTitle: string;
  kind: string;
  method: 'electronic' | 'manual';
  secrecy: 'anonymous' | 'named';
  status: 'published' | 'void';
  voidReason: string | null;
  /** 应到 */
  total: number | null;
  /** 实到 */
  present: number | null;
  /** 发出 (slates and elections) */
  issued: number | null;
  /** 参加投票 / 收回 */
  returned: number | null;
  valid: number | null;
  invalid: number | null;
  line: LineKind;
  lineId: string | null;
  lineName: string;
  yes: number | null;
  no: number | null;
  abstain: number | null;
  /** 未表决 for motion lines; left blank on the paper for items, projects and subjects. */
  notVoted: number | null;
  satisfied: number | null;
  basicallySatisfied: number | null;
  unsatisfied: number | null;
  satisfiedRate: string | null;
  satisfiedOrBasicRate: string | null;
  rank: number | null;
  /** This line's standing: 通过, 入选, 当选, 满意, … */
  standing: string;
  /** The ballot's outcome in one line. */
  ballotOutcome: string;
}

/** Column order and the Chinese header of each column in the CSV. */
export const RESULT_COLUMNS: ReadonlyArray<readonly [keyof ResultRow, string]> = [
  ['meetingId', '会议编号'],
  ['sessionTitle', '会议名称'],
  ['seq', '表决序号'],
  ['ballotId', '表决编号'],
  ['itemTitle', '议程事项'],
  ['ballotTitle', '表决事项'],
  ['kind', '表决类型'],
  ['method', '表决方式'],
  ['secrecy', '记名方式'],
  ['status', '状态'],
  ['voidReason', '作废理由'],
  ['total', '应到'],
  ['present', '实到'],
  ['issued', '发出'],
  ['returned', '参加投票/收回'],
  ['valid', '有效'],
  ['invalid', '无效'],
  ['line', '行类型'],
  ['lineId', '对象编号'],
  ['lineName', '对象名称'],
  ['yes', '赞成'],
  ['no', '反对'],
  ['abstain', '弃权'],
  ['notVoted', '未表决/未标记'],
  ['satisfied', '满意'],
  ['basicallySatisfied', '基本满意'],
  ['unsatisfied', '不满意'],
  ['satisfiedRate', '满意率'],
  ['satisfiedOrBasicRate', '满意+基本满意率'],
  ['rank', '名次'],
  ['standing', '结果'],
  ['ballotOutcome', '表决结论'],
];

type LineFields = Pick<
  ResultRow,
  | 'line'
  | 'lineId'
  | 'lineName'
  | 'yes'
  | 'no'
  | 'abstain'
  | 'notVoted'
  | 'satisfied'
  | 'basicallySatisfied'
  | 'unsatisfied'
  | 'satisfiedRate'
  | 'satisfiedOrBasicRate'
  | 'rank'
  | 'standing'
>;

type BallotFields = Pick<ResultRow, 'total' | 'present' | 'issued' | 'returned' | 'valid' | 'invalid'>;

const NO_COUNTS: Omit<LineFields, 'line' | 'lineId' | 'lineName' | 'standing'> = {
  yes: null,
  no: null,
  abstain: null,
  notVoted: null,
  satisfied: null,
  basicallySatisfied: null,
  unsatisfied: null,
  satisfiedRate: null,
  satisfiedOrBasicRate: null,
  rank: null,
};

function motionLine(line: LineKind, lineId: string | null, lineName: string, m: MotionResult, standing: string): LineFields {
  return { ...NO_COUNTS, line, lineId, lineName, yes: m.yes, no: m.no, abstain: m.abstain, notVoted: m.notVoted, standing };
}

/** Papers of a kind that has 发出/收回/有效/无效 (batch, slate, election, rating). */
function paperTotals(r: { total: number; present: number; issued?: number; returned: number; valid: number; void: number }): BallotFields {
  return { total: r.total, present: r.present, issued: r.issued ?? null, returned: r.returned, valid: r.valid, invalid: r.void };
}

function motionTotals(m: MotionResult): BallotFields {
  return { total: m.total, present: m.present, issued: null, returned: m.voted, valid: m.voted, invalid: 0 };
}

function linesOf(record: BallotRecord): { ballot: BallotFields; lines: LineFields[] } {
  const result = record.result;
  const kind = record.bodyKind;
  if (!result) {
    return {
      ballot: { total: null, present: null, issued: null, returned: record.papers, valid: null, invalid: null },
      lines: [{ ...NO_COUNTS, line: 'none', lineId: null, lineName: record.title, standing: '作废' }],
    };
  }
  switch (result.kind) {
    case 'motion':
      return { ballot: motionTotals(result), lines: [motionLine('motion', null, record.title, result, motionOutcome(result, kind))] };
    case 'list_vote':
      return {
        ballot: motionTotals(result.motion),
        lines: [motionLine('list', null, result.members.join('、'), result.motion, listVoteOutcome(result, kind))],
      };
    case 'batch':
      return {
        ballot: paperTotals(result),
        lines: result.items.map((i) => motionLine('item', i.itemId, i.title, i.motion, motionOutcome(i.motion, kind))),
      };
    case 'slate':
      return {
        ballot: paperTotals(result),
        lines: result.projects.map((p) => ({
          ...NO_COUNTS,
          line: 'project',
          lineId: p.projectId,
          lineName: p.title,
          yes: p.yes,
          no: p.no,
          abstain: p.abstain,
          // 未表决 of the ballot (R2.6); in the choose form, the valid papers that did not choose it.
          notVoted: result.form === 'choose_up_to_k' ? p.blank : Math.max(0, result.present - result.returned),
          rank: p.rank,
          standing: projectStanding(p, result, kind),
        })),
      };
    case 'election':
      return {
        ballot: paperTotals(result),
        lines: [
          ...result.candidates.map((c) => ({
            ...NO_COUNTS,
            line: 'candidate' as const,
            lineId: c.candidateId,
            lineName: c.name,
            yes: c.yes,
            no: c.no,
            abstain: c.abstain,
            rank: c.rank,
            standing: personStanding(c),
          })),
          ...result.writeIns.map((w) => ({
            ...NO_COUNTS,
            line: 'write_in' as const,
            lineId: null,
            lineName: w.name,
            yes: w.votes,
            rank: w.rank,
            standing: personStanding(w),
          })),
        ],
      };
    case 'rating':
      return {
        ballot: paperTotals(result),
        lines: result.subjects.map((s) => ({
          ...NO_COUNTS,
          line: 'subject',
          lineId: s.subjectId,
          lineName: s.name,
          notVoted: s.blank,
          satisfied: s.satisfied,
          basicallySatisfied: s.basically_satisfied,
          unsatisfied: s.unsatisfied,
          satisfiedRate: s.satisfiedRate.percent,
          satisfiedOrBasicRate: s.satisfiedOrBasicRate.percent,
          standing: tierLabel(s.tier),
        })),
      };
  }
}

function ballotOutcome(record: BallotRecord): string {
  if (!record.result) return '作废（未公布结果）';
  const outcome = kindSection(record, record.result).outcome;
  return record.status === 'void' ? `作废（作废前结果：${outcome}）` : outcome;
}

/** The rows of one ballot; an election that is invalid, or a ballot voided unpublished, still has one row. */
export function resultRows(record: BallotRecord): ResultRow[] {
  const { ballot, lines } = linesOf(record);
  const outcome = ballotOutcome(record);
  const rows = lines.length > 0 ? lines : [{ ...NO_COUNTS, line: 'none' as const, lineId: null, lineName: record.title, standing: '' }];
  return rows.map((line) => ({
    meetingId: record.meetingId,
    sessionTitle: record.sessionTitle,
    seq: record.seq,
    ballotId: record.ballotId,
    itemTitle: record.itemTitle,
    ballotTitle: record.title,
    kind: record.kind,
    method: record.method,
    secrecy: record.secrecy,
    status: record.status,
    voidReason: record.voidReason,
    ...ballot,
    ...line,
    ballotOutcome: outcome,
  }));
}
