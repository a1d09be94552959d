import {
  checkElectionPaper,
  type ElectionPaper,
  type ElectionSpec,
  type ElectionVoidReason,
} from '../../../../shared/domain/ballots/election';
import type { MotionOption } from '../../../../shared/domain/ballots/motion';
import { t } from '../../lib/i18n.svelte';
import type { Paper } from '../paper';
import { markOf, motionLine, type ReviewLine } from './review-lines';

/**
 * Drafting an election paper (R3.2). Each candidate's slot is 赞成, 反对, 弃权 (also the unmarked
 * default) or a write-in (另选他人), which puts another person in that slot: on the paper the
 * printed candidate gets × and the written name takes the place (P-XJBF). 赞成 and write-ins
 * together may not name more people than seats (R3.3); the shared checkElectionPaper decides.
 */
export type SlotMark = MotionOption | 'write_in';

export interface ElectionDraft {
  slots: Record<string, SlotMark>;
  /** The name typed for each write-in slot (may still be empty while typing). */
  names: Record<string, string>;
}

export type ElectionPress = { ok: true; draft: ElectionDraft } | { ok: false; notice: string };

export function electionStart(spec: ElectionSpec, draft: Paper | null): ElectionDraft {
  const check = draft ? checkElectionPaper(spec, draft) : null;
  if (!check?.ok) return { slots: {}, names: {} };
  const slots: Record<string, SlotMark> = { ...check.paper.marks };
  const names: Record<string, string> = {};
  for (const [slot, name] of Object.entries(check.paper.writeIns)) {
    slots[slot] = 'write_in';
    names[slot] = name;
  }
  return { slots, names };
}

/**
 * The paper a draft stands for. With `placeholders`, a write-in whose name is not typed yet
 * still counts as a person, so the seat limit is checked at the moment 另选他人 is pressed.
 */
export function electionPaper(draft: ElectionDraft, placeholders = false): ElectionPaper {
  const marks: Record<string, MotionOption> = {};
  const writeIns: Record<string, string> = {};
  let blankIndex = 0;
  for (const [slot, mark] of Object.entries(draft.slots)) {
    if (mark !== 'write_in') {
      marks[slot] = mark;
      continue;
    }
    marks[slot] = 'no';
    const name = (markOf(draft.names, slot) ?? '').trim();
    if (name) writeIns[slot] = name;
    else if (placeholders) writeIns[slot] = `?${(blankIndex += 1)}`;
  }
  return { marks, writeIns };
}

export function electionChosen(draft: ElectionDraft): number {
  return Object.values(draft.slots).filter((mark) => mark === 'yes' || mark === 'write_in').length;
}

export function pressElection(spec: ElectionSpec, draft: ElectionDraft, candidateId: string, mark: SlotMark): ElectionPress {
  const slots = { ...draft.slots };
  if (markOf(slots, candidateId) === mark) delete slots[candidateId];
  else slots[candidateId] = mark;
  const next = { slots, names: draft.names };
  const check = checkElectionPaper(spec, electionPaper(next, true));
  if (check.ok && check.voidReason === 'over_seats') return { ok: false, notice: t('election.overSeats', { seats: spec.seats }) };
  return { ok: true, draft: next };
}

export function electionCount(spec: ElectionSpec, draft: ElectionDraft): string {
  return t('election.count', { n: electionChosen(draft), seats: spec.seats });
}

/** Why this draft cannot go to review yet, or '' when it is a valid paper. */
export function electionProblem(spec: ElectionSpec, draft: ElectionDraft): string {
  const unnamed = Object.entries(draft.slots).some(([slot, mark]) => mark === 'write_in' && !(markOf(draft.names, slot) ?? '').trim());
  if (unnamed) return t('election.writeInMissing');
  const check = checkElectionPaper(spec, electionPaper(draft));
  if (!check.ok) return t('paper.invalid', { reason: check.message });
  return check.voidReason ? voidReasonText(check.voidReason, spec.seats) : '';
}

function voidReasonText(reason: ElectionVoidReason, seats: number): string {
  return t(`electionVoid.${reason}`, { seats });
}

export function electionReview(spec: ElectionSpec, paper: ElectionPaper): { lines: ReviewLine[]; notes: string[] } {
  const lines = spec.candidates.map((candidate): ReviewLine => {
    const writeIn = markOf(paper.writeIns, candidate.candidateId);
    if (writeIn) return { label: candidate.name, value: t('election.writeInAs', { name: writeIn }), tone: 'other' };
    // R3.2: a candidate left unmarked is an abstention.
    return motionLine(candidate.name, markOf(paper.marks, candidate.candidateId), t('choice.abstain'));
  });
  const chosen = Object.values(paper.marks).filter((m) => m === 'yes').length + Object.keys(paper.writeIns).length;
  return { lines, notes: [t('election.count', { n: chosen, seats: spec.seats }), t('election.unmarkedHint')] };
}
