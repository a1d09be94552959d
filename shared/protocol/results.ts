/**
 * The published result of every ballot kind (`BallotView.result`, `ConsoleBallotView.pendingResult`,
 * `results.json`), as zod schemas. The domain computes results as plain TypeScript values
 * (shared/domain/ballots/*); these schemas describe them for clients and for the generated part of
 * docs/PROTOCOL.md. Two checks keep them true: the type assertions at the end of this file (the
 * compiler), and tests/protocol/result-schemas.test.ts, which validates real results of every
 * kind and every outcome against them. Objects are strict: a field the domain adds and this file
 * does not know fails that test.
 */
import { z } from 'zod';
import type { BatchResult } from '../domain/ballots/batch';
import type { ElectionResult } from '../domain/ballots/election';
import type { BallotResult } from '../domain/ballots/kinds';
import type { ListVoteResult } from '../domain/ballots/list-vote';
import type { MotionResult } from '../domain/ballots/motion';
import type { RatingResult } from '../domain/ballots/rating';
import type { SlateResult } from '../domain/ballots/slate';

const count = z.number().int().min(0);
const rank = z.number().int().min(1).describe('competition rank by 赞成 (1, 2, 2, 4)');

export const MotionResultSchema = z
  .strictObject({
    kind: z.literal('motion'),
    total: count.describe('应到: all seats, the base of the pass rule (R0.2)'),
    present: count.describe('实到 when the ballot closed'),
    voted: count.describe('参加表决 = yes + no + abstain'),
    yes: count,
    no: count,
    abstain: count,
    notVoted: count.describe('未表决: present at close and did not vote (R2.6); never an option'),
    outcome: z
      .enum(['passed', 'failed', 'invalid'])
      .describe('passed: yes ≥ rule.requiredYes; invalid: requireHalfParticipation and voted < rule.requiredVoters (R2.3); else failed'),
    rule: z.strictObject({
      threshold: z.enum(['majority_of_all', 'two_thirds_of_all']),
      requiredYes: count.describe('fewest 赞成 that pass: > ½ or ≥ ⅔ of total (R0.1, R2.2)'),
      requireHalfParticipation: z.boolean(),
      requiredVoters: count.nullable().describe('fewest voters for a valid vote when R2.3 applies, else null'),
    }),
  })
  .describe('motion: one 赞成/反对/弃权 question (R2.1, R2.2)');

export const ListVoteResultSchema = z
  .strictObject({
    kind: z.literal('list_vote'),
    members: z.array(z.string()).describe('the names on the list, in printed order'),
    motion: MotionResultSchema.describe('the list decided as one motion, > ½ of all (R3.10)'),
    elected: z.array(z.string()).describe('every member when motion.outcome is passed, else empty'),
  })
  .describe('list_vote: one vote on a whole list (R3.10)');

export const BatchResultSchema = z
  .strictObject({
    kind: z.literal('batch'),
    combined: z.boolean().describe('合并表决: one mark applied to every item (R2.7)'),
    total: count,
    present: count,
    returned: count.describe('papers in the box'),
    valid: count,
    void: count.describe('unreadable papers (only a manual entry can produce them)'),
    items: z.array(
      z.strictObject({
        itemId: z.string(),
        title: z.string(),
        blank: count.describe('hands not raised in a manual count (in motion.notVoted); 0 for papers, where unmarked is 弃权 (R4.3)'),
        motion: MotionResultSchema.describe('the item decided by the motion rule over all seats'),
      }),
    ),
  })
  .describe('batch: items such as appointments, each decided on its own (R2.7)');

const voidReasons = <R extends string>(reasons: readonly [R, ...R[]]) =>
  z.strictObject(Object.fromEntries(reasons.map((r) => [r, count])) as Record<R, typeof count>);

