/**
 * Manual entry (R2.4, R2.9, R2.10): a show-of-hands or paper count typed in by the presidium.
 * The numbers become the kind's tally and are counted by the same rule as a ballot box, so a
 * hand count and an electronic count of the same papers give the same result.
 *
 * Forms: motion and list_vote follow the show-of-hands script 赞成 → 反对 → 弃权 (R2.10); a batch
 * takes those three per item; slate, election and rating are paper counts by the tellers with
 * 发出/收回/废票 and per-option counts (R3.4, R3.11).
 */
import type { BallotSpec, BallotTally } from './kinds';
import { normalizeName, nameProblem } from './person-name';
import type { ElectionVoidReason } from './election';
import { ELECTION_VOID_REASONS } from './election';
import { SLATE_VOID_REASONS, type SlateVoidReason } from './slate';

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

export type ManualCounts =
  | ({ kind: 'motion' } & HandCounts)
  | ({ kind: 'list_vote' } & HandCounts)
  | { kind: 'batch'; items: Array<{ itemId: string } & HandCounts> }
  | ({ kind: 'slate'; projects: Array<{ projectId: string } & HandCounts> } & PaperCountTotals)
  | ({
      kind: 'election';
      candidates: Array<{ candidateId: string } & HandCounts>;
      writeIns: Array<{ name: string; votes: number }>;
    } & PaperCountTotals)
  | ({
      kind: 'rating';
      subjects: Array<{ subjectId: string; satisfied: number; basically_satisfied: number; unsatisfied: number }>;
    } & PaperCountTotals);

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

/**
 * Problems with entered counts; [] when they can be counted. `present` is 实到 at close: a show
 * of hands cannot have more hands than people in the hall. A paper count may return more papers
 * than were issued: that is recorded and makes the vote invalid (R3.4), it is not a typing error.
 */
