/**
 * Manual entry's rules for each ballot kind (R2.4, R2.9, R2.10): the forms the presidium types a
 * show-of-hands or paper count into, the checks of what it typed, and the kind's tally made from
 * it. Each kind's row of BALLOT_KIND_RULES (kinds.ts) points at its functions here; manual.ts is
 * the face the rest of the domain calls. Like the per-kind modules, this file never imports
 * kinds.ts (kinds-imports.test.ts).
 *
 * Forms: motion and list_vote follow the show-of-hands script 赞成 → 反对 → 弃权 (R2.10); a batch
 * takes those three per item; slate, election and rating are paper counts by the tellers with
 * 发出/收回/废票 and per-option counts (R3.4, R3.11).
 */
import type { BatchSpec, BatchTally } from './batch';
import { ELECTION_VOID_REASONS, type ElectionSpec, type ElectionTally, type ElectionVoidReason } from './election';
import type { MotionCounts } from './motion';
import { nameProblem, normalizeName } from './person-name';
import type { RatingSpec, RatingTally } from './rating';
import { SLATE_VOID_REASONS, type SlateSpec, type SlateTally, type SlateVoidReason } from './slate';

export interface HandCounts {
  /** 赞成 */
  yes: number;
  /** 反对 */
  no: number;
  /** 弃权 */
  abstain: number;
}

/** 发出, 收回, 废票 of a paper count. `issued` defaults to 实到 at close. */
export interface PaperCountTotals {
  issued?: number;
  returned: number;
  void: number;
}

export type BatchHandCounts = { kind: 'batch'; items: Array<{ itemId: string } & HandCounts> };
export type SlatePaperCount = { kind: 'slate'; projects: Array<{ projectId: string } & HandCounts> } & PaperCountTotals;
export type ElectionPaperCount = {
  kind: 'election';
  candidates: Array<{ candidateId: string } & HandCounts>;
  writeIns: Array<{ name: string; votes: number }>;
} & PaperCountTotals;
export type RatingPaperCount = {
  kind: 'rating';
  subjects: Array<{ subjectId: string; satisfied: number; basically_satisfied: number; unsatisfied: number }>;
} & PaperCountTotals;

export type ManualCounts =
  | ({ kind: 'motion' } & HandCounts)
  | ({ kind: 'list_vote' } & HandCounts)
  | BatchHandCounts
  | SlatePaperCount
  | ElectionPaperCount
  | RatingPaperCount;

/** The manual counts of one kind. */
export type ManualCountsOf<K extends ManualCounts['kind']> = Extract<ManualCounts, { kind: K }>;

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** Every id of the ballot listed exactly once, and nothing else. */
function checkIds(what: string, expected: readonly string[], given: readonly string[]): string[] {
  const problems: string[] = [];
  const want = new Set(expected);
  const seen = new Set<string>();
  for (const id of given) {
    if (!want.has(id)) problems.push(`${what} ${id} is not on this ballot`);
    else if (seen.has(id)) problems.push(`${what} ${id} is entered twice`);
    seen.add(id);
  }
  for (const id of expected) if (!seen.has(id)) problems.push(`${what} ${id} has no count`);
  return problems;
}

function checkHand(label: string, counts: HandCounts, atMost: number | null, atMostWhat: string): string[] {
  const problems: string[] = [];
  for (const field of ['yes', 'no', 'abstain'] as const) {
    if (!isCount(counts[field])) problems.push(`${label}: ${field} must be a whole number ≥ 0`);
  }
  if (problems.length === 0 && atMost !== null && counts.yes + counts.no + counts.abstain > atMost) {
    problems.push(
      `${label}：赞成+反对+弃权共 ${counts.yes + counts.no + counts.abstain}，超过${atMostWhat} ${atMost} (more than ${atMost})`,
    );
  }
  return problems;
}

function checkTotals(counts: PaperCountTotals): string[] {
  const problems: string[] = [];
  if (counts.issued !== undefined && !isCount(counts.issued)) problems.push('issued (发出) must be a whole number ≥ 0');
  if (!isCount(counts.returned)) problems.push('returned (收回) must be a whole number ≥ 0');
  if (!isCount(counts.void)) problems.push('void (废票) must be a whole number ≥ 0');
  else if (isCount(counts.returned) && counts.void > counts.returned) problems.push('废票数不能多于收回票数 (void cannot exceed returned)');
  return problems;
}