export const SlateResultSchema = z
  .strictObject({
    kind: z.literal('slate'),
    form: z.enum(['per_project', 'choose_up_to_k']),
    rule: z.enum(['top_k_with_majority', 'top_k_only']),
    places: count.describe('K: how many projects the year takes'),
    total: count,
    present: count,
    issued: count.describe('发出: present at close (plus voters who left), or entered by hand'),
    returned: count.describe('收回'),
    valid: count,
    void: count,
    voidReasons: voidReasons(['over_cap', 'unreadable', 'paper_count']),
    validity: z.enum(['valid', 'returned_exceeds_issued']).describe('R4.6 = R3.4: more returned than issued voids the vote'),
    outcome: z
      .enum(['invalid', 'filled', 'tie_revote', 'places_open'])
      .describe('invalid: returned > issued, nothing counted; filled: all K places decided; tie_revote: a tie at the cut-off, see tieRevote; places_open: too few projects qualified, see openPlaces'),
    requiredYes: count.describe('fewest 赞成 that qualify: > ½ of total (top_k_with_majority) or 1 (top_k_only)'),
    projects: z
      .array(
        z.strictObject({
          projectId: z.string(),
          title: z.string(),
          sponsorUnit: z.string(),
          budgetFen: z.number().int().min(0).nullable(),
          summary: z.string(),
          yes: count,
          no: count,
          abstain: count,
          blank: count.describe('choose form: valid papers that did not choose it; per-project papers count unmarked as 弃权 (R4.3)'),
          rank,
          qualified: z.boolean(),
          adopted: z.boolean(),
          tied: z.boolean(),
        }),
      )
      .describe('every project in ballot order (R4.6); empty when invalid'),
    adopted: z.array(z.string()).describe('adopted projectIds, most 赞成 first'),
    decidedPlaces: count.describe('= adopted.length'),
    tieRevote: z
      .strictObject({ projectIds: z.array(z.string()), places: count })
      .nullable()
      .describe('the tied projects and the places left for them (R4.5); null unless outcome is tie_revote'),
    openPlaces: count.describe('places left unfilled because too few qualified (R4.5)'),
    warnings: z.array(z.strictObject({ code: z.literal('CANDIDATES_NOT_MORE_THAN_PLACES'), message: z.string() })),
  })
  .describe('slate: the year’s livelihood projects (民生实事项目票决, R4)');

const electedFields = { rank, qualified: z.boolean(), elected: z.boolean(), tied: z.boolean() };

export const ElectionResultSchema = z
  .strictObject({
    kind: z.literal('election'),
    post: z.string(),
    postType: z.enum(['head', 'deputy', 'committee', 'other']),
    seats: count,
    total: count,
    present: count,
    issued: count,
    returned: count,
    valid: count,
    void: count,
    voidReasons: voidReasons([
      'over_seats',
      'write_in_with_abstain',
      'write_in_with_yes',
      'duplicate_write_in',
      'write_in_names_candidate',
      'unreadable',
      'paper_count',
    ]),
    validity: z
      .enum(['valid', 'returned_exceeds_issued', 'turnout_not_more_than_half'])
      .describe('returned_exceeds_issued: R3.4; turnout_not_more_than_half: direct elections only (XJF 第四十五条)'),
    outcome: z
      .enum(['invalid', 'filled', 'tie_revote', 'seats_open'])
      .describe('invalid: validity is not valid, nothing counted, the presidium orders a new vote; filled: every seat elected; tie_revote: a tie at the cut-off (R3.6), see tieRevote; seats_open: too few qualified (R3.7), see openSeats'),
    rule: z.strictObject({
      ballotType: z.enum(['congress', 'direct_election']),
      round: z.enum(['first', 'further', 'tie_revote']),
      basis: z.enum(['more_than_half_of_all', 'more_than_half_of_voters', 'most_votes_with_one_third', 'most_votes']),
      requiredVotes: count.describe('fewest votes that qualify'),
    }),
    contest: z.enum(['equal', 'competitive', 'short']).describe('等额 / 差额 / fewer candidates than seats'),
    warnings: z
      .array(
        z.strictObject({
          code: z.enum(['FEWER_CANDIDATES_THAN_SEATS', 'MARGIN_BELOW_MINIMUM', 'MARGIN_ABOVE_MAXIMUM', 'NO_WHOLE_MARGIN']),
          message: z.string(),
        }),
      )
      .describe('R3.9 差额 margin warnings; never blocking'),
    candidates: z
      .array(z.strictObject({ candidateId: z.string(), name: z.string(), yes: count, no: count, abstain: count, ...electedFields }))
      .describe('every candidate in ballot order (R3.12); empty when invalid'),
    writeIns: z
      .array(z.strictObject({ name: z.string(), votes: count, ...electedFields }))
      .describe('written-in people, most votes first; empty when invalid'),
    elected: z
      .array(z.strictObject({ candidateId: z.string().nullable().describe('null for a written-in person'), name: z.string(), votes: count }))
      .describe('most votes first'),
    tieRevote: z
      .strictObject({ candidateIds: z.array(z.string()), writeInNames: z.array(z.string()), seats: count })
      .nullable()
      .describe('the tied people and the seats left for them (R3.6); null unless outcome is tie_revote'),
    openSeats: count.describe('seats for 另行选举 (R3.7)'),
    tellers: z.strictObject({ chief: z.string().nullable(), members: z.array(z.string()) }),
  })
  .describe('election: candidates for seats, secret ballot, write-ins (R3)');

