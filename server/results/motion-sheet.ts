/** Motion results in words (R2.2, R2.3, R2.6, R2.8); batch items and list votes reuse these. */
import type { MotionResult } from '../../shared/domain/ballots/motion';
import type { BodyKind } from '../../shared/domain/quorum';
import { countsLine, motionOutcome, motionRule as ruleLines, notVotedNote, people, resultAnnouncement, votes } from '../../shared/domain/wording/index';
import type { KindSection } from './sheet-model';

export { motionOutcome };

/** The pass rule, with the numbers for this ballot, and R2.6's note on 未表决. */
export function motionRule(result: MotionResult, bodyKind: BodyKind): string[] {
  return [...ruleLines(result, bodyKind), notVotedNote()];
}

/** "赞成 30 票，反对 3 票，弃权 2 票（未表决 3 人）" — the R2.8 template. */
export function motionCounts(result: MotionResult): string {
  return `${countsLine(result)}（未表决 ${people(result.notVoted)}）`;
}

export function motionSection(result: MotionResult, bodyKind: BodyKind): KindSection {
  return {
    figures: [
      { label: '应到', value: people(result.total) },
      { label: '实到', value: people(result.present) },
      { label: '参加表决', value: people(result.voted) },
      { label: '赞成', value: votes(result.yes) },
      { label: '反对', value: votes(result.no) },
      { label: '弃权', value: votes(result.abstain) },
      { label: '未表决', value: people(result.notVoted) },
    ],
    tables: [],
    outcome: motionOutcome(result, bodyKind),
    rule: motionRule(result, bodyKind),
    notes: [],
    announcement: resultAnnouncement(result, bodyKind),
  };
}
