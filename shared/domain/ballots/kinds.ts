/**
 * Every ballot kind behind one face: the ballot spec union, the check of a delegate's paper, and
 * the count of a closed ballot (issue 3 contract: docs/PROTOCOL.md, "Ballot kinds"). A kind is ONE
 * row of rules, `BALLOT_KIND_RULES` below, looked up by `kind` (issue 9); the rules themselves
 * live in each kind's module. Those modules never import this file: the box type they share is
 * in the leaf box-papers.ts (kinds-imports.test.ts fails on any import circle here).
 */
import type { BodyKind } from '../quorum';
import type { BallotBox } from './box-papers';
import {
  checkBatchPaper,
  checkBatchSpec,
  countBatch,
  tallyBatchBox,
  type BatchPaper,
  type BatchResult,
  type BatchSpec,
  type BatchTally,
} from './batch';
import {
  checkElectionPaper,
  checkElectionSpec,
  countElection,
  tallyElectionBox,
  type ElectionPaper,
  type ElectionResult,
  type ElectionSpec,
  type ElectionTally,
  type ElectionVoidReason,
} from './election';
import { checkListVoteSpec, countListVote, type ListVoteResult } from './list-vote';
import {
  batchHandsReturned,
  batchHandTally,
  checkBatchHandCounts,
  checkElectionPaperCount,
  checkHandCounts,
  checkRatingPaperCount,
  checkSlatePaperCount,
  electionPaperTally,
  handsReturned,
  handTally,
  papersReturned,
  ratingPaperTally,
  slatePaperTally,
  type ManualCountsOf,
} from './manual-counts';
import {
  checkMotionPaper,
  countMotion,
  DEFAULT_MOTION_SETTINGS,
  tallyMotionBox,
  type MotionChoice,
  type MotionCounts,
  type MotionResult,
  type MotionSettings,
} from './motion';
import type { PaperCheck } from './paper-key';
import {
  checkRatingPaper,
  checkRatingSpec,
  countRating,
  tallyRatingBox,
  type RatingPaper,
  type RatingResult,
  type RatingSpec,
  type RatingTally,
} from './rating';
import {
  checkSlatePaper,
  checkSlateSpec,
  countSlate,
  tallySlateBox,
  type SlatePaper,
  type SlateResult,
  type SlateSpec,
  type SlateTally,
} from './slate';
import type { CountContext } from './tally';

// Kept here so importers elsewhere need no change; the definitions are in the leaf modules.
export { papersInBox, type BallotBox } from './box-papers';
export type { MotionChoice } from './motion';

/** 无记名 (anonymous/secret): who voted and what they chose are stored apart. 记名 (named): together. */
export type Secrecy = 'anonymous' | 'named';

/** first_final (DEFAULT): the first press is the vote. last_counts: a later press replaces it until close (named only). */
export type PressRule = 'first_final' | 'last_counts';
/** electronic (DEFAULT): tablets. manual: a show-of-hands or paper count entered by the presidium (R2.4, R2.9, R2.10). */
export type BallotMethod = 'electronic' | 'manual';

export type FollowUpReason = 'tie_revote' | 'further_election';
export interface FollowUpOf {
  ballotId: string;
  reason: FollowUpReason;
}

interface BallotBase {
  ballotId: string;
  itemId: string;
  title: string;
  /** election and rating are always 'anonymous'. */
  secrecy: Secrecy;
  /** Countdown; null means the presidium closes it by hand. */
  durationSec: number | null;
  /** The voided ballot this one re-runs (R2.9), if any. */
  rerunOf: string | null;
  /** Absent means 'electronic', so logs written before manual entry stay valid. */
  method?: BallotMethod;
  /** A new vote among the tied (R3.6, R4.5) or a further election (R3.7) started from a published result. */
  followUpOf?: FollowUpOf | null;
}

