/**
 * The numbers a result is read aloud with, per kind, before any word is chosen. Every text in
 * this folder is rendered from these, and the property test (wording.property.test.ts) checks
 * that they reconcile: 参加表决 + 未表决 = 实到 (R2.6), 收回 ≤ 发出 for a valid vote (R3.4, R4.6),
 * and each row's 赞成 + 反对 + 弃权 = 有效票 (R4.3, R3.2).
 */
import type { BallotResult } from '../ballots/kinds';
import type { MotionResult } from '../ballots/motion';

export interface Attendance {
  /** 应到 */
  total: number;
  /** 实到 for this ballot: the sitting's roll, voters who left before the close included (R2.6). */
  present: number;
  /** 参加表决 / 收回: who cast a paper or pressed. */
  voted: number;
  /** 未表决: present and did not vote. Never an option (R2.6). */
  notVoted: number;
}

export interface Papers {
  /** 发出; null where the kind reads no 发出 aloud (batch, rating). */
  issued: number | null;
  returned: number;
  valid: number;
  void: number;
  /** R3.4/R4.6: more returned than issued voids the vote. */
  returnedExceedsIssued: boolean;
}

/** One line read out with its counts: a motion, an item, a project, a candidate. */
export interface YesNoAbstainRow {
  name: string;
  yes: number;
  no: number;
  abstain: number;
}

export interface Readout {
  attendance: Attendance;
  /** null for motions and list votes (a keypad press is no paper). */
  papers: Papers | null;
  /** The rows whose 赞成 + 反对 + 弃权 must equal 有效票 (papers.valid, or voted for a motion). */
  rows: YesNoAbstainRow[];
}

function motionAttendance(m: MotionResult): Attendance {
  return { total: m.total, present: m.present, voted: m.voted, notVoted: m.notVoted };
}

function paperAttendance(r: { total: number; present: number; returned: number }): Attendance {
  return { total: r.total, present: r.present, voted: r.returned, notVoted: Math.max(0, r.present - r.returned) };
}

/** 发出/收回/有效/无效 of a kind that reads 发出 aloud (slate, election). */
function issuedPapers(r: { issued: number; returned: number; valid: number; void: number; validity: string }): Papers {
  return { issued: r.issued, returned: r.returned, valid: r.valid, void: r.void, returnedExceedsIssued: r.validity === 'returned_exceeds_issued' };
}

export function readout(result: BallotResult): Readout {
  switch (result.kind) {
    case 'motion':
      return { attendance: motionAttendance(result), papers: null, rows: [{ name: '', yes: result.yes, no: result.no, abstain: result.abstain }] };
    case 'list_vote': {
      const m = result.motion;
      return { attendance: motionAttendance(m), papers: null, rows: [{ name: '', yes: m.yes, no: m.no, abstain: m.abstain }] };
    }
    case 'batch':
      return {
        attendance: paperAttendance(result),
        papers: { issued: null, returned: result.returned, valid: result.valid, void: result.void, returnedExceedsIssued: false },
        rows: result.items.map((i) => ({ name: i.title, yes: i.motion.yes, no: i.motion.no, abstain: i.motion.abstain })),
      };
    case 'slate':
      return {
        attendance: paperAttendance(result),
        papers: issuedPapers(result),
        // The choose form reads only 得票: a project not chosen is no 弃权, so it has no Y/N/A row.
        rows: result.form === 'per_project' ? result.projects.map((p) => ({ name: p.title, yes: p.yes, no: p.no, abstain: p.abstain })) : [],
      };
    case 'election':
      return {
        attendance: paperAttendance(result),
        papers: issuedPapers(result),
        rows: result.candidates.map((c) => ({ name: c.name, yes: c.yes, no: c.no, abstain: c.abstain })),
      };
    case 'rating':
      return {
        attendance: paperAttendance(result),
        papers: { issued: null, returned: result.returned, valid: result.valid, void: result.void, returnedExceedsIssued: false },
        rows: [],
      };
  }
}

/** The valid count each Y/N/A row must add up to. */
export function validOf(r: Readout): number {
  return r.papers ? r.papers.valid : r.attendance.voted;
}
