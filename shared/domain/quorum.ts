import { atLeastFraction, minAtLeastFraction, minMoreThanHalf, moreThanHalf } from './arithmetic';

/**
 * congress: 人民代表大会 at any level (R1.1, ≥ 2/3 of all delegates present).
 * standing_committee: 常委会会议 (R1.2, > 1/2 of all members).
 * street_congress: 街道议政代表大会 (R6.4, > 1/2 of all members).
 */
export type BodyKind = 'congress' | 'standing_committee' | 'street_congress';

export interface Attendance {
  /** 应到: all lawful seats, frozen for the session (R0.2). */
  total: number;
  /** 实到: signed in. */
  present: number;
  /** 请假: on approved leave (R1.4). */
  onLeave: number;
}

export interface QuorumCheck {
  met: boolean;
  /** Fewest present that meet the quorum. */
  required: number;
  rule: 'two_thirds_of_all' | 'more_than_half_of_all';
}

export function quorumRule(kind: BodyKind): QuorumCheck['rule'] {
  return kind === 'congress' ? 'two_thirds_of_all' : 'more_than_half_of_all';
}

export function checkQuorum(kind: BodyKind, present: number, total: number): QuorumCheck {
  const rule = quorumRule(kind);
  if (rule === 'two_thirds_of_all') {
    return { rule, met: atLeastFraction(present, total, 2, 3), required: minAtLeastFraction(total, 2, 3) };
  }
  return { rule, met: moreThanHalf(present, total), required: minMoreThanHalf(total) };
}
