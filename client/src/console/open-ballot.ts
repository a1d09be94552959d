import type { BallotDraft, BallotSpec, FollowUpOf } from '../../../shared/domain/ballots/kinds';
import type { ClientPayload } from '../lib/protocol';

export interface OpenExtras {
  itemId: string;
  quorumOverrideReason: string | null;
  rerunOf?: string | null;
  followUpOf?: FollowUpOf | null;
}

/**
 * The presidium:openBallot payload for a prepared ballot. A motion keeps the protocol's flat
 * fields (threshold, requireHalfParticipation); every other kind carries its draft as is.
 */
export function openBallotPayload(draft: BallotDraft, extras: OpenExtras): ClientPayload<'presidium:openBallot'> {
  const links = { rerunOf: extras.rerunOf ?? null, ...(extras.followUpOf ? { followUpOf: extras.followUpOf } : {}) };
  if (draft.kind === 'motion') {
    const { settings, ...rest } = draft;
    return {
      ...rest,
      ...links,
      itemId: extras.itemId,
      threshold: settings.threshold,
      requireHalfParticipation: settings.requireHalfParticipation,
      quorumOverrideReason: extras.quorumOverrideReason,
    } as ClientPayload<'presidium:openBallot'>;
  }
  return { ...draft, ...links, itemId: extras.itemId, quorumOverrideReason: extras.quorumOverrideReason } as ClientPayload<'presidium:openBallot'>;
}

/** A voided ballot's spec as a draft again, to re-run it unchanged (R2.9). */
export function draftOfSpec(spec: BallotSpec): BallotDraft {
  const { ballotId: _id, itemId: _item, rerunOf: _rerun, followUpOf: _followUp, ...draft } = spec;
  return draft as BallotDraft;
}
