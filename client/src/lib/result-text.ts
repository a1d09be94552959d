import type { MotionResult } from '../../../shared/domain/ballots/motion';
import type { BodyKind } from '../../../shared/domain/quorum';
import { t } from './i18n.svelte';
import type { StringKey } from './strings';

/**
 * The rule a motion result was decided by, in words (R2.8: the announcement names the rule), e.g.
 * "赞成票超过全体代表的半数（至少 21 票）". Shared by the table on the console and tablet and the
 * wall's board; list votes and batch items use it for their motion counts too.
 */
export function ruleLines(result: MotionResult, bodyKind: BodyKind): string[] {
  const members = t(`members.${bodyKind}` as StringKey);
  const lines = [t(`rule.${result.rule.threshold}` as StringKey, { members, n: result.rule.requiredYes })];
  if (result.rule.requiredVoters !== null) lines.push(t('rule.participation', { members, n: result.rule.requiredVoters }));
  return lines;
}

export function outcomeText(result: MotionResult): string {
  return t(`outcome.${result.outcome}` as StringKey);
}
