/**
 * A meeting made from a body: its roster becomes the meeting's delegates (seat ids = member
 * ids, so seat cards carry over), and agenda items can take their ballots from the body's
 * records — the project slate from the pool's submitted projects (ids stable, R4.8), rating
 * subjects from the adopted projects, the supervised items, the appointee register or the
 * special fund, the presidium list vote (R3.10, R6.6). Each such item is remembered with its
 * purpose, so the published result goes back to the right records (harvest.ts).
 */
import type { BallotDraft } from '../ballots/kinds';
import { DEFAULT_RATING_SETTINGS, type RatingSubject } from '../ballots/rating';
import { DEFAULT_SLATE_SETTINGS } from '../ballots/slate';
import type { AgendaItemSpec, Delegate } from '../meeting';
import type { BodyState, ItemPurpose, RatingSource } from './body';

export type AgendaRequest =
  | { itemId: string; from: 'plain'; title: string; kind: 'vote' | 'report' | 'other'; ballot?: BallotDraft }
  | { itemId: string; from: 'presidium'; title: string; names: string[] }
  | { itemId: string; from: 'slate'; title: string; year: number; places: number; motionTitle: string }
  | { itemId: string; from: 'rating'; title: string; year: number; source: RatingSource; organ?: string }
  | { itemId: string; from: 'inquiry'; title: string; supervisionId: string; phase: 'start' | 'mid' | 'end' }
  | { itemId: string; from: 'follow_up'; title: string; supervisionId: string; followUpId: string }
  | { itemId: string; from: 'special_inquiry'; title: string; inquiryId: string }
  | { itemId: string; from: 'appointee_reports'; title: string; organ: string };

export type BuiltAgenda =
  | { ok: true; agenda: AgendaItemSpec[]; purposes: ({ itemId: string } & ItemPurpose)[] }
  | { ok: false; message: string };

export function delegatesOf(state: BodyState): Delegate[] {
  return state.roster.map((m) => ({ seatId: m.memberId, seatNo: m.seatNo, name: m.name, group: m.group, ...(m.category ? { category: m.category } : {}) }));
}

/** R4.1/R4.8: the slate lists the pool's submitted projects of the year, in pool order, with their pool ids. */
export function slateDraft(state: BodyState, title: string, year: number, places: number): BallotDraft | string {
  const projects = state.projectOrder
    .flatMap((id) => state.projects.get(id) ?? [])
    .filter((p) => p.year === year && p.status === 'submitted')
    .map((p) => ({ projectId: p.projectId, title: p.title, sponsorUnit: p.sponsorUnit, budgetFen: p.budgetFen, summary: p.summary }));
  if (projects.length === 0) return `没有提交${year}年的候选项目 (no submitted projects for ${year})`;
  return { kind: 'slate', title, secrecy: 'anonymous', durationSec: null, slate: { places, projects, settings: { ...DEFAULT_SLATE_SETTINGS }, year } };
}

export function ratingSubjects(state: BodyState, source: RatingSource, year: number, organ?: string): RatingSubject[] {
  switch (source) {
    case 'projects':
      // In the order of the year's decision.
      return (state.decisions.get(String(year))?.adopted ?? [])
        .flatMap((id) => state.projects.get(id) ?? [])
        .map((p) => ({ subjectId: p.projectId, name: p.title, kind: 'project', projectId: p.projectId }));
    case 'supervision':
      return state.supervisionOrder
        .flatMap((id) => state.supervision.get(id) ?? [])
        .filter((s) => s.year === year)
        .map((s) => ({ subjectId: s.supervisionId, name: `${s.unit}：${s.title}`, kind: 'department' }));
    case 'appointees':
      return state.appointeeOrder
        .flatMap((id) => state.appointees.get(id) ?? [])
        .filter((a) => organ === undefined || a.organ === organ)
        .map((a) => ({ subjectId: a.appointeeId, name: `${a.name}（${a.post}）`, kind: 'appointee' }));
    case 'fund':
      return (state.funds.get(String(year))?.allocations ?? []).map((a) => ({ subjectId: a.allocationId, name: a.title, kind: 'suggestion_reply' }));
  }
}

/** A 履职情况报告 to attach to an agenda item as a text document (PREPARE's AttachDocument). */
export interface ReportDocument {
  itemId: string;
  title: string;
  text: string;
}

/**
 * 任命人员述职测评 (R5.1, issue 12): the 履职情况报告 belong on the agenda, readable on the tablets. For each
 * item taken from the appointee register — the rating of an organ's appointees, or the item
 * hearing their reports — every appointee in scope whose report of the year has its text in the
 * register gives one text document, in register order. An appointee_reports item has no year of
 * its own: it is the meeting's `year`.
 */
