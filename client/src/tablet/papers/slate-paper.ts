import { checkSlatePaper, type SlatePaper, type SlateSpec } from '../../../../shared/domain/ballots/slate';
import { formatBudget } from '../../../../shared/domain/ballots/slate-decision';
import type { MotionOption } from '../../../../shared/domain/ballots/motion';
import { t } from '../../lib/i18n.svelte';
import type { Paper } from '../paper';
import { markOf, motionLine, toggleMark, type ReviewLine } from './review-lines';

/**
 * Drafting a project-vote paper (R4.3). The over-cap rule is the shared checkSlatePaper, the
 * same the server runs: a press that would void the paper is refused here with the reason.
 */
export type SlatePress = { ok: true; paper: SlatePaper } | { ok: false; notice: string };

export function emptySlatePaper(spec: SlateSpec): SlatePaper {
  return spec.settings.form === 'choose_up_to_k' ? { chosen: [] } : { marks: {} };
}

/** The delegate's earlier paper for this ballot, if it is one of its papers. */
export function slateStart(spec: SlateSpec, draft: Paper | null): SlatePaper {
  const check = draft ? checkSlatePaper(spec, draft) : null;
  return check?.ok ? check.paper : emptySlatePaper(spec);
}

export function slateYes(paper: SlatePaper): number {
  return 'chosen' in paper ? paper.chosen.length : Object.values(paper.marks).filter((o) => o === 'yes').length;
}

function refuseOverCap(spec: SlateSpec, next: SlatePaper, notice: string): SlatePress {
  const check = checkSlatePaper(spec, next);
  if (check.ok && check.voidReason === 'over_cap') return { ok: false, notice };
  return { ok: true, paper: next };
}

/** per_project form: press 赞成/反对/弃权 on a project (pressing the lit one clears it). */
export function pressSlateMark(spec: SlateSpec, paper: SlatePaper, projectId: string, option: MotionOption): SlatePress {
  if ('chosen' in paper) return { ok: true, paper };
  const next = { marks: toggleMark(paper.marks, projectId, option) };
  return refuseOverCap(spec, next, t('slate.overCap', { k: spec.places }));
}

/** choose_up_to_k form: choose or un-choose a project. */
export function pressSlateChoice(spec: SlateSpec, paper: SlatePaper, projectId: string): SlatePress {
  if (!('chosen' in paper)) return { ok: true, paper };
  const chosen = paper.chosen.includes(projectId)
    ? paper.chosen.filter((id) => id !== projectId)
    : [...paper.chosen, projectId];
  return refuseOverCap(spec, { chosen }, t('slate.overCapChoose', { k: spec.places }));
}

export function slateCount(spec: SlateSpec, paper: SlatePaper): string {
  const n = slateYes(paper);
  return 'chosen' in paper ? t('slate.countChosen', { n, k: spec.places }) : t('slate.countYes', { n, k: spec.places });
}

export function projectDetails(project: SlateSpec['projects'][number]): string[] {
  const lines: string[] = [];
  if (project.sponsorUnit) lines.push(t('slate.sponsor', { unit: project.sponsorUnit }));
  if (project.budgetFen !== null) lines.push(t('slate.budget', { amount: formatBudget(project.budgetFen) }));
  if (project.summary) lines.push(project.summary);
  return lines;
}

export function slateReview(spec: SlateSpec, paper: SlatePaper): { lines: ReviewLine[]; notes: string[] } {
  const lines = spec.projects.map((project): ReviewLine => {
    if ('chosen' in paper) {
      return paper.chosen.includes(project.projectId)
        ? { label: project.title, value: t('slate.chosen'), tone: 'yes' }
        : { label: project.title, value: t('slate.notChosen'), tone: 'blank' };
    }
    return motionLine(project.title, markOf(paper.marks, project.projectId));
  });
  const blanks = 'marks' in paper ? spec.projects.filter((p) => !markOf(paper.marks, p.projectId)).length : 0;
  const notes = [slateCount(spec, paper)];
  if (blanks > 0) notes.push(t('paper.blankNote', { n: blanks }));
  return { lines, notes };
}
