import { atLeastFraction, minAtLeastFraction, minMoreThanHalf, moreThanHalf } from '../arithmetic';
import type { BallotBox } from './box-papers';
import type { PaperCheck } from './paper-key';

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

/** The paper a tablet sends for a motion or a list vote (R2.1, R3.10). */
export interface MotionChoice {
  option: MotionOption;
}

/** R2.1: a motion paper is one of the three options, and its box key is the option itself. */
export function checkMotionPaper(choice: unknown): PaperCheck<MotionChoice, never> {
  const option = (choice as { option?: unknown } | null)?.option;
  if (typeof option !== 'string' || !(MOTION_OPTIONS as readonly string[]).includes(option)) {
    return { ok: false, message: 'choice.option must be one of yes, no, abstain' };
  }
  return { ok: true, paper: { option: option as MotionOption }, key: option, voidReason: null };
}

/** The three counts of a closed motion box; a key that is not an option is not counted. */
export function tallyMotionBox(box: BallotBox): MotionCounts {
  const counts = emptyMotionCounts();
  for (const option of MOTION_OPTIONS) counts[option] = Object.hasOwn(box, option) ? (box[option] ?? 0) : 0;
  return counts;
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
