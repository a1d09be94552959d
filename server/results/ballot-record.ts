/**
 * The facts the results module prints, read from a meeting's state (the fold of its log). Only
 * published and voided ballots have a record: a result reaches paper only once the chair has
 * announced it (R2.8), and a voided ballot stays on record marked void (R2.9).
 */
import { methodOf } from '../../shared/domain/ballots/kinds';
import { turnout } from '../../shared/domain/evolve';
import type { MeetingState } from '../../shared/domain/meeting';
import type { BallotRecord } from './sheet-model';
import { personLabel } from '../actor';

export type RecordLookup =
  | { ok: true; record: BallotRecord }
  | { ok: false; reason: 'unknown' | 'not_published'; status?: string };

export function ballotRecord(state: MeetingState, ballotId: string): RecordLookup {
  const ballot = state.ballots.get(ballotId);
  if (!ballot) return { ok: false, reason: 'unknown' };
  if (ballot.status !== 'published' && ballot.status !== 'void') {
    return { ok: false, reason: 'not_published', status: ballot.status };
  }
  const spec = ballot.spec;
  const method = methodOf(spec);
  const later = state.ballotOrder.flatMap((id) => state.ballots.get(id) ?? []);
  return {
    ok: true,
    record: {
      meetingId: state.spec.meetingId,
      bodyName: state.spec.body.name,
      bodyKind: state.spec.body.kind,
      sessionTitle: state.spec.title,
      seq: state.ballotOrder.indexOf(ballotId) + 1,
      ballotId,
      itemTitle: state.spec.agenda.find((item) => item.itemId === spec.itemId)?.title ?? spec.itemId,
      title: spec.title,
      kind: spec.kind,
      secrecy: spec.secrecy,
      method,
      // The person who entered the counts, with the role used (staff accounts, server/actor.ts).
      enteredBy: method === 'manual' && ballot.manualCount ? personLabel(ballot.manualCount.by) : null,
      status: ballot.status,
      openedAt: ballot.openedAt,
      closedAt: ballot.closedAt,
      presentAtOpen: ballot.presentAtOpen,
      quorumMet: ballot.quorumMet,
      quorumOverride: ballot.quorumOverride,
      rerunOf: spec.rerunOf,
      rerunBy: later.find((b) => b.spec.rerunOf === ballotId)?.spec.ballotId ?? null,
      followUpOf: spec.followUpOf ?? null,
      followedBy: later.flatMap((b) =>
        b.spec.followUpOf?.ballotId === ballotId ? [{ ballotId: b.spec.ballotId, reason: b.spec.followUpOf.reason }] : [],
      ),
      voidReason: ballot.voidReason,
      papers: turnout(state, ballotId),
      result: ballot.result,
      slateCapYes: spec.kind === 'slate' ? spec.slate.settings.capYesAtPlaces : null,
      slateYear: spec.kind === 'slate' ? (spec.slate.year ?? null) : null,
    },
  };
}

/** Every published or voided ballot, in opening order. */
export function ballotRecords(state: MeetingState): BallotRecord[] {
  return state.ballotOrder.flatMap((id) => {
    const found = ballotRecord(state, id);
    return found.ok ? [found.record] : [];
  });
}
