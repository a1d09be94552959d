/**
 * Every ballot kind behind one face: the ballot spec union, the check of a delegate's paper, and
 * the count of a closed ballot. The rules themselves live in each kind's module; this file only
 * dispatches on `kind` (issue 3 contract: docs/PROTOCOL.md, "Ballot kinds").
 */
import type { BodyKind } from '../quorum';
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
import { countListVote, type ListVoteResult } from './list-vote';
import {
  countMotion,
  DEFAULT_MOTION_SETTINGS,
  emptyMotionCounts,
  MOTION_OPTIONS,
  type MotionCounts,
  type MotionOption,
  type MotionResult,
  type MotionSettings,
} from './motion';
import type { PaperCheck } from './paper-key';
import { normalizeName } from './person-name';
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

/**
 * A ballot box is an unordered multiset of ballot papers: canonical choice key → how many.
 * Keeping counts (not a list) is what lets a secret ballot be stored with nothing that
 * orders or links its papers to the register of who voted (architecture invariant 4).
 */
export type BallotBox = Record<string, number>;

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

export interface MotionChoice {
  option: MotionOption;
}
/** The paper a tablet sends in ballot:cast, by kind: motion and list_vote MotionChoice, else the kind's paper. */
export type Choice = MotionChoice | BatchPaper | SlatePaper | ElectionPaper | RatingPaper;

export type BallotResult = MotionResult | BatchResult | SlateResult | ElectionResult | ListVoteResult | RatingResult;

export function methodOf(spec: Pick<BallotBase, 'method'>): BallotMethod {
  return spec.method ?? 'electronic';
}

export function pressRuleOf(spec: BallotSpec | BallotDraft): PressRule {
  return (spec.kind === 'motion' || spec.kind === 'batch' ? spec.pressRule : undefined) ?? 'first_final';
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
  if ((spec.kind === 'election' || spec.kind === 'rating') && spec.secrecy !== 'anonymous') {
    problems.push(
      spec.kind === 'election'
        ? '选举必须无记名投票 (R3.1: an election is always a secret ballot)'
        : '满意度测评必须无记名 (R5.2: a rating is always secret)',
    );
  }
  // An anonymous box holds counts only, so it cannot tell which earlier paper a new one replaces.
  if (pressRuleOf(spec) === 'last_counts' && spec.secrecy !== 'named') {
    problems.push('“以最后一次按键为准”只适用于记名表决 (pressRule last_counts needs a named ballot)');
  }
  if (pressRuleOf(spec) === 'last_counts' && methodOf(spec) === 'manual') {
    problems.push('举手或纸质计票没有“最后一次按键” (pressRule last_counts needs an electronic ballot)');
  }
  switch (spec.kind) {
    case 'motion':
      break;
    case 'batch':
      problems.push(...checkBatchSpec(spec.batch));
      break;
    case 'slate':
      problems.push(...checkSlateSpec(spec.slate));
      break;
    case 'election':
      problems.push(...checkElectionSpec(spec.election));
      break;
    case 'list_vote':
      problems.push(...checkListMembers(spec.list.members));
      break;
    case 'rating':
      problems.push(...checkRatingSpec(spec.rating));
      break;
  }
  return problems;
}

function checkListMembers(members: readonly string[]): string[] {
  if (members.length === 0) return ['名单不能为空 (a list vote needs at least one name)'];
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const member of members) {
    const name = normalizeName(member);
    if (name.length === 0) problems.push('名单中有空名字 (a name on the list is empty)');
    else if (seen.has(name)) problems.push(`名单中${name}重复 (${name} is on the list twice)`);
    seen.add(name);
  }
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
  switch (spec.kind) {
    case 'motion':
    case 'list_vote':
      return checkMotionChoice(choice);
    case 'batch':
      return fromPaperCheck(spec, checkBatchPaper(spec.batch, choice));
    case 'slate':
      return fromPaperCheck(spec, checkSlatePaper(spec.slate, choice));
    case 'election':
      return fromPaperCheck(spec, checkElectionPaper(spec.election, choice));
    case 'rating':
      return fromPaperCheck(spec, checkRatingPaper(spec.rating, choice));
  }
}

function checkMotionChoice(choice: unknown): ChoiceCheck {
  const option = (choice as { option?: unknown } | null)?.option;
  if (typeof option !== 'string' || !(MOTION_OPTIONS as readonly string[]).includes(option)) {
    return { ok: false, message: 'choice.option must be one of yes, no, abstain' };
  }
  return { ok: true, key: option };
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

function motionCountsOf(box: BallotBox): MotionCounts {
  const counts = emptyMotionCounts();
  for (const option of MOTION_OPTIONS) counts[option] = Object.hasOwn(box, option) ? (box[option] ?? 0) : 0;
  return counts;
}

/** Tallies a closed box by the ballot's kind. */
export function tallyBox(spec: BallotSpec, box: BallotBox): BallotTally {
  switch (spec.kind) {
    case 'motion':
    case 'list_vote':
      return { kind: spec.kind, counts: motionCountsOf(box) };
    case 'batch':
      return { kind: 'batch', tally: tallyBatchBox(spec.batch, box) };
    case 'slate':
      return { kind: 'slate', tally: tallySlateBox(spec.slate, box) };
    case 'election':
      return { kind: 'election', tally: tallyElectionBox(spec.election, box) };
    case 'rating':
      return { kind: 'rating', tally: tallyRatingBox(spec.rating, box) };
  }
}

/** Counts a closed ballot from its box. */
export function countBallot(spec: BallotSpec, box: BallotBox, context: BallotCountContext): BallotResult {
  return countTally(spec, tallyBox(spec, box), context);
}

/** Applies the ballot's rule to a tally (from the box or from manual entry). */
export function countTally(spec: BallotSpec, tally: BallotTally, context: BallotCountContext): BallotResult {
  if (tally.kind !== spec.kind) throw new Error(`a ${tally.kind} tally cannot count a ${spec.kind} ballot`);
  switch (spec.kind) {
    case 'motion': {
      const result = countMotion(motionCounts(tally), context.total, context.present, spec.settings);
      return withNotVoted(result, context.notVoted);
    }
    case 'list_vote': {
      const result = countListVote(spec.list.members, motionCounts(tally), context.total, context.present);
      return { ...result, motion: withNotVoted(result.motion, context.notVoted) };
    }
    case 'batch': {
      const batchTally = (tally as Extract<BallotTally, { kind: 'batch' }>).tally;
      const result = countBatch(spec.batch, batchTally, context);
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
    }
    case 'slate':
      return countSlate(spec.slate, (tally as Extract<BallotTally, { kind: 'slate' }>).tally, context);
    case 'election':
      return countElection(spec.election, (tally as Extract<BallotTally, { kind: 'election' }>).tally, context);
    case 'rating':
      return countRating(spec.rating, (tally as Extract<BallotTally, { kind: 'rating' }>).tally, context);
  }
}

function motionCounts(tally: BallotTally): MotionCounts {
  if (tally.kind !== 'motion' && tally.kind !== 'list_vote') throw new Error(`not a motion tally: ${tally.kind}`);
  return tally.counts;
}

function withNotVoted(result: MotionResult, notVoted: number | undefined): MotionResult {
  return notVoted === undefined ? result : { ...result, notVoted: Math.max(0, notVoted) };
}

export function papersInBox(box: BallotBox): number {
  let n = 0;
  for (const count of Object.values(box)) n += count;
  return n;
}

export { DEFAULT_MOTION_SETTINGS };
