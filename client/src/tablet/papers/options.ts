import { MOTION_OPTIONS, type MotionOption } from '../../../../shared/domain/ballots/motion';
import { RATING_OPTIONS, type RatingOption } from '../../../../shared/domain/ballots/rating';
import { t } from '../../lib/i18n.svelte';

/** One press on a paper row: its value, its words, and the colour family it is drawn in (never colour alone). */
export interface MarkOption<O extends string> {
  value: O;
  label: string;
  tone: 'yes' | 'no' | 'abstain' | 'other';
}

/** 赞成/反对/弃权 (R2.1), for batch items, projects and candidates. */
export function motionOptions(): MarkOption<MotionOption>[] {
  return MOTION_OPTIONS.map((value) => ({ value, label: t(`choice.${value}`), tone: value }));
}

const RATING_TONES: Record<RatingOption, MarkOption<RatingOption>['tone']> = {
  satisfied: 'yes',
  basically_satisfied: 'abstain',
  unsatisfied: 'no',
};

/** 满意/基本满意/不满意 (R5.2). */
export function ratingOptions(): MarkOption<RatingOption>[] {
  return RATING_OPTIONS.map((value) => ({ value, label: t(`rating.${value}`), tone: RATING_TONES[value] }));
}