export interface MotionBallotSpec extends BallotBase {
  kind: 'motion';
  settings: MotionSettings;
  pressRule?: PressRule;
}
export interface BatchBallotSpec extends BallotBase {
  kind: 'batch';
  batch: BatchSpec;
  pressRule?: PressRule;
}
export interface SlateBallotSpec extends BallotBase {
  kind: 'slate';
  slate: SlateSpec;
}
export interface ElectionBallotSpec extends BallotBase {
  kind: 'election';
  election: ElectionSpec;
}
export interface ListVoteBallotSpec extends BallotBase {
  kind: 'list_vote';
  list: { members: string[] };
}
export interface RatingBallotSpec extends BallotBase {
  kind: 'rating';
  rating: RatingSpec;
}

export type BallotSpec =
  | MotionBallotSpec
  | BatchBallotSpec
  | SlateBallotSpec
  | ElectionBallotSpec
  | ListVoteBallotSpec
  | RatingBallotSpec;
export type BallotKind = BallotSpec['kind'];
export const BALLOT_KINDS = ['motion', 'batch', 'slate', 'election', 'list_vote', 'rating'] as const satisfies readonly BallotKind[];

/** Omit over each member of a union, keeping it a discriminated union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A ballot prepared by the secretariat on an agenda item; the console opens it in one click. */
export type BallotDraft = DistributiveOmit<BallotSpec, 'ballotId' | 'itemId' | 'rerunOf' | 'followUpOf'>;

/** The paper a tablet sends in ballot:cast, by kind: motion and list_vote MotionChoice, else the kind's paper. */
export type Choice = MotionChoice | BatchPaper | SlatePaper | ElectionPaper | RatingPaper;

export type BallotResult = MotionResult | BatchResult | SlateResult | ElectionResult | ListVoteResult | RatingResult;

export function methodOf(spec: Pick<BallotBase, 'method'>): BallotMethod {
  return spec.method ?? 'electronic';
}

export function pressRuleOf(spec: BallotSpec | BallotDraft): PressRule {
  return (isBallotKind(spec.kind) ? rulesOf(spec.kind).pressRule(spec) : undefined) ?? 'first_final';
}

/**
 * Problems that stop a ballot from being prepared or opened; [] when it can open.
 * Margin (差额) and 等额 notices are warnings carried in the result, not problems here.
 */
export function checkBallotSpec(spec: BallotDraft): string[] {
  const problems: string[] = [];
  if (spec.title.trim().length === 0) problems.push('标题不能为空 (a ballot needs a title)');
  if (spec.durationSec !== null && (!Number.isSafeInteger(spec.durationSec) || spec.durationSec < 1)) {
    problems.push('durationSec must be a whole number of seconds ≥ 1, or null');
  }
  if (!isBallotKind(spec.kind)) return [...problems, `unknown ballot kind ${JSON.stringify(spec.kind)}`];
  const rules = rulesOf(spec.kind);
  if (rules.mustBeSecret !== null && spec.secrecy !== 'anonymous') problems.push(rules.mustBeSecret);
  // An anonymous box holds counts only, so it cannot tell which earlier paper a new one replaces.
  if (pressRuleOf(spec) === 'last_counts' && spec.secrecy !== 'named') {
    problems.push('“以最后一次按键为准”只适用于记名表决 (pressRule last_counts needs a named ballot)');
  }
  if (pressRuleOf(spec) === 'last_counts' && methodOf(spec) === 'manual') {
    problems.push('举手或纸质计票没有“最后一次按键” (pressRule last_counts needs an electronic ballot)');
  }
  problems.push(...rules.checkSpec(spec));
  return problems;
}

export type ChoiceCheck = { ok: true; key: string } | { ok: false; message: string };

