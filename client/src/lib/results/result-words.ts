import type { BatchResult } from '../../../../shared/domain/ballots/batch';
import type { ElectionResult } from '../../../../shared/domain/ballots/election';
import type { ListVoteResult } from '../../../../shared/domain/ballots/list-vote';
import type { MotionResult } from '../../../../shared/domain/ballots/motion';
import type { RatingResult, RatingTier } from '../../../../shared/domain/ballots/rating';
import type { SlateResult } from '../../../../shared/domain/ballots/slate';
import type { BodyKind } from '../../../../shared/domain/quorum';
import { t } from '../i18n.svelte';
import type { StringKey } from '../strings';

/**
 * The words of every kind's result, shared by the console, the tablet and the wall, so an
 * announcement reads the same everywhere. A street deliberative congress only recommends
 * (R6.1): its project results say 推荐, never 决定/决议.
 */

export interface Figure {
  label: string;
  n: number;
}

/** 应到 … 无效: every number the chair reads out before the counts (R2.8, R3.4, R4.6, R5.3). */
export function baseFigures(
  result: MotionResult | BatchResult | SlateResult | ElectionResult | ListVoteResult | RatingResult,
): Figure[] {
  const head = (total: number, present: number): Figure[] => [
    { label: t('result.total'), n: total },
    { label: t('result.present'), n: present },
  ];
  switch (result.kind) {
    case 'motion':
      return [...head(result.total, result.present), { label: t('result.voted'), n: result.voted }];
    case 'list_vote':
      return [...head(result.motion.total, result.motion.present), { label: t('result.voted'), n: result.motion.voted }];
    case 'batch':
    case 'rating':
      return [
        ...head(result.total, result.present),
        { label: t('result.returned'), n: result.returned },
        { label: t('result.valid'), n: result.valid },
        { label: t('result.void'), n: result.void },
      ];
    case 'slate':
    case 'election':
      return [
        ...head(result.total, result.present),
        { label: t('result.issued'), n: result.issued },
        { label: t('result.returned'), n: result.returned },
        { label: t('result.valid'), n: result.valid },
        { label: t('result.void'), n: result.void },
      ];
  }
}

export function membersWord(bodyKind: BodyKind): string {
  return t(`members.${bodyKind}` as StringKey);
}

/** 入选 for a congress, 获推荐 for a street deliberative congress (R6.1). */
export function adoptedWord(bodyKind: BodyKind): string {
  return bodyKind === 'street_congress' ? t('slate.recommended') : t('slate.adopted');
}

/** The verb in a sentence: "3 个项目入选" / "3 个项目获推荐". */
export function adoptedVerb(bodyKind: BodyKind): string {
  return bodyKind === 'street_congress' ? t('slate.recommendedVerb') : t('slate.adoptedVerb');
}

export function slateOutcomeText(result: SlateResult, bodyKind: BodyKind): string {
  const verb = adoptedVerb(bodyKind);
  switch (result.outcome) {
    case 'invalid':
      return t('slateOutcome.invalid');
    case 'filled':
      return t('slateOutcome.filled', { n: result.decidedPlaces, verb });
    case 'tie_revote':
      return t('slateOutcome.tie_revote', { n: result.decidedPlaces, verb, places: result.tieRevote?.places ?? 0 });
    case 'places_open':
      return t('slateOutcome.places_open', { n: result.decidedPlaces, verb, open: result.openPlaces });
  }
}

export function slateRuleText(result: SlateResult, bodyKind: BodyKind): string {
  const params = { k: result.places, n: result.requiredYes, members: membersWord(bodyKind), verb: adoptedVerb(bodyKind) };
  return t(`slateRule.${result.rule}`, params);
}

export function electionOutcomeText(result: ElectionResult): string {
  if (result.outcome === 'invalid') return t(`electionValidity.${result.validity === 'valid' ? 'returned_exceeds_issued' : result.validity}`);
  switch (result.outcome) {
    case 'filled':
      return t('electionOutcome.filled', { seats: result.seats });
    case 'tie_revote':
      return t('electionOutcome.tie_revote', { n: result.elected.length, seats: result.tieRevote?.seats ?? 0 });
    case 'seats_open':
      return t('electionOutcome.seats_open', { n: result.elected.length, open: result.openSeats });
  }
}

export function electionRuleText(result: ElectionResult, bodyKind: BodyKind): string {
  return t(`electionRule.${result.rule.basis}`, { n: result.rule.requiredVotes, members: membersWord(bodyKind) });
}

export function tierText(tier: RatingTier | null): string {
  return tier ? t(`rating.${tier}`) : t('tier.none');
}

/** R5.4: the tier rule with its two settings spelled out. */
export function ratingRuleText(result: RatingResult, bodyKind: BodyKind): string {
  const base = result.settings.base === 'valid_ballots' ? t('ratingBase.valid_ballots') : membersWord(bodyKind);
  const boundary = result.settings.boundary === 'strict' ? t('ratingBoundary.strict') : t('ratingBoundary.inclusive');
  return t('ratingRule', { base, boundary });
}

/** R5.3: the quorum goes on record with the rating. */
export function ratingQuorumText(result: RatingResult): string {
  return t(result.quorum.met ? 'ratingQuorum.met' : 'ratingQuorum.notMet', { present: result.present, required: result.quorum.required });
}