export function reportDocuments(state: BodyState, requests: readonly AgendaRequest[], year: number): ReportDocument[] {
  const documents: ReportDocument[] = [];
  for (const r of requests) {
    const scope = r.from === 'rating' && r.source === 'appointees' ? { year: r.year, organ: r.organ } : r.from === 'appointee_reports' ? { year, organ: r.organ } : null;
    if (!scope) continue;
    for (const id of state.appointeeOrder) {
      const a = state.appointees.get(id);
      if (!a || (scope.organ !== undefined && a.organ !== scope.organ)) continue;
      const report = a.reports.find((x) => x.year === scope.year);
      if (report?.text) documents.push({ itemId: r.itemId, title: `${a.name}（${a.post}）${report.title}`, text: report.text });
    }
  }
  return documents;
}

export function buildAgenda(state: BodyState, requests: readonly AgendaRequest[]): BuiltAgenda {
  const agenda: AgendaItemSpec[] = [];
  const purposes: ({ itemId: string } & ItemPurpose)[] = [];
  for (const r of requests) {
    switch (r.from) {
      case 'plain':
        agenda.push({ itemId: r.itemId, title: r.title, kind: r.kind, ...(r.ballot ? { ballot: r.ballot } : {}) });
        break;
      case 'presidium': {
        if (r.names.length === 0) return { ok: false, message: 'the presidium list is empty' };
        // R3.10/R6.6 DEFAULT: 等额 list vote.
        const ballot: BallotDraft = { kind: 'list_vote', title: r.title, secrecy: 'anonymous', durationSec: null, list: { members: [...r.names] } };
        agenda.push({ itemId: r.itemId, title: r.title, kind: 'vote', ballot });
        purposes.push({ itemId: r.itemId, purpose: 'presidium' });
        break;
      }
      case 'slate': {
        const ballot = slateDraft(state, r.title, r.year, r.places);
        if (typeof ballot === 'string') return { ok: false, message: ballot };
        agenda.push({ itemId: r.itemId, title: r.title, kind: 'vote', ballot });
        purposes.push({ itemId: r.itemId, purpose: 'slate', year: r.year, motionTitle: r.motionTitle });
        break;
      }
      case 'rating': {
        const subjects = ratingSubjects(state, r.source, r.year, r.organ);
        if (subjects.length === 0) return { ok: false, message: `nothing to rate from ${r.source} for ${r.year}` };
        const ballot: BallotDraft = {
          kind: 'rating',
          title: r.title,
          secrecy: 'anonymous',
          durationSec: null,
          rating: { subjects, settings: { ...DEFAULT_RATING_SETTINGS } },
        };
        agenda.push({ itemId: r.itemId, title: r.title, kind: 'vote', ballot });
        purposes.push({ itemId: r.itemId, purpose: 'rating', year: r.year, source: r.source });
        break;
      }
      case 'inquiry':
        if (!state.supervision.has(r.supervisionId)) return { ok: false, message: `no supervised item ${r.supervisionId}` };
        agenda.push({ itemId: r.itemId, title: r.title, kind: 'report' });
        purposes.push({ itemId: r.itemId, purpose: 'inquiry', supervisionId: r.supervisionId, phase: r.phase });
        break;
      case 'follow_up': {
        const found = state.supervision.get(r.supervisionId)?.followUps.some((f) => f.followUpId === r.followUpId);
        if (!found) return { ok: false, message: `no follow-up ${r.followUpId}` };
        agenda.push({ itemId: r.itemId, title: r.title, kind: 'report' });
        purposes.push({ itemId: r.itemId, purpose: 'follow_up', supervisionId: r.supervisionId, followUpId: r.followUpId });
        break;
      }
      case 'special_inquiry':
        if (!state.inquiries.has(r.inquiryId)) return { ok: false, message: `no inquiry ${r.inquiryId}` };
        agenda.push({ itemId: r.itemId, title: r.title, kind: 'other' });
        purposes.push({ itemId: r.itemId, purpose: 'special_inquiry', inquiryId: r.inquiryId });
        break;
      case 'appointee_reports':
        agenda.push({ itemId: r.itemId, title: r.title, kind: 'report' });
        purposes.push({ itemId: r.itemId, purpose: 'appointee_reports', organ: r.organ });
        break;
    }
  }
  return { ok: true, agenda, purposes };
}
