/**
 * R3.10 list vote: one 赞成/反对/弃权 on a whole list (e.g. the presidium, elected 等额 at the
 * 预备会议), carried by 赞成 > half of all seats. It is a motion on the list, so it reuses the
 * motion rule; the same box keys ("yes"/"no"/"abstain") as a motion ballot.
 */
import { countMotion, type MotionCounts, type MotionResult } from './motion';
import { normalizeName } from './person-name';

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

/** Problems with the list itself; [] when it can be put to the vote. */
export function checkListVoteSpec(list: { members: readonly string[] }): string[] {
  if (list.members.length === 0) return ['名单不能为空 (a list vote needs at least one name)'];
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const member of list.members) {
    const name = normalizeName(member);
    if (name.length === 0) problems.push('名单中有空名字 (a name on the list is empty)');
    else if (seen.has(name)) problems.push(`名单中${name}重复 (${name} is on the list twice)`);
    seen.add(name);
  }
  return problems;
}
