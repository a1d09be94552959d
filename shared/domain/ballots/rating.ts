/**
 * R5 满意度测评: each subject (an appointee, a department's work, a livelihood project, a reply
 * to delegates' suggestions) is rated 满意/基本满意/不满意 or left blank.
 * The result is advisory (R5.1): 不满意 is flagged for follow-up (R5.5), nothing happens to anyone.
 */
import { checkQuorum, type BodyKind, type QuorumCheck } from '../quorum';
import type { BallotBox } from './box-papers';
import { rate, type Rate } from './fraction';
import {
  canonicalJson,
  isMarkId,
  isRecord,
  MAX_ID_LENGTH,
  ownValue,
  parseCanonicalKey,
  readMarks,
  sortedRecord,
  type PaperCheck,
  type Parsed,
} from './paper-key';
import { tallyBoxWith, tallyPapers, type CountContext, type PaperTallyRules } from './tally';

export const RATING_OPTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
/** 满意 / 基本满意 / 不满意 (R5.2) */
export type RatingOption = (typeof RATING_OPTIONS)[number];

export type RatingSubjectKind = 'appointee' | 'department' | 'project' | 'suggestion_reply';

export interface RatingSubject {
  subjectId: string;
  name: string;
  kind: RatingSubjectKind;
  /** For kind 'project': the stable id from the year's project vote (R4.8). */
  projectId?: string;
  /** The post or unit the subject holds, e.g. "镇人民政府副镇长", shown beside the name (issue 10). */
  post?: string;
  /** 工作单位, e.g. "县人民政府" (preparation, issue 10). */
  unit?: string;
}

export interface RatingSettings {
  /** R5.4 tier base: valid papers (DEFAULT) or all members (镇海). */
  base: 'valid_ballots' | 'all_members';
  /** R5.4: 'strict' (DEFAULT) needs more than half (>), 'inclusive' half or more (≥). */
  boundary: 'strict' | 'inclusive';
}

export const DEFAULT_RATING_SETTINGS: RatingSettings = { base: 'valid_ballots', boundary: 'strict' };

export interface RatingSpec {
  subjects: RatingSubject[];
  settings: RatingSettings;
}

/** Canonical key: {"marks":{"s1":"satisfied","s2":"unsatisfied"}}; a subject left out is blank. */
export interface RatingPaper {
  marks: Record<string, RatingOption>;
}

/** Rating papers break no counting rule; only an unreadable box key is void. */
export type RatingVoidReason = 'unreadable';

export function checkRatingSpec(spec: RatingSpec): string[] {
  const problems: string[] = [];
  if (spec.subjects.length === 0) problems.push('a rating needs at least one subject');
  const seen = new Set<string>();
  for (const subject of spec.subjects) {
    if (!isMarkId(subject.subjectId)) problems.push(`subject ids must be 1–${MAX_ID_LENGTH} characters`);
    else if (seen.has(subject.subjectId)) problems.push(`duplicate subject id ${subject.subjectId}`);
    seen.add(subject.subjectId);
    if (subject.projectId !== undefined && subject.kind !== 'project') {
      problems.push(`subject ${subject.subjectId} links a project but is not a project`);
    }
  }
  return problems;
}

function readRatingPaper(value: unknown, known: ReadonlySet<string> | null): Parsed<RatingPaper> {
  if (!isRecord(value) || Object.keys(value).some((field) => field !== 'marks')) {
    return { ok: false, message: 'a rating paper is {marks}' };
  }
  const marks = readMarks(value.marks, known, RATING_OPTIONS, 'marks');
  return marks.ok ? { ok: true, value: { marks: marks.value } } : marks;
}

export function ratingPaperKey(paper: RatingPaper): string {
  return canonicalJson({ marks: sortedRecord(Object.entries(paper.marks)) });
}

export function parseRatingPaperKey(key: string): Parsed<RatingPaper> {
  return parseCanonicalKey(key, (value) => readRatingPaper(value, null), ratingPaperKey);
}

export function checkRatingPaper(spec: RatingSpec, paper: unknown): PaperCheck<RatingPaper, RatingVoidReason> {
  const read = readRatingPaper(paper, new Set(spec.subjects.map((s) => s.subjectId)));
  if (!read.ok) return read;
  return { ok: true, paper: read.value, key: ratingPaperKey(read.value), voidReason: null };
}

export interface RatingCounts {
  subjectId: string;
  satisfied: number;
  basically_satisfied: number;
  unsatisfied: number;
  blank: number;
}

export interface RatingTally {
  returned: number;
  unreadable: number;
  /** In ballot order; the three options + blank = valid papers. */
  subjects: RatingCounts[];
}