/** A paper count's totals and its ids, checked before its options: the problems, and the valid papers. */
function checkPaperCount(counts: PaperCountTotals, what: string, expected: readonly string[], given: readonly string[]): { problems: string[]; valid: number } {
  const problems = checkTotals(counts);
  problems.push(...checkIds(what, expected, given));
  return { problems, valid: counts.returned - counts.void };
}

function byId<T>(entries: readonly T[], idOf: (entry: T) => string): Map<string, T> {
  return new Map(entries.map((entry) => [idOf(entry), entry]));
}

// ——— Checks. `present` is 实到 at close: a show of hands cannot have more hands than people in
// the hall. A paper count may return more papers than were issued: that is recorded and makes the
// vote invalid (R3.4), it is not a typing error.

/** A motion's or a list vote's show of hands. */
export function checkHandCounts(counts: HandCounts, present: number): string[] {
  return checkHand('举手表决', counts, present, '实到人数');
}

/** A batch's show of hands, item by item. */
export function checkBatchHandCounts(batch: BatchSpec, counts: BatchHandCounts, present: number): string[] {
  const problems = checkIds('item', batch.items.map((i) => i.itemId), counts.items.map((i) => i.itemId));
  for (const item of counts.items) problems.push(...checkHand(`事项 ${item.itemId}`, item, present, '实到人数'));
  return problems;
}

export function checkSlatePaperCount(slate: SlateSpec, counts: SlatePaperCount): string[] {
  const { problems, valid } = checkPaperCount(counts, 'project', slate.projects.map((p) => p.projectId), counts.projects.map((p) => p.projectId));
  if (problems.length > 0) return problems;
  for (const p of counts.projects) problems.push(...checkHand(`项目 ${p.projectId}`, p, valid, '有效票数'));
  const capped = slate.settings.form === 'choose_up_to_k' || slate.settings.capYesAtPlaces;
  const yes = counts.projects.reduce((sum, p) => sum + p.yes, 0);
  if (problems.length === 0 && capped && yes > valid * slate.places) {
    problems.push(`赞成票共 ${yes}，超过每张有效票最多 ${slate.places} 个赞成所允许的总数 (more than ${slate.places} per valid paper allows)`);
  }
  return problems;
}

export function checkElectionPaperCount(election: ElectionSpec, counts: ElectionPaperCount): string[] {
  const { problems, valid } = checkPaperCount(counts, 'candidate', election.candidates.map((c) => c.candidateId), counts.candidates.map((c) => c.candidateId));
  if (problems.length > 0) return problems;
  for (const c of counts.candidates) {
    problems.push(...checkHand(`候选人 ${c.candidateId}`, c, valid, '有效票数'));
    // R3.2: an unmarked slot is 弃权, so every valid paper says something about every candidate.
    if (problems.length === 0 && c.yes + c.no + c.abstain !== valid) {
      problems.push(`候选人 ${c.candidateId}：赞成+反对+弃权应等于有效票数 ${valid} (must equal the valid papers)`);
    }
  }
  if (counts.writeIns.length > 0 && !election.settings.allowWriteIns) problems.push('this election allows no write-ins');
  const names = new Set<string>();
  const candidateNames = new Set(election.candidates.map((c) => normalizeName(c.name)));
  for (const w of counts.writeIns) {
    const problem = nameProblem(w.name);
    const name = normalizeName(w.name);
    if (problem) problems.push(`write-in: ${problem}`);
    else if (names.has(name)) problems.push(`write-in ${name} is entered twice`);
    else if (candidateNames.has(name)) problems.push(`write-in ${name} is a candidate`);
    if (!isCount(w.votes)) problems.push(`write-in ${name}: votes must be a whole number ≥ 0`);
    names.add(name);
  }
  const picks = counts.candidates.reduce((sum, c) => sum + c.yes, 0) + counts.writeIns.reduce((sum, w) => sum + w.votes, 0);
  if (problems.length === 0 && picks > valid * election.seats) {
    problems.push(`赞成票与另选他人票共 ${picks}，超过每张有效票最多选 ${election.seats} 人所允许的总数 (R3.3)`);
  }
  return problems;
}