const VOID_MESSAGES: Record<ElectionVoidReason | 'over_cap', (spec: BallotSpec) => string> = {
  over_cap: (spec) => {
    const places = spec.kind === 'slate' ? spec.slate.places : 0;
    return `赞成（选择）超过${places}个，此票无效 (more than ${places} 赞成: over the cap, the paper would be void)`;
  },
  over_seats: (spec) => {
    const seats = spec.kind === 'election' ? spec.election.seats : 0;
    return `所选人数超过应选${seats}名，此票无效 (R3.3: more people than the ${seats} seats, the paper would be void)`;
  },
  write_in_with_abstain: () => '另选他人时该候选人须划“×”（反对），不能弃权 (a write-in needs the slot marked 反对)',
  write_in_with_yes: () => '另选他人的格子不能同时赞成原候选人 (a write-in slot cannot also vote 赞成)',
  duplicate_write_in: () => '同一人被另选两次 (the same person is written in twice)',
  write_in_names_candidate: () => '另选的人已是候选人，请直接投赞成 (the written-in person is already a candidate)',
  unreadable: () => '无法识别的选票 (unreadable paper)',
  paper_count: () => '废票 (void paper)',
};

/**
 * Checks a delegate's ballot paper against the ballot's rules; returns its canonical box key.
 * A paper that would be void is refused here with the reason (the tablet blocks it first): void
 * papers enter a count only through a manual paper count.
 */
export function checkChoice(spec: BallotSpec, choice: unknown): ChoiceCheck {
  if (methodOf(spec) === 'manual') return { ok: false, message: '本次表决以举手或纸质计票进行，不接受电子表决 (a manual ballot takes no casts)' };
  return rulesOf(spec.kind).checkPaper(spec, choice);
}

function fromPaperCheck<R extends keyof typeof VOID_MESSAGES>(spec: BallotSpec, check: PaperCheck<unknown, R>): ChoiceCheck {
  if (!check.ok) return { ok: false, message: check.message };
  if (check.voidReason !== null) return { ok: false, message: VOID_MESSAGES[check.voidReason](spec) };
  return { ok: true, key: check.key };
}

/** What a count needs besides the papers: 应到, 实到 at close, 发出, and the body (R5.3, R6). */
export interface BallotCountContext extends CountContext {
  bodyKind: BodyKind;
  /**
   * 未表决: seats present at close that did not vote. When given it replaces "present − voted",
   * which is wrong once a voter has left before the close.
   */
  notVoted?: number;
}

/** A kind's counts before its rule is applied: from a ballot box, or entered by hand. */
export type BallotTally =
  | { kind: 'motion'; counts: MotionCounts }
  | { kind: 'list_vote'; counts: MotionCounts }
  | { kind: 'batch'; tally: BatchTally }
  | { kind: 'slate'; tally: SlateTally }
  | { kind: 'election'; tally: ElectionTally }
  | { kind: 'rating'; tally: RatingTally };

/** Tallies a closed box by the ballot's kind. */
export function tallyBox(spec: BallotSpec, box: BallotBox): BallotTally {
  return rulesOf(spec.kind).tallyBox(spec, box);
}

/** Counts a closed ballot from its box. */
export function countBallot(spec: BallotSpec, box: BallotBox, context: BallotCountContext): BallotResult {
  return countTally(spec, tallyBox(spec, box), context);
}

/** Applies the ballot's rule to a tally (from the box or from manual entry). */
export function countTally(spec: BallotSpec, tally: BallotTally, context: BallotCountContext): BallotResult {
  if (tally.kind !== spec.kind) throw new Error(`a ${tally.kind} tally cannot count a ${spec.kind} ballot`);
  return rulesOf(spec.kind).count(spec, tally, context);
}

type SpecOf<K extends BallotKind> = Extract<BallotSpec, { kind: K }>;
type DraftOf<K extends BallotKind> = Extract<BallotDraft, { kind: K }>;
type TallyOf<K extends BallotKind> = Extract<BallotTally, { kind: K }>;

/**
 * Everything that makes one ballot kind different from another. A new kind is a new member of
 * BallotSpec, BallotTally and BallotResult plus one row of BALLOT_KIND_RULES, and the compiler
 * asks for every rule of the row.
 */
