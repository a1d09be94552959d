import type { MotionOption } from '../../../../shared/domain/ballots/motion';
import { t } from '../../lib/i18n.svelte';
import type { MarkOption } from './options';

/** One row of the paper as read back on the review step. */
export interface ReviewLine {
  label: string;
  value: string;
  tone: MarkOption<string>['tone'] | 'blank';
}

/** A 赞成/反对/弃权 mark, or the blank the kind defines (未选 for items and projects). */
export function motionLine(label: string, option: MotionOption | undefined, blank = t('paper.blank')): ReviewLine {
  return option ? { label, value: t(`choice.${option}`), tone: option } : { label, value: blank, tone: 'blank' };
}

/** Marks present on the paper for the given ids (own properties only, like the shared checks). */
export function markOf<O>(marks: Record<string, O>, id: string): O | undefined {
  return Object.hasOwn(marks, id) ? marks[id] : undefined;
}

/** A copy of `marks` with `id` set to `option`, or cleared when the same option is pressed again. */
export function toggleMark<O extends string>(marks: Record<string, O>, id: string, option: O): Record<string, O> {
  const next = { ...marks };
  if (markOf(marks, id) === option) delete next[id];
  else next[id] = option;
  return next;
}