export function checkManualCounts(spec: BallotSpec, counts: ManualCounts, present: number): string[] {
  if (counts.kind !== spec.kind) return [`these are ${counts.kind} counts but the ballot is a ${spec.kind}`];
  switch (counts.kind) {
    case 'motion':
    case 'list_vote':
      return checkHand('举手表决', counts, present, '实到人数');
    case 'batch': {
      if (spec.kind !== 'batch') return [];
      const problems = checkIds('item', spec.batch.items.map((i) => i.itemId), counts.items.map((i) => i.itemId));
      for (const item of counts.items) problems.push(...checkHand(`事项 ${item.itemId}`, item, present, '实到人数'));
      return problems;
    }
    case 'slate': {
      if (spec.kind !== 'slate') return [];
      const problems = checkTotals(counts);
      problems.push(...checkIds('project', spec.slate.projects.map((p) => p.projectId), counts.projects.map((p) => p.projectId)));
      if (problems.length > 0) return problems;
      const valid = counts.returned - counts.void;
      for (const p of counts.projects) problems.push(...checkHand(`项目 ${p.projectId}`, p, valid, '有效票数'));
      const capped = spec.slate.settings.form === 'choose_up_to_k' || spec.slate.settings.capYesAtPlaces;
      const yes = counts.projects.reduce((sum, p) => sum + p.yes, 0);
      if (problems.length === 0 && capped && yes > valid * spec.slate.places) {
        problems.push(`赞成票共 ${yes}，超过每张有效票最多 ${spec.slate.places} 个赞成所允许的总数 (more than ${spec.slate.places} per valid paper allows)`);
      }
      return problems;
    }
    case 'election': {
      if (spec.kind !== 'election') return [];
      const problems = checkTotals(counts);
      problems.push(
        ...checkIds('candidate', spec.election.candidates.map((c) => c.candidateId), counts.candidates.map((c) => c.candidateId)),
      );
      if (problems.length > 0) return problems;
      const valid = counts.returned - counts.void;
      for (const c of counts.candidates) {
        problems.push(...checkHand(`候选人 ${c.candidateId}`, c, valid, '有效票数'));
        // R3.2: an unmarked slot is 弃权, so every valid paper says something about every candidate.
        if (problems.length === 0 && c.yes + c.no + c.abstain !== valid) {
          problems.push(`候选人 ${c.candidateId}：赞成+反对+弃权应等于有效票数 ${valid} (must equal the valid papers)`);
        }
      }
      if (counts.writeIns.length > 0 && !spec.election.settings.allowWriteIns) problems.push('this election allows no write-ins');
      const names = new Set<string>();
      const candidateNames = new Set(spec.election.candidates.map((c) => normalizeName(c.name)));
      for (const w of counts.writeIns) {
        const problem = nameProblem(w.name);
        const name = normalizeName(w.name);
        if (problem) problems.push(`write-in: ${problem}`);
        else if (names.has(name)) problems.push(`write-in ${name} is entered twice`);
        else if (candidateNames.has(name)) problems.push(`write-in ${name} is a candidate`);
        if (!isCount(w.votes)) problems.push(`write-in ${name}: votes must be a whole number ≥ 0`);
        names.add(name);
      }
      const picks =
        counts.candidates.reduce((sum, c) => sum + c.yes, 0) + counts.writeIns.reduce((sum, w) => sum + w.votes, 0);
      if (problems.length === 0 && picks > valid * spec.election.seats) {
        problems.push(`赞成票与另选他人票共 ${picks}，超过每张有效票最多选 ${spec.election.seats} 人所允许的总数 (R3.3)`);
      }
      return problems;
    }
    case 'rating': {
      if (spec.kind !== 'rating') return [];
      const problems = checkTotals(counts);
      problems.push(...checkIds('subject', spec.rating.subjects.map((s) => s.subjectId), counts.subjects.map((s) => s.subjectId)));
      if (problems.length > 0) return problems;
      const valid = counts.returned - counts.void;
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
  }
}

/** 发出 entered with a paper count, if any. */
export function manualIssued(counts: ManualCounts): number | undefined {
  return 'issued' in counts ? counts.issued : undefined;
}

/** 收回 of a manual count: the papers of a paper count, the most hands raised on any item otherwise. */
export function manualReturned(counts: ManualCounts): number {
  switch (counts.kind) {
    case 'motion':
    case 'list_vote':
      return counts.yes + counts.no + counts.abstain;
    case 'batch':
      return Math.max(0, ...counts.items.map((i) => i.yes + i.no + i.abstain));
    default:
      return counts.returned;
  }
}

function byId<T>(entries: readonly T[], idOf: (entry: T) => string): Map<string, T> {
  return new Map(entries.map((entry) => [idOf(entry), entry]));
}

/** Turns checked counts into the kind's tally, in ballot order. Call checkManualCounts first. */
export function manualTally(spec: BallotSpec, counts: ManualCounts): BallotTally {
  const hand = (c: HandCounts | undefined) => ({ yes: c?.yes ?? 0, no: c?.no ?? 0, abstain: c?.abstain ?? 0 });
  switch (spec.kind) {
    case 'motion':
    case 'list_vote':
      return { kind: spec.kind, counts: hand(counts.kind === spec.kind ? counts : undefined) };
    case 'batch': {
      const items = byId(counts.kind === 'batch' ? counts.items : [], (i) => i.itemId);
      const returned = manualReturned(counts);
      return {
        kind: 'batch',
        tally: {
          returned,
          unreadable: 0,
          items: spec.batch.items.map(({ itemId }) => {
            const c = hand(items.get(itemId));
            return { itemId, ...c, blank: returned - c.yes - c.no - c.abstain };
          }),
        },
      };
    }
    case 'slate': {
      const c = counts.kind === 'slate' ? counts : null;
      const projects = byId(c?.projects ?? [], (p) => p.projectId);
      const valid = (c?.returned ?? 0) - (c?.void ?? 0);
      const voids = Object.fromEntries(SLATE_VOID_REASONS.map((r) => [r, 0])) as Record<SlateVoidReason, number>;
      voids.paper_count = c?.void ?? 0;
      return {
        kind: 'slate',
        tally: {
          returned: c?.returned ?? 0,
          void: voids,
          projects: spec.slate.projects.map(({ projectId }) => {
            const p = hand(projects.get(projectId));
            return { projectId, ...p, blank: valid - p.yes - p.no - p.abstain };
          }),
        },
      };
    }
    case 'election': {
      const c = counts.kind === 'election' ? counts : null;
      const candidates = byId(c?.candidates ?? [], (x) => x.candidateId);
      const voids = Object.fromEntries(ELECTION_VOID_REASONS.map((r) => [r, 0])) as Record<ElectionVoidReason, number>;
      voids.paper_count = c?.void ?? 0;
      return {
        kind: 'election',
        tally: {
          returned: c?.returned ?? 0,
          void: voids,
          candidates: spec.election.candidates.map(({ candidateId }) => ({ candidateId, ...hand(candidates.get(candidateId)) })),
          writeIns: new Map((c?.writeIns ?? []).filter((w) => w.votes > 0).map((w) => [normalizeName(w.name), w.votes])),
        },
      };
    }
    case 'rating': {
      const c = counts.kind === 'rating' ? counts : null;
      const subjects = byId(c?.subjects ?? [], (s) => s.subjectId);
      const valid = (c?.returned ?? 0) - (c?.void ?? 0);
      return {
        kind: 'rating',
        tally: {
          returned: c?.returned ?? 0,
          unreadable: c?.void ?? 0,
          subjects: spec.rating.subjects.map(({ subjectId }) => {
            const s = subjects.get(subjectId);
            const satisfied = s?.satisfied ?? 0;
            const basically_satisfied = s?.basically_satisfied ?? 0;
            const unsatisfied = s?.unsatisfied ?? 0;
            return { subjectId, satisfied, basically_satisfied, unsatisfied, blank: valid - satisfied - basically_satisfied - unsatisfied };
          }),
        },
      };
    }
  }
}