const rateSchema = z
  .strictObject({
    numerator: count,
    denominator: count,
    percent: z
      .string()
      .regex(/^\d+\.\d%$/)
      .nullable()
      .describe('one decimal, rounded half up in integer arithmetic ("83.3%"); null when the denominator is 0'),
  })
  .describe('an exact rate: numerator / denominator');

export const RatingResultSchema = z
  .strictObject({
    kind: z.literal('rating'),
    settings: z.strictObject({ base: z.enum(['valid_ballots', 'all_members']), boundary: z.enum(['strict', 'inclusive']) }),
    total: count,
    present: count,
    quorum: z
      .strictObject({ met: z.boolean(), required: count, rule: z.enum(['two_thirds_of_all', 'more_than_half_of_all']) })
      .describe('the body’s quorum at close, part of the record (R5.3)'),
    returned: count,
    valid: count,
    void: count,
    subjects: z.array(
      z.strictObject({
        subjectId: z.string(),
        name: z.string(),
        kind: z.enum(['appointee', 'department', 'project', 'suggestion_reply']),
        projectId: z.string().optional().describe('kind project: the projectId from the year’s slate (R4.8)'),
        post: z.string().optional().describe('the post or unit shown beside the name'),
        satisfied: count,
        basically_satisfied: count,
        unsatisfied: count,
        blank: count,
        validPapers: count,
        satisfiedRate: rateSchema.describe('满意率 = satisfied / validPapers (R5.4)'),
        satisfiedOrBasicRate: rateSchema.describe('满意+基本满意率 = (satisfied + basically_satisfied) / validPapers'),
        tier: z
          .enum(['satisfied', 'basically_satisfied', 'unsatisfied'])
          .nullable()
          .describe('R5.4 tier by settings.base and settings.boundary; null when nobody marked the subject'),
        followUp: z.boolean().describe('tier is unsatisfied: flag a follow-up item (R5.5); nothing happens to anyone'),
      }),
    ),
  })
  .describe('rating: 满意度测评 of appointees, departments, projects, replies (R5)');

export const BallotResultSchema = z.discriminatedUnion('kind', [
  MotionResultSchema,
  BatchResultSchema,
  SlateResultSchema,
  ElectionResultSchema,
  ListVoteResultSchema,
  RatingResultSchema,
]);

/** Result schemas by kind, in the order the protocol page lists them. */
export const RESULT_SCHEMAS = {
  motion: MotionResultSchema,
  list_vote: ListVoteResultSchema,
  batch: BatchResultSchema,
  slate: SlateResultSchema,
  election: ElectionResultSchema,
  rating: RatingResultSchema,
} as const;

// The compiler holds each schema to the domain's type, both ways: a field added, dropped or
// retyped on either side stops the build.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: {
  motion: Same<z.output<typeof MotionResultSchema>, MotionResult>;
  listVote: Same<z.output<typeof ListVoteResultSchema>, ListVoteResult>;
  batch: Same<z.output<typeof BatchResultSchema>, BatchResult>;
  slate: Same<z.output<typeof SlateResultSchema>, SlateResult>;
  election: Same<z.output<typeof ElectionResultSchema>, ElectionResult>;
  rating: Same<z.output<typeof RatingResultSchema>, RatingResult>;
  any: Same<z.output<typeof BallotResultSchema>, BallotResult>;
} = { motion: true, listVote: true, batch: true, slate: true, election: true, rating: true, any: true };
void sameTypes;
