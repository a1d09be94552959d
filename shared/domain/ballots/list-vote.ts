/**
 * R3.10 list vote: one 赞成/反对/弃权 on a whole list (e.g. the presidium, elected 等额 at the
 * 预备会议), carried by 赞成 > half of all seats. It is a motion on the list, so it reuses the
 * motion rule; the same box keys ("yes"/"no"/"abstain") as a motion ballot.
 */
import { countMotion, type MotionCounts, type MotionResult } from './motion';

export interface ListVoteResult {
  kind: 'list_vote';
  /** The names on the list, in printed order. */
  members: string[];
  motion: MotionResult;
  /** The whole list when carried, else nobody. */
  elected: string[];
}

export function countListVote(
  members: readonly string[],
  counts: MotionCounts,
  total: number,
  present: number,
): ListVoteResult {
  const motion = countMotion(counts, total, present, { threshold: 'majority_of_all', requireHalfParticipation: false });
  return {
    kind: 'list_vote',
    members: [...members],
    motion,
    elected: motion.outcome === 'passed' ? [...members] : [],
  };
}