function emptyRatingTally(spec: RatingSpec): RatingTally {
  return {
    returned: 0,
    unreadable: 0,
    subjects: spec.subjects.map((s) => ({
      subjectId: s.subjectId,
      satisfied: 0,
      basically_satisfied: 0,
      unsatisfied: 0,
      blank: 0,
    })),
  };
}

function addRatingPaper(tally: RatingTally, check: PaperCheck<RatingPaper, RatingVoidReason>, times: number): void {
  tally.returned += times;
  if (!check.ok) {
    tally.unreadable += times;
    return;
  }
  for (const counts of tally.subjects) {
    const option = ownValue(check.paper.marks, counts.subjectId);
    if (option) counts[option] += times;
    else counts.blank += times;
  }
}

const ratingTallyRules: PaperTallyRules<RatingSpec, RatingPaper, RatingVoidReason, RatingTally> = {
  emptyTally: emptyRatingTally,
  parseKey: parseRatingPaperKey,
  checkPaper: checkRatingPaper,
  addPaper: addRatingPaper,
};

/** Tallies a closed box. */
export function tallyRatingBox(spec: RatingSpec, box: BallotBox): RatingTally {
  return tallyBoxWith(ratingTallyRules, spec, box);
}

/** Tallies papers one by one (manual entry, and the reference the box tally must match). */
export function tallyRatingPapers(spec: RatingSpec, papers: readonly unknown[]): RatingTally {
  return tallyPapers(ratingTallyRules, spec, papers);
}

export type RatingTier = RatingOption;

/**
 * R5.4: 满意 if 满意 beats half of the base; else 基本满意 if 满意+基本满意 does; else 不满意.
 * "Beats" is > (strict) or ≥ (inclusive). When nobody marked the subject at all (no papers, or
 * every paper left it blank) it was not rated: null, so no follow-up is flagged.
 */
export function ratingTier(
  counts: Pick<RatingCounts, RatingOption>,
  validPapers: number,
  total: number,
  settings: RatingSettings,
): RatingTier | null {
  if (counts.satisfied + counts.basically_satisfied + counts.unsatisfied === 0) return null;
  const base = settings.base === 'valid_ballots' ? validPapers : total;
  const beatsHalf = (count: number): boolean =>
    settings.boundary === 'strict' ? count * 2 > base : count * 2 >= base;
  if (beatsHalf(counts.satisfied)) return 'satisfied';
  if (beatsHalf(counts.satisfied + counts.basically_satisfied)) return 'basically_satisfied';
  return 'unsatisfied';
}

export interface RatingSubjectResult extends RatingSubject {
  satisfied: number;
  basically_satisfied: number;
  unsatisfied: number;
  blank: number;
  /** Valid papers returned: the three options + blank. */
  validPapers: number;
  /** 满意率 = 满意 / valid papers (R5.4). */
  satisfiedRate: Rate;
  /** 满意+基本满意率 = (满意 + 基本满意) / valid papers (R5.4, 汉阴). */
  satisfiedOrBasicRate: Rate;
  /** null when nobody marked this subject. */
  tier: RatingTier | null;
  /** R5.5: 不满意 → flag for a follow-up item; no action on any person. */
  followUp: boolean;
}

export interface RatingResult {
  kind: 'rating';
  settings: RatingSettings;
  total: number;
  present: number;
  /** R5.3: "实到29人，符合测评的法定人数" is part of the record. */
  quorum: QuorumCheck;
  returned: number;
  valid: number;
  void: number;
  subjects: RatingSubjectResult[];
}

export function countRating(
  spec: RatingSpec,
  tally: RatingTally,
  context: CountContext & { bodyKind: BodyKind },
): RatingResult {
  const valid = tally.returned - tally.unreadable;
  const subjects = spec.subjects.map((subject, index): RatingSubjectResult => {
    const counts = tally.subjects[index] ?? { satisfied: 0, basically_satisfied: 0, unsatisfied: 0, blank: 0 };
    const tier = ratingTier(counts, valid, context.total, spec.settings);
    return {
      ...subject,
      satisfied: counts.satisfied,
      basically_satisfied: counts.basically_satisfied,
      unsatisfied: counts.unsatisfied,
      blank: counts.blank,
      validPapers: valid,
      satisfiedRate: rate(counts.satisfied, valid),
      satisfiedOrBasicRate: rate(counts.satisfied + counts.basically_satisfied, valid),
      tier,
      followUp: tier === 'unsatisfied',
    };
  });
  return {
    kind: 'rating',
    settings: { ...spec.settings },
    total: context.total,
    present: context.present,
    quorum: checkQuorum(context.bodyKind, context.present, context.total),
    returned: tally.returned,
    valid,
    void: tally.unreadable,
    subjects,
  };
}
