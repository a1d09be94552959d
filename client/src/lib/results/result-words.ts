import type { BallotResult } from '../../../../shared/domain/ballots/kinds';
import type { ElectionResult } from '../../../../shared/domain/ballots/election';
import type { RatingResult, RatingTier } from '../../../../shared/domain/ballots/rating';
import type { SlateResult } from '../../../../shared/domain/ballots/slate';
import type { BodyKind } from '../../../../shared/domain/quorum';
import {
  adoptedWord as adopted,
  allMembers,
  electionOutcome,
  electionRule,
  listVoteOutcome,
  ratingQuorum,
  ratingRule,
  resultFigures,
  slateOutcome,
  slateRule,
  tierWord,
  type FigureKey,
} from '../../../../shared/domain/wording/index';
import type { ListVoteResult } from '../../../../shared/domain/ballots/list-vote';
import { wordingLang } from '../result-text';

/**
 * The words of every kind's result on the console, the tablet and the wall: thin calls into the
 * one wording source (shared/domain/wording) in the reader's language, so an announcement reads
 * the same on every screen and on paper. A street deliberative congress only recommends (R6.1).
 */

export interface Figure {
  key: FigureKey;
  label: string;
  n: number;
  /** 人 or 张 (empty in English). */
  unit: string;
}

/**
 * 应到 … 无效: every number read before the counts (R2.6, R2.8, R3.4, R4.6, R5.3). Motions and
 * list votes show 未表决 on their own smaller line (R2.6 DEFAULT), so it is left out here for them.
 */
export function baseFigures(result: BallotResult): Figure[] {
  const lang = wordingLang();
  const separateNotVoted = result.kind === 'motion' || result.kind === 'list_vote';
  return resultFigures(result, lang)
    .filter((f) => !(separateNotVoted && f.key === 'notVoted'))
    .map((f) => ({ key: f.key, label: f.label, n: f.n, unit: f.unit }));
}

export function membersWord(bodyKind: BodyKind): string {
  return allMembers(bodyKind, wordingLang());
}

/** 入选 for a congress, 推荐 for a street deliberative congress (R6.1). */
export function adoptedWord(bodyKind: BodyKind): string {
  return adopted(bodyKind, wordingLang());
}

export function slateOutcomeText(result: SlateResult, bodyKind: BodyKind): string {
  return slateOutcome(result, bodyKind, wordingLang());
}

export function slateRuleText(result: SlateResult, bodyKind: BodyKind): string {
  return slateRule(result, bodyKind, wordingLang());
}

export function electionOutcomeText(result: ElectionResult): string {
  return electionOutcome(result, wordingLang());
}

export function electionRuleText(result: ElectionResult, bodyKind: BodyKind): string {
  return electionRule(result, bodyKind, wordingLang());
}

export function listVoteOutcomeText(result: ListVoteResult, bodyKind: BodyKind): string {
  return listVoteOutcome(result, bodyKind, wordingLang());
}

export function tierText(tier: RatingTier | null): string {
  return tierWord(tier, wordingLang());
}

/** R5.4: the tier rule with its two settings spelled out. */
export function ratingRuleText(result: RatingResult, bodyKind: BodyKind): string {
  return ratingRule(result, bodyKind, wordingLang());
}

/** R5.3: the quorum goes on record with the rating. */
export function ratingQuorumText(result: RatingResult, bodyKind: BodyKind = 'congress'): string {
  return ratingQuorum(result, bodyKind, wordingLang());
}
