/** Motion results in words (R2.2, R2.3, R2.6, R2.8); batch items and list votes reuse these. */
import type { MotionResult } from '../../shared/domain/ballots/motion';
import type { BodyKind } from '../../shared/domain/quorum';
import type { KindSection } from './sheet-model';
import { allMembers, passedWord } from './wording';

export function motionOutcome(result: MotionResult, bodyKind: BodyKind): string {
  switch (result.outcome) {
    case 'passed':
      return passedWord(bodyKind);
    case 'failed':
      return '未通过';
    case 'invalid':
      return `表决无效（参加表决${result.voted}人，不足${result.rule.requiredVoters ?? 0}人）`;
  }
}

/** The pass rule, with the numbers for this ballot. */
export function motionRule(result: MotionResult, bodyKind: BodyKind): string[] {
  const all = `${allMembers(bodyKind)}（应到${result.total}人）`;
  const lines = [
    result.rule.threshold === 'two_thirds_of_all'
      ? `赞成票达到${all}的三分之二以上，即不少于${result.rule.requiredYes}票，为通过。`
      : `赞成票超过${all}的半数，即不少于${result.rule.requiredYes}票，为通过。`,
  ];
  if (result.rule.requireHalfParticipation) {
    lines.push(`参加表决的人数须达到${allMembers(bodyKind)}的半数以上，即不少于${result.rule.requiredVoters ?? 0}人，表决方为有效。`);
  }
  lines.push('未表决（未按表决器）不是表决选项，不计入赞成票。');
  return lines;
}

/** "赞成30票，反对3票，弃权2票（未表决3人）" — the R2.8 template. */
export function motionCounts(result: MotionResult): string {
  return `赞成${result.yes}票，反对${result.no}票，弃权${result.abstain}票（未表决${result.notVoted}人）`;
}

export function motionSection(result: MotionResult, bodyKind: BodyKind): KindSection {
  const outcome = motionOutcome(result, bodyKind);
  return {
    figures: [
      { label: '应到', value: `${result.total}人` },
      { label: '实到', value: `${result.present}人` },
      { label: '参加表决', value: `${result.voted}人` },
      { label: '赞成', value: `${result.yes}票` },
      { label: '反对', value: `${result.no}票` },
      { label: '弃权', value: `${result.abstain}票` },
      { label: '未表决', value: `${result.notVoted}人` },
    ],
    tables: [],
    outcome,
    rule: motionRule(result, bodyKind),
    notes: [],
    announcement:
      `应到${result.total}人，实到${result.present}人，参加表决${result.voted}人。` + `${motionCounts(result)}。${outcome}。`,
  };
}
