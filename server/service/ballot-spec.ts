import { randomUUID } from 'node:crypto';
import type { BallotDraft, BallotSpec } from '../../shared/domain/ballots/kinds';
import type { MeetingState } from '../../shared/domain/meeting';
import { mergedRecord } from '../../shared/domain/merged-record';
import type { ParsedClientPayload } from '../../shared/protocol/socket';

export function newBallotId(): string {
  return `ballot-${randomUUID()}`;
}

/**
 * The ballot spec an openBallot payload asks for; the domain then checks it (checkBallotSpec).
 * Merged with mergedRecord, not spreads: one hidden class for every spec, which the vote path
 * reads at every vote (merged-record.ts).
 */
export function ballotSpecFrom(payload: ParsedClientPayload<'presidium:openBallot'>): BallotSpec {
  const { ballotId, itemId, rerunOf, followUpOf, quorumOverrideReason: _reason, ...rest } = payload;
  const ids = { ballotId: ballotId ?? newBallotId(), itemId, rerunOf, followUpOf };
  if (rest.kind === 'motion') {
    const { threshold, requireHalfParticipation, ...motion } = rest;
    return mergedRecord(motion, ids, { settings: { threshold, requireHalfParticipation } });
  }
  const spec: BallotSpec = mergedRecord(rest, ids);
  return spec;
}

export type PreparedSpec = { ok: true; spec: BallotSpec } | { ok: false; message: string };

/** The ballot prepared on an agenda item, with the presidium's overrides. */
export function preparedSpecFrom(state: MeetingState, payload: ParsedClientPayload<'presidium:openPrepared'>): PreparedSpec {
  const item = state.spec.agenda.find((a) => a.itemId === payload.itemId);
  if (!item) return { ok: false, message: `no agenda item ${payload.itemId}` };
  if (!item.ballot) return { ok: false, message: `agenda item ${payload.itemId} has no prepared ballot` };
  const draft: BallotDraft = {
    ...item.ballot,
    ...(payload.durationSec !== undefined ? { durationSec: payload.durationSec } : {}),
    ...(payload.method !== undefined ? { method: payload.method } : {}),
  };
  return {
    ok: true,
    spec: mergedRecord(draft, { ballotId: payload.ballotId ?? newBallotId(), itemId: item.itemId, rerunOf: payload.rerunOf, followUpOf: null }),
  };
}
