/**
 * R2.7 batch ballot: several motion items on one paper (e.g. 任免案 voted person by person),
 * each marked 赞成/反对/弃权 or left blank, each tallied and decided on its own with the motion
 * rule (countMotion). With `combined` (合并表决, allowed when the members present agree) the
 * paper carries one choice that applies to every item.
 */
import type { BallotBox } from './box-papers';
import {
  countMotion,
  DEFAULT_MOTION_SETTINGS,
  MOTION_OPTIONS,
  type MotionOption,
  type MotionResult,
  type MotionSettings,
} from './motion';
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

export interface BatchItem {
  itemId: string;
  /** e.g. "任命张三为县财政局局长" */
  title: string;
}

export interface BatchSettings {
  /** The pass rule applied to every item (R2.2, R2.3). */
  motion: MotionSettings;
  /** R2.7 合并表决: one choice on the paper covers all items. DEFAULT false (person by person). */
  combined: boolean;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  motion: DEFAULT_MOTION_SETTINGS,
  combined: false,
};

export interface BatchSpec {
  items: BatchItem[];
  settings: BatchSettings;
}

/**
 * A separate-vote paper marks items by id; an item left out is blank.
 * A combined paper carries one option for all items, or null when left blank.
 * Canonical keys: {"marks":{"i1":"yes","i2":"no"}} and {"combined":"yes"}.
 */
export type BatchPaper = { marks: Record<string, MotionOption> } | { combined: MotionOption | null };

/** Batch papers have no counting rule to break; only an unreadable box key is void. */
export type BatchVoidReason = 'unreadable';

export function checkBatchSpec(spec: BatchSpec): string[] {
  const problems: string[] = [];
  if (spec.items.length === 0) problems.push('a batch ballot needs at least one item');
  const seen = new Set<string>();
  for (const item of spec.items) {
    if (!isMarkId(item.itemId)) problems.push(`item ids must be 1–${MAX_ID_LENGTH} characters`);
    else if (seen.has(item.itemId)) problems.push(`duplicate item id ${item.itemId}`);
    seen.add(item.itemId);
  }
  return problems;
}

function readBatchPaper(value: unknown, known: ReadonlySet<string> | null): Parsed<BatchPaper> {
  if (!isRecord(value)) return { ok: false, message: 'a batch paper must be an object' };
  const fields = Object.keys(value);
  if (fields.length === 1 && fields[0] === 'marks') {
    const marks = readMarks(value.marks, known, MOTION_OPTIONS, 'marks');
    return marks.ok ? { ok: true, value: { marks: marks.value } } : marks;
  }
  if (fields.length === 1 && fields[0] === 'combined') {
    const option = value.combined;
    if (option !== null && !(typeof option === 'string' && (MOTION_OPTIONS as readonly string[]).includes(option))) {
      return { ok: false, message: 'combined must be one of yes, no, abstain, or null for blank' };
    }
    return { ok: true, value: { combined: option as MotionOption | null } };
  }
  return { ok: false, message: 'a batch paper is either {marks} or {combined}' };
}

/** The canonical box key of a batch paper. */
export function batchPaperKey(paper: BatchPaper): string {
  if ('combined' in paper) return canonicalJson({ combined: paper.combined });
  return canonicalJson({ marks: sortedRecord(Object.entries(paper.marks)) });
}

/** Reads a canonical batch key back into its paper (shape only; see checkBatchPaper for the ballot). */
export function parseBatchPaperKey(key: string): Parsed<BatchPaper> {
  return parseCanonicalKey(key, (value) => readBatchPaper(value, null), batchPaperKey);
}

/** Checks one paper against the ballot: item ids known, form (separate/combined) as the ballot says. */
export function checkBatchPaper(spec: BatchSpec, paper: unknown): PaperCheck<BatchPaper, BatchVoidReason> {
  const read = readBatchPaper(paper, new Set(spec.items.map((i) => i.itemId)));
  if (!read.ok) return read;
  if (spec.settings.combined !== ('combined' in read.value)) {
    return {
      ok: false,
      message: spec.settings.combined
        ? 'this ballot is a combined vote (合并表决): send {combined}'
        : 'this ballot votes item by item: send {marks}',
    };
  }
  return { ok: true, paper: read.value, key: batchPaperKey(read.value), voidReason: null };
}

export interface BatchItemCounts {
  itemId: string;
  yes: number;
  no: number;
  abstain: number;
  /** Hands not raised in a show-of-hands count (manual.ts); 0 for papers, where unmarked is 弃权. */
  blank: number;
}

export interface BatchTally {
  /** 收回: every paper in the box. */
  returned: number;
  /** Box keys that are not a readable paper of this ballot. */
  unreadable: number;
  /** In ballot order. */
  items: BatchItemCounts[];
}

function emptyBatchTally(spec: BatchSpec): BatchTally {
  return {
    returned: 0,
    unreadable: 0,
    items: spec.items.map((i) => ({ itemId: i.itemId, yes: 0, no: 0, abstain: 0, blank: 0 })),
  };
}

function addBatchPaper(tally: BatchTally, check: PaperCheck<BatchPaper, BatchVoidReason>, times: number): void {
  tally.returned += times;
  if (!check.ok) {
    tally.unreadable += times;
    return;
  }
  const paper = check.paper;
  for (const counts of tally.items) {
    const option = 'combined' in paper ? paper.combined : ownValue(paper.marks, counts.itemId);
    // An item left unmarked on a cast paper counts as 弃权 (R3.2, R4.3 by analogy), so every
    // item's 赞成 + 反对 + 弃权 = 有效票 as read aloud. Only a hand count has blanks (no hand raised).
    counts[option ?? 'abstain'] += times;
  }
}

const batchTallyRules: PaperTallyRules<BatchSpec, BatchPaper, BatchVoidReason, BatchTally> = {
  emptyTally: emptyBatchTally,
  parseKey: parseBatchPaperKey,
  checkPaper: checkBatchPaper,
  addPaper: addBatchPaper,
};

/** Tallies a closed box. */
export function tallyBatchBox(spec: BatchSpec, box: BallotBox): BatchTally {
  return tallyBoxWith(batchTallyRules, spec, box);
}

/** Tallies papers one by one (manual entry, and the reference the box tally must match). */
export function tallyBatchPapers(spec: BatchSpec, papers: readonly unknown[]): BatchTally {
  return tallyPapers(batchTallyRules, spec, papers);
}

export interface BatchItemResult {
  itemId: string;
  title: string;
  /** Returned papers that left this item blank: counted in the motion's 未表决, never as an option. */
  blank: number;
  motion: MotionResult;
}

export interface BatchResult {
  kind: 'batch';
  combined: boolean;
  total: number;
  present: number;
  returned: number;
  valid: number;
  void: number;
  items: BatchItemResult[];
}

/** R2.7: every item decided on its own by the motion rule over all seats (R2.2). */
export function countBatch(spec: BatchSpec, tally: BatchTally, context: CountContext): BatchResult {
  const items = spec.items.map((item, index): BatchItemResult => {
    const counts = tally.items[index] ?? { yes: 0, no: 0, abstain: 0, blank: 0 };
    return {
      itemId: item.itemId,
      title: item.title,
      blank: counts.blank,
      motion: countMotion(counts, context.total, context.present, spec.settings.motion),
    };
  });
  return {
    kind: 'batch',
    combined: spec.settings.combined,
    total: context.total,
    present: context.present,
    returned: tally.returned,
    valid: tally.returned - tally.unreadable,
    void: tally.unreadable,
    items,
  };
}
