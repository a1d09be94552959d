import type { BallotSpec } from '../../../shared/domain/ballots/kinds';
import type { ManualCounts } from '../../../shared/domain/ballots/manual';
import { t } from '../lib/i18n.svelte';

/**
 * The manual-count form as rows of number fields, in the order they are read out: a show of
 * hands goes 赞成 → 反对 → 弃权 (R2.10); a paper count starts with 发出/收回/无效 (R3.4).
 */
export interface CountField {
  key: string;
  label: string;
}
export interface CountRow {
  id: string;
  label: string;
  fields: CountField[];
}

const HAND = ['yes', 'no', 'abstain'] as const;
const RATING = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

/** A show of hands is read out 赞成（请举手）→ 反对 → 弃权; a paper count has no hands to raise. */
function handFields(paper = false): CountField[] {
  return HAND.map((key) => ({ key, label: paper ? t(`choice.${key}`) : t(`manual.${key}`) }));
}

export function isPaperCount(spec: BallotSpec): boolean {
  return spec.kind === 'slate' || spec.kind === 'election' || spec.kind === 'rating';
}

export function countRows(spec: BallotSpec): CountRow[] {
  const totals: CountRow[] = isPaperCount(spec)
    ? [
        {
          id: 'totals',
          label: t('manual.paperHint'),
          fields: (['issued', 'returned', 'void'] as const).map((key) => ({ key, label: t(`manual.${key}`) })),
        },
      ]
    : [];
  switch (spec.kind) {
    case 'motion':
    case 'list_vote':
      return [{ id: 'hands', label: spec.title, fields: handFields() }];
    case 'batch':
      return spec.batch.items.map((item) => ({ id: item.itemId, label: item.title, fields: handFields() }));
    case 'slate':
      return [...totals, ...spec.slate.projects.map((p) => ({ id: p.projectId, label: p.title, fields: handFields(true) }))];
    case 'election':
      return [...totals, ...spec.election.candidates.map((c) => ({ id: c.candidateId, label: c.name, fields: handFields(true) }))];
    case 'rating':
      return [
        ...totals,
        ...spec.rating.subjects.map((s) => ({
          id: s.subjectId,
          label: s.name,
          fields: RATING.map((key) => ({ key, label: t(`rating.${key}`) })),
        })),
      ];
  }
}

export type CountValues = Record<string, string>;
export const valueKey = (rowId: string, field: string): string => `${rowId}.${field}`;

/** Entered text → whole number ≥ 0, or null. */
export function wholeNumber(text: string | undefined): number | null {
  const trimmed = (text ?? '').trim();
  return /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : null;
}

/** Form values from counts entered earlier, so a correction starts from what is on record. */
export function valuesOf(counts: ManualCounts | null): { values: CountValues; writeIns: { name: string; votes: string }[] } {
  const values: CountValues = {};
  const put = (row: string, record: object) => {
    for (const [field, n] of Object.entries(record)) if (typeof n === 'number') values[valueKey(row, field)] = String(n);
  };
  if (!counts) return { values, writeIns: [] };
  switch (counts.kind) {
    case 'motion':
    case 'list_vote':
      put('hands', counts);
      break;
    case 'batch':
      for (const item of counts.items) put(item.itemId, item);
      break;
    case 'slate':
      put('totals', counts);
      for (const p of counts.projects) put(p.projectId, p);
      break;
    case 'election':
      put('totals', counts);
      for (const c of counts.candidates) put(c.candidateId, c);
      break;
    case 'rating':
      put('totals', counts);
      for (const s of counts.subjects) put(s.subjectId, s);
      break;
  }
  const writeIns = counts.kind === 'election' ? counts.writeIns.map((w) => ({ name: w.name, votes: String(w.votes) })) : [];
  return { values, writeIns };
}

/** The counts the form stands for, or null while a field is not a whole number. */
export function countsOf(spec: BallotSpec, values: CountValues, writeIns: { name: string; votes: string }[]): ManualCounts | null {
  const n = (row: string, field: string) => wholeNumber(values[valueKey(row, field)]);
  const hand = (row: string) => {
    const yes = n(row, 'yes');
    const no = n(row, 'no');
    const abstain = n(row, 'abstain');
    return yes === null || no === null || abstain === null ? null : { yes, no, abstain };
  };
  const totals = () => {
    const issued = n('totals', 'issued');
    const returned = n('totals', 'returned');
    const void_ = n('totals', 'void');
    if (returned === null || void_ === null) return null;
    // 发出 may be left empty: the server takes 实到 at close (R3.4).
    return { ...(issued !== null ? { issued } : {}), returned, void: void_ };
  };
  const all = <T>(rows: (T | null)[]): T[] | null => (rows.every((r) => r !== null) ? (rows as T[]) : null);
  switch (spec.kind) {
    case 'motion':
    case 'list_vote': {
      const h = hand('hands');
      return h ? { kind: spec.kind, ...h } : null;
    }
    case 'batch': {
      const items = all(spec.batch.items.map((i) => { const h = hand(i.itemId); return h ? { itemId: i.itemId, ...h } : null; }));
      return items ? { kind: 'batch', items } : null;
    }
    case 'slate': {
      const tt = totals();
      const projects = all(spec.slate.projects.map((p) => { const h = hand(p.projectId); return h ? { projectId: p.projectId, ...h } : null; }));
      return tt && projects ? { kind: 'slate', ...tt, projects } : null;
    }
    case 'election': {
      const tt = totals();
      const candidates = all(spec.election.candidates.map((c) => { const h = hand(c.candidateId); return h ? { candidateId: c.candidateId, ...h } : null; }));
      const written = all(
        writeIns
          .filter((w) => w.name.trim() !== '' || w.votes.trim() !== '')
          .map((w) => { const votes = wholeNumber(w.votes); return votes === null ? null : { name: w.name.trim(), votes }; }),
      );
      return tt && candidates && written ? { kind: 'election', ...tt, candidates, writeIns: written } : null;
    }
    case 'rating': {
      const tt = totals();
      const subjects = all(
        spec.rating.subjects.map((s) => {
          const satisfied = n(s.subjectId, 'satisfied');
          const basically_satisfied = n(s.subjectId, 'basically_satisfied');
          const unsatisfied = n(s.subjectId, 'unsatisfied');
          return satisfied === null || basically_satisfied === null || unsatisfied === null
            ? null
            : { subjectId: s.subjectId, satisfied, basically_satisfied, unsatisfied };
        }),
      );
      return tt && subjects ? { kind: 'rating', ...tt, subjects } : null;
    }
  }
}