export function checkRatingPaperCount(rating: RatingSpec, counts: RatingPaperCount): string[] {
  const { problems, valid } = checkPaperCount(counts, 'subject', rating.subjects.map((s) => s.subjectId), counts.subjects.map((s) => s.subjectId));
  if (problems.length > 0) return problems;
  for (const s of counts.subjects) {
    for (const field of ['satisfied', 'basically_satisfied', 'unsatisfied'] as const) {
      if (!isCount(s[field])) problems.push(`subject ${s.subjectId}: ${field} must be a whole number ≥ 0`);
    }
    if (problems.length === 0 && s.satisfied + s.basically_satisfied + s.unsatisfied > valid) {
      problems.push(`subject ${s.subjectId}: the three counts are more than the ${valid} valid papers`);
    }
  }
  return problems;
}

// ——— 收回 of a count: the papers of a paper count, the most hands raised on any item otherwise.

export function handsReturned(counts: HandCounts): number {
  return counts.yes + counts.no + counts.abstain;
}

export function batchHandsReturned(counts: BatchHandCounts): number {
  return Math.max(0, ...counts.items.map(handsReturned));
}

export function papersReturned(counts: PaperCountTotals): number {
  return counts.returned;
}

// ——— Tallies, in ballot order, from checked counts (checkManualCounts first). Counts of another
// kind (null) make the kind's empty tally, as they always have: nothing entered counts as none.

/** A hand count's three numbers; none entered (null, or an id without a count) counts as none raised. */
export function handTally(counts: HandCounts | null | undefined): MotionCounts {
  return { yes: counts?.yes ?? 0, no: counts?.no ?? 0, abstain: counts?.abstain ?? 0 };
}

export function batchHandTally(batch: BatchSpec, counts: BatchHandCounts | null): BatchTally {
  const items = byId(counts?.items ?? [], (i) => i.itemId);
  const returned = counts ? batchHandsReturned(counts) : 0;
  return {
    returned,
    unreadable: 0,
    items: batch.items.map(({ itemId }) => {
      const c = handTally(items.get(itemId));
      return { itemId, ...c, blank: returned - c.yes - c.no - c.abstain };
    }),
  };
}

export function slatePaperTally(slate: SlateSpec, counts: SlatePaperCount | null): SlateTally {
  const projects = byId(counts?.projects ?? [], (p) => p.projectId);
  const valid = (counts?.returned ?? 0) - (counts?.void ?? 0);
  const voids = Object.fromEntries(SLATE_VOID_REASONS.map((r) => [r, 0])) as Record<SlateVoidReason, number>;
  voids.paper_count = counts?.void ?? 0;
  return {
    returned: counts?.returned ?? 0,
    void: voids,
    projects: slate.projects.map(({ projectId }) => {
      const p = handTally(projects.get(projectId));
      return { projectId, ...p, blank: valid - p.yes - p.no - p.abstain };
    }),
  };
}

export function electionPaperTally(election: ElectionSpec, counts: ElectionPaperCount | null): ElectionTally {
  const candidates = byId(counts?.candidates ?? [], (x) => x.candidateId);
  const voids = Object.fromEntries(ELECTION_VOID_REASONS.map((r) => [r, 0])) as Record<ElectionVoidReason, number>;
  voids.paper_count = counts?.void ?? 0;
  return {
    returned: counts?.returned ?? 0,
    void: voids,
    candidates: election.candidates.map(({ candidateId }) => ({ candidateId, ...handTally(candidates.get(candidateId)) })),
    writeIns: new Map((counts?.writeIns ?? []).filter((w) => w.votes > 0).map((w) => [normalizeName(w.name), w.votes])),
  };
}

export function ratingPaperTally(rating: RatingSpec, counts: RatingPaperCount | null): RatingTally {
  const subjects = byId(counts?.subjects ?? [], (s) => s.subjectId);
  const valid = (counts?.returned ?? 0) - (counts?.void ?? 0);
  return {
    returned: counts?.returned ?? 0,
    unreadable: counts?.void ?? 0,
    subjects: rating.subjects.map(({ subjectId }) => {
      const s = subjects.get(subjectId);
      const satisfied = s?.satisfied ?? 0;
      const basically_satisfied = s?.basically_satisfied ?? 0;
      const unsatisfied = s?.unsatisfied ?? 0;
      return { subjectId, satisfied, basically_satisfied, unsatisfied, blank: valid - satisfied - basically_satisfied - unsatisfied };
    }),
  };
}
