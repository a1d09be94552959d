import { checkBatchPaper, type BatchPaper, type BatchSpec } from '../../../../shared/domain/ballots/batch';
import { t } from '../../lib/i18n.svelte';
import type { Paper } from '../paper';
import { markOf, motionLine, type ReviewLine } from './review-lines';

/** Item-by-item marks of a batch paper (R2.7); a combined paper is a single motion choice instead. */
export function batchStart(spec: BatchSpec, draft: Paper | null): Record<string, 'yes' | 'no' | 'abstain'> {
  const check = draft ? checkBatchPaper(spec, draft) : null;
  return check?.ok && 'marks' in check.paper ? { ...check.paper.marks } : {};
}

export function batchCount(spec: BatchSpec, marks: Record<string, unknown>): string {
  const n = spec.items.filter((item) => markOf(marks, item.itemId) !== undefined).length;
  return t('batch.count', { n, total: spec.items.length });
}

export function batchReview(spec: BatchSpec, paper: BatchPaper): { lines: ReviewLine[]; notes: string[] } {
  if ('combined' in paper) {
    return {
      lines: spec.items.map((item) => motionLine(item.title, paper.combined ?? undefined)),
      notes: [t('batch.combinedPrompt', { n: spec.items.length })],
    };
  }
  const lines = spec.items.map((item) => motionLine(item.title, markOf(paper.marks, item.itemId)));
  const blanks = lines.filter((line) => line.tone === 'blank').length;
  const notes = [batchCount(spec, paper.marks)];
  if (blanks > 0) notes.push(t('paper.blankNote', { n: blanks }));
  return { lines, notes };
}