export interface BallotKindRules<K extends BallotKind> {
  /** The problem to report when the ballot is not secret (R3.1, R5.2); null: either secrecy. */
  mustBeSecret: string | null;
  /** The spec's press rule, if the kind has one (undefined means 'first_final'). */
  pressRule(spec: DraftOf<K>): PressRule | undefined;
  /** Problems in the kind's own part of the spec; the checks common to all kinds run first. */
  checkSpec(spec: DraftOf<K>): string[];
  /** Reads a delegate's paper into its canonical box key, or says why it is refused. */
  checkPaper(spec: SpecOf<K>, choice: unknown): ChoiceCheck;
  /** Reads a closed box into the kind's counts. */
  tallyBox(spec: SpecOf<K>, box: BallotBox): TallyOf<K>;
  /** Applies the kind's rule to its counts (from the box or entered by hand). */
  count(spec: SpecOf<K>, tally: TallyOf<K>, context: BallotCountContext): BallotResult;
  /** Problems with a hand or paper count the presidium entered (manual-counts.ts); [] when it can be counted. `present`: 实到 at close. */
  checkManualCounts(spec: SpecOf<K>, counts: ManualCountsOf<K>, present: number): string[];
  /** 收回 of an entered count. */
  manualReturned(counts: ManualCountsOf<K>): number;
  /** An entered count as the kind's tally, in ballot order; null (counts of another kind) makes the empty tally. */
  manualTally(spec: SpecOf<K>, counts: ManualCountsOf<K> | null): TallyOf<K>;
}

/** The manual rules of the kinds counted by a show of hands, as a motion is (R2.10). */
const HAND_COUNTED = {
  checkManualCounts: (_spec: unknown, counts: ManualCountsOf<'motion' | 'list_vote'>, present: number) => checkHandCounts(counts, present),
  manualReturned: handsReturned,
} as const;

const noPressRule = (): undefined => undefined;

