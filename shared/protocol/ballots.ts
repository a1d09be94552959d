/**
 * Wire shapes of the ballot kinds (issue 3): prepared drafts, the openBallot payload, ballot
 * papers, manual counts and follow-ups. Shapes only: the domain (checkBallotSpec, checkChoice,
 * checkManualCounts) then checks them against the rules and the ballot. docs/PROTOCOL.md has an
 * example of every payload.
 */
import { z } from 'zod';
import { MOTION_OPTIONS } from '../domain/ballots/motion';
import { MAX_SLATE_YEAR, MIN_SLATE_YEAR } from '../domain/ballots/slate';
import { IdSchema, text } from './ids';

const count = z.number().int().min(0).max(1_000_000);
const name = text(40);
const MAX_ENTRIES = 200;

export const SecrecySchema = z.enum(['anonymous', 'named']);
export const PressRuleSchema = z.enum(['first_final', 'last_counts']);
export const BallotMethodSchema = z.enum(['electronic', 'manual']);
export const DurationSchema = z.number().int().min(10).max(3600).nullable();

export const MotionSettingsSchema = z
  .object({
    threshold: z.enum(['majority_of_all', 'two_thirds_of_all']).default('majority_of_all'),
    requireHalfParticipation: z.boolean().default(false),
  })
  .strict();

export const BatchSpecSchema = z
  .object({
    items: z.array(z.object({ itemId: IdSchema, title: text(200) }).strict()).min(1).max(MAX_ENTRIES),
    settings: z
      .object({ motion: MotionSettingsSchema.prefault({}), combined: z.boolean().default(false) })
      .strict()
      .prefault({}),
  })
  .strict();

