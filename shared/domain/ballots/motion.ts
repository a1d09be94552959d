import { atLeastFraction, minAtLeastFraction, minMoreThanHalf, moreThanHalf } from '../arithmetic';

/** R2.1: exactly these three options. */
export const MOTION_OPTIONS = ['yes', 'no', 'abstain'] as const;
export type MotionOption = (typeof MOTION_OPTIONS)[number];

/** R2.2: the pass threshold, always over all seats (应到). */
export type MotionThreshold = 'majority_of_all' | 'two_thirds_of_all';

export interface MotionSettings {
  threshold: MotionThreshold;
  /** R2.3 (Guangdong): at least half of all seats must take part, else the vote is not valid. */
  requireHalfParticipation: boolean;
}

export const DEFAULT_MOTION_SETTINGS: MotionSettings = {
  threshold: 'majority_of_all',
  requireHalfParticipation: false,
};

export interface MotionCounts {
  yes: number;
  no: number;
  abstain: number;
}

export type MotionOutcome = 'passed' | 'failed' | 'invalid';

export interface MotionResult {
  kind: 'motion';
  /** 应到 */
  total: number;
  /** 实到 when the ballot closed */
  present: number;
  /** 参加表决 */
  voted: number;
  yes: number;
  no: number;
  abstain: number;
  /** 未表决: present but did not vote (R2.6). Never an option, always stored. */
  notVoted: number;
  outcome: MotionOutcome;
  rule: {
    threshold: MotionThreshold;
    /** Fewest 赞成 that pass. */
    requiredYes: number;
    requireHalfParticipation: boolean;
    /** Fewest voters that make the vote valid, when R2.3 applies. */
    requiredVoters: number | null;
  };
}

export function emptyMotionCounts(): MotionCounts {
  return { yes: 0, no: 0, abstain: 0 };
}

/** R2.2, R2.3, R2.6: count a closed motion ballot. */
export function countMotion(
  counts: MotionCounts,
  total: number,
  present: number,
  settings: MotionSettings,
): MotionResult {
  const voted = counts.yes + counts.no + counts.abstain;
  const requiredYes =
    settings.threshold === 'majority_of_all' ? minMoreThanHalf(total) : minAtLeastFraction(total, 2, 3);
  const passes =
    settings.threshold === 'majority_of_all'
      ? moreThanHalf(counts.yes, total)
      : atLeastFraction(counts.yes, total, 2, 3);
  const valid = !settings.requireHalfParticipation || atLeastFraction(voted, total, 1, 2);
  return {
    kind: 'motion',
    total,
    present,
    voted,
    yes: counts.yes,
    no: counts.no,
    abstain: counts.abstain,
    notVoted: Math.max(0, present - voted),
    outcome: !valid ? 'invalid' : passes ? 'passed' : 'failed',
    rule: {
      threshold: settings.threshold,
      requiredYes,
      requireHalfParticipation: settings.requireHalfParticipation,
      requiredVoters: settings.requireHalfParticipation ? minAtLeastFraction(total, 1, 2) : null,
    },
  };
}