const BALLOT_KIND_RULES: { readonly [K in BallotKind]: BallotKindRules<K> } = {
  motion: {
    mustBeSecret: null,
    pressRule: (spec) => spec.pressRule,
    checkSpec: () => [],
    checkPaper: (spec, choice) => fromPaperCheck(spec, checkMotionPaper(choice)),
    tallyBox: (spec, box) => ({ kind: spec.kind, counts: tallyMotionBox(box) }),
    count: (spec, tally, context) =>
      withNotVoted(countMotion(tally.counts, context.total, context.present, spec.settings), context.notVoted),
    ...HAND_COUNTED,
    manualTally: (spec, counts) => ({ kind: spec.kind, counts: handTally(counts) }),
  },
  list_vote: {
    mustBeSecret: null,
    pressRule: noPressRule,
    checkSpec: (spec) => checkListVoteSpec(spec.list),
    // R3.10: a list vote is a motion on the list, with the motion's paper and box keys.
    checkPaper: (spec, choice) => fromPaperCheck(spec, checkMotionPaper(choice)),
    tallyBox: (spec, box) => ({ kind: spec.kind, counts: tallyMotionBox(box) }),
    count: (spec, tally, context) => {
      const result = countListVote(spec.list.members, tally.counts, context.total, context.present);
      return { ...result, motion: withNotVoted(result.motion, context.notVoted) };
    },
    ...HAND_COUNTED,
    manualTally: (spec, counts) => ({ kind: spec.kind, counts: handTally(counts) }),
  },
  batch: {
    mustBeSecret: null,
    pressRule: (spec) => spec.pressRule,
    checkSpec: (spec) => checkBatchSpec(spec.batch),
    checkPaper: (spec, choice) => fromPaperCheck(spec, checkBatchPaper(spec.batch, choice)),
    tallyBox: (spec, box) => ({ kind: 'batch', tally: tallyBatchBox(spec.batch, box) }),
    count: (spec, tally, context) => {
      const result = countBatch(spec.batch, tally.tally, context);
      if (context.notVoted === undefined) return result;
      // A paper that leaves an item blank, or is void, is 未表决 on that item too.
      const notVoted = context.notVoted;
      return {
        ...result,
        items: result.items.map((item) => ({
          ...item,
          motion: withNotVoted(item.motion, notVoted + result.returned - item.motion.voted),
        })),
      };
    },
    checkManualCounts: (spec, counts, present) => checkBatchHandCounts(spec.batch, counts, present),
    manualReturned: batchHandsReturned,
    manualTally: (spec, counts) => ({ kind: 'batch', tally: batchHandTally(spec.batch, counts) }),
  },
  slate: {
    mustBeSecret: null,
    pressRule: noPressRule,
    checkSpec: (spec) => checkSlateSpec(spec.slate),
    checkPaper: (spec, choice) => fromPaperCheck(spec, checkSlatePaper(spec.slate, choice)),
    tallyBox: (spec, box) => ({ kind: 'slate', tally: tallySlateBox(spec.slate, box) }),
    count: (spec, tally, context) => countSlate(spec.slate, tally.tally, context),
    checkManualCounts: (spec, counts) => checkSlatePaperCount(spec.slate, counts),
    manualReturned: papersReturned,
    manualTally: (spec, counts) => ({ kind: 'slate', tally: slatePaperTally(spec.slate, counts) }),
  },
  election: {
    mustBeSecret: '选举必须无记名投票 (R3.1: an election is always a secret ballot)',
    pressRule: noPressRule,
    checkSpec: (spec) => checkElectionSpec(spec.election),
    checkPaper: (spec, choice) => fromPaperCheck(spec, checkElectionPaper(spec.election, choice)),
    tallyBox: (spec, box) => ({ kind: 'election', tally: tallyElectionBox(spec.election, box) }),
    count: (spec, tally, context) => countElection(spec.election, tally.tally, context),
    checkManualCounts: (spec, counts) => checkElectionPaperCount(spec.election, counts),
    manualReturned: papersReturned,
    manualTally: (spec, counts) => ({ kind: 'election', tally: electionPaperTally(spec.election, counts) }),
  },
  rating: {
    mustBeSecret: '满意度测评必须无记名 (R5.2: a rating is always secret)',
    pressRule: noPressRule,
    checkSpec: (spec) => checkRatingSpec(spec.rating),
    checkPaper: (spec, choice) => fromPaperCheck(spec, checkRatingPaper(spec.rating, choice)),
    tallyBox: (spec, box) => ({ kind: 'rating', tally: tallyRatingBox(spec.rating, box) }),
    count: (spec, tally, context) => countRating(spec.rating, tally.tally, context),
    checkManualCounts: (spec, counts) => checkRatingPaperCount(spec.rating, counts),
    manualReturned: papersReturned,
    manualTally: (spec, counts) => ({ kind: 'rating', tally: ratingPaperTally(spec.rating, counts) }),
  },
};

/**
 * The rows by kind in a Map: "constructor" or "__proto__" is not a ballot kind, and a kind read
 * from a payload is looked up by its hash, not as a property name (each vote asks two or three
 * times; a property look-up with a string JSON.parse made searches V8's table of interned strings
 * every time, 0.17 µs a vote in a burst, docs/BENCHMARKS.md).
 */
const RULES_BY_KIND: ReadonlyMap<string, BallotKindRules<BallotKind>> = new Map(Object.entries(BALLOT_KIND_RULES) as [BallotKind, BallotKindRules<BallotKind>][]);

export function isBallotKind(kind: string): kind is BallotKind {
  return RULES_BY_KIND.has(kind);
}

/** The one row of rules for a kind. */
export function rulesOf<K extends BallotKind>(kind: K): BallotKindRules<K> {
  const rules = RULES_BY_KIND.get(kind);
  if (!rules) throw new Error(`unknown ballot kind ${JSON.stringify(kind)}`);
  return rules as unknown as BallotKindRules<K>;
}

function withNotVoted(result: MotionResult, notVoted: number | undefined): MotionResult {
  return notVoted === undefined ? result : { ...result, notVoted: Math.max(0, notVoted) };
}

export { DEFAULT_MOTION_SETTINGS };