export const SlateSpecSchema = z
  .object({
    places: z.number().int().min(1).max(MAX_ENTRIES),
    projects: z
      .array(
        z
          .object({
            projectId: IdSchema,
            title: text(200),
            sponsorUnit: z.string().trim().max(100).default(''),
            budgetFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().default(null),
            summary: z.string().trim().max(1000).default(''),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_ENTRIES),
    settings: z
      .object({
        form: z.enum(['per_project', 'choose_up_to_k']).default('per_project'),
        rule: z.enum(['top_k_with_majority', 'top_k_only']).default('top_k_with_majority'),
        capYesAtPlaces: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** The year the projects are for; absent → the vote date's year in Beijing (R4.7). */
    year: z.number().int().min(MIN_SLATE_YEAR).max(MAX_SLATE_YEAR).optional(),
  })
  .strict();

export const ElectionSpecSchema = z
  .object({
    post: text(100),
    postType: z.enum(['head', 'deputy', 'committee', 'other']),
    seats: z.number().int().min(1).max(MAX_ENTRIES),
    candidates: z
      .array(z.object({ candidateId: IdSchema, name, post: text(100).optional(), bio: text(500).optional() }).strict())
      .max(MAX_ENTRIES),
    tellers: z
      .object({ chief: name.nullable().default(null), members: z.array(name).max(50).default([]) })
      .strict()
      .prefault({}),
    settings: z
      .object({
        ballotType: z.enum(['congress', 'direct_election']).default('congress'),
        round: z.enum(['first', 'further', 'tie_revote']).default('first'),
        byElection: z.boolean().default(false),
        allowWriteIns: z.boolean().default(true),
        marginOverride: z
          .object({ min: z.number().int().min(0), max: z.number().int().min(0).nullable() })
          .strict()
          .nullable()
          .default(null),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const RatingSpecSchema = z
  .object({
    subjects: z
      .array(
        z
          .object({
            subjectId: IdSchema,
            name: text(200),
            kind: z.enum(['appointee', 'department', 'project', 'suggestion_reply']),
            projectId: IdSchema.optional(),
            post: text(200).optional().describe('the post or unit shown beside the name (述职测评)'),
            unit: text(200).optional().describe('工作单位 (preparation)'),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_ENTRIES),
    settings: z
      .object({
        base: z.enum(['valid_ballots', 'all_members']).default('valid_ballots'),
        boundary: z.enum(['strict', 'inclusive']).default('strict'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const ListSpecSchema = z.object({ members: z.array(name).min(1).max(MAX_ENTRIES) }).strict();

/** Fields every ballot draft has. election and rating must stay anonymous (checked by the domain). */
const draftBase = {
  title: text(200),
  secrecy: SecrecySchema.default('anonymous'),
  durationSec: DurationSchema.default(null),
  method: BallotMethodSchema.default('electronic'),
};

export const MotionDraftSchema = z
  .object({ ...draftBase, kind: z.literal('motion'), settings: MotionSettingsSchema.prefault({}), pressRule: PressRuleSchema.optional() })
  .strict();
export const BatchDraftSchema = z
  .object({ ...draftBase, kind: z.literal('batch'), batch: BatchSpecSchema, pressRule: PressRuleSchema.optional() })
  .strict();
export const SlateDraftSchema = z.object({ ...draftBase, kind: z.literal('slate'), slate: SlateSpecSchema }).strict();
export const ElectionDraftSchema = z.object({ ...draftBase, kind: z.literal('election'), election: ElectionSpecSchema }).strict();
export const ListVoteDraftSchema = z.object({ ...draftBase, kind: z.literal('list_vote'), list: ListSpecSchema }).strict();
export const RatingDraftSchema = z.object({ ...draftBase, kind: z.literal('rating'), rating: RatingSpecSchema }).strict();

/** A ballot the secretariat prepares on an agenda item (AgendaItemSpec.ballot). */
export const BallotDraftSchema = z.discriminatedUnion('kind', [
  MotionDraftSchema,
  BatchDraftSchema,
  SlateDraftSchema,
  ElectionDraftSchema,
  ListVoteDraftSchema,
  RatingDraftSchema,
]);

/** What every openBallot payload carries besides the draft. */
const openFields = {
  itemId: IdSchema,
  ballotId: IdSchema.optional(),
  rerunOf: IdSchema.nullable().default(null),
  /** Only on the re-run of a voided follow-up: copied from it. */
  followUpOf: z
    .object({ ballotId: IdSchema, reason: z.enum(['tie_revote', 'further_election']) })
    .strict()
    .nullable()
    .default(null),
  quorumOverrideReason: text(500).nullable().default(null),
};

/**
 * presidium:openBallot. A motion keeps its flat fields (threshold, requireHalfParticipation) so
 * the first clients keep working; `kind` defaults to 'motion'. Other kinds carry their draft.
 */
export const OpenBallotSchema = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && !('kind' in value)
      ? { ...value, kind: 'motion' }
      : value,
  z.discriminatedUnion('kind', [
    z
      .object({
        ...draftBase,
        ...openFields,
        kind: z.literal('motion'),
        threshold: z.enum(['majority_of_all', 'two_thirds_of_all']).default('majority_of_all'),
        requireHalfParticipation: z.boolean().default(false),
        pressRule: PressRuleSchema.optional(),
      })
      .strict(),
    BatchDraftSchema.extend(openFields),
    SlateDraftSchema.extend(openFields),
    ElectionDraftSchema.extend(openFields),
    ListVoteDraftSchema.extend(openFields),
    RatingDraftSchema.extend(openFields),
  ]),
);

const motionOption = z.enum(MOTION_OPTIONS);
const marks = <O extends z.ZodType>(option: O) =>
  z.record(IdSchema, option).refine((r) => Object.keys(r).length <= MAX_ENTRIES, `at most ${MAX_ENTRIES} marks`);

/**
 * The paper in ballot:cast, by kind: motion/list_vote {option}; batch {marks}|{combined};
 * slate {marks}|{chosen}; election {marks, writeIns?}; rating {marks}. The server then checks
 * it against the open ballot (checkChoice) and refuses a paper that would be void.
 */
export const ChoiceSchema = z.union([
  z.object({ option: motionOption }).strict(),
  z.object({ combined: motionOption.nullable() }).strict(),
  z.object({ chosen: z.array(IdSchema).max(MAX_ENTRIES) }).strict(),
  z.object({ marks: marks(motionOption), writeIns: z.record(IdSchema, name).optional() }).strict(),
  z.object({ marks: marks(z.enum(['satisfied', 'basically_satisfied', 'unsatisfied'])) }).strict(),
]);

const hand = { yes: count, no: count, abstain: count };
const paperTotals = { issued: count.optional(), returned: count, void: count };

/** presidium:enterManualCount counts, by kind (R2.4, R2.9, R2.10). */
export const ManualCountsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('motion'), ...hand }).strict(),
  z.object({ kind: z.literal('list_vote'), ...hand }).strict(),
  z.object({ kind: z.literal('batch'), items: z.array(z.object({ itemId: IdSchema, ...hand }).strict()).max(MAX_ENTRIES) }).strict(),
  z
    .object({ kind: z.literal('slate'), ...paperTotals, projects: z.array(z.object({ projectId: IdSchema, ...hand }).strict()).max(MAX_ENTRIES) })
    .strict(),
  z
    .object({
      kind: z.literal('election'),
      ...paperTotals,
      candidates: z.array(z.object({ candidateId: IdSchema, ...hand }).strict()).max(MAX_ENTRIES),
      writeIns: z.array(z.object({ name, votes: count }).strict()).max(MAX_ENTRIES).default([]),
    })
    .strict(),
  z
    .object({
      kind: z.literal('rating'),
      ...paperTotals,
      subjects: z
        .array(
          z.object({ subjectId: IdSchema, satisfied: count, basically_satisfied: count, unsatisfied: count }).strict(),
        )
        .max(MAX_ENTRIES),
    })
    .strict(),
]);

/** presidium:openFollowUp: a tie re-vote or a further election from a published result. */
export const OpenFollowUpSchema = z
  .object({
    sourceBallotId: IdSchema,
    reason: z.enum(['tie_revote', 'further_election']),
    ballotId: IdSchema.optional(),
    itemId: IdSchema.optional(),
    durationSec: DurationSchema.optional(),
    /** further_election only: nominate afresh instead of the first round's vote order. */
    candidates: z.array(z.object({ candidateId: IdSchema, name }).strict()).min(1).max(MAX_ENTRIES).optional(),
    quorumOverrideReason: text(500).nullable().default(null),
  })
  .strict();

/** presidium:openPrepared: opens the ballot prepared on the agenda item, in one click. */
export const OpenPreparedSchema = z
  .object({
    itemId: IdSchema,
    ballotId: IdSchema.optional(),
    /** Overrides the draft's countdown. */
    durationSec: DurationSchema.optional(),
    /** Overrides the draft's method, e.g. 'manual' when the keypads have failed (R2.9). */
    method: BallotMethodSchema.optional(),
    /** Re-runs a voided ballot of this item with the prepared draft. */
    rerunOf: IdSchema.nullable().default(null),
    quorumOverrideReason: text(500).nullable().default(null),
  })
  .strict();
