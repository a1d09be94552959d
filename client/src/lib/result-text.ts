import type { MotionResult } from '../../../shared/domain/ballots/motion';
import type { BodyKind } from '../../../shared/domain/quorum';
import { countsLine, motionOutcome, motionRule, notVotedLine, type WordingLang } from '../../../shared/domain/wording/index';
import { locale } from './i18n.svelte';

/**
 * The screens' words for a result come from the one wording source (shared/domain/wording), in the
 * reader's language, so the tablet, the console, the wall and the printed sheet say the same thing.
 */
export function wordingLang(): WordingLang {
  return locale.lang === 'en' ? 'en' : 'zh';
}

/** The rule a motion result was decided by, with its numbers (R2.8), e.g. "赞成票超过全体代表（应到 40 人）的半数…". */
export function ruleLines(result: MotionResult, bodyKind: BodyKind): string[] {
  return motionRule(result, bodyKind, wordingLang());
}

/** 通过 / 未通过; a street congress's 通过（作为建议） (R6.1) — pass bodyKind. */
export function outcomeText(result: MotionResult, bodyKind: BodyKind = 'congress'): string {
  return motionOutcome(result, bodyKind, wordingLang());
}

/** "赞成 21 票，反对 3 票，弃权 2 票" (R2.8). */
export function countsText(result: { yes: number; no: number; abstain: number }): string {
  return countsLine(result, wordingLang());
}

/** "未表决 2 人" (R2.6): never 未按表决器. */
export function notVotedText(n: number): string {
  return notVotedLine(n, wordingLang());
}
