import { checkRatingPaper, type RatingOption, type RatingPaper, type RatingSpec } from '../../../../shared/domain/ballots/rating';
import { t } from '../../lib/i18n.svelte';
import type { Paper } from '../paper';
import { markOf, type ReviewLine } from './review-lines';

const TONES = { satisfied: 'yes', basically_satisfied: 'abstain', unsatisfied: 'no' } as const;

export function ratingStart(spec: RatingSpec, draft: Paper | null): Record<string, RatingOption> {
  const check = draft ? checkRatingPaper(spec, draft) : null;
  return check?.ok ? { ...check.paper.marks } : {};
}

export function ratingCount(spec: RatingSpec, marks: Record<string, RatingOption>): string {
  const n = spec.subjects.filter((s) => markOf(marks, s.subjectId) !== undefined).length;
  return t('rating.count', { n, total: spec.subjects.length });
}

export function subjectDetail(subject: RatingSpec['subjects'][number]): string {
  return t(`subjectKind.${subject.kind}`);
}

export function ratingReview(spec: RatingSpec, paper: RatingPaper): { lines: ReviewLine[]; notes: string[] } {
  const lines = spec.subjects.map((subject): ReviewLine => {
    const option = markOf(paper.marks, subject.subjectId);
    return option
      ? { label: subject.name, value: t(`rating.${option}`), tone: TONES[option] }
      : { label: subject.name, value: t('rating.blank'), tone: 'blank' };
  });
  const blanks = lines.filter((line) => line.tone === 'blank').length;
  const notes = [ratingCount(spec, paper.marks)];
  if (blanks > 0) notes.push(t('rating.blankNote', { n: blanks }));
  return { lines, notes };
}
