import { countClosedBallot } from './ballot-count';
import { followUpDraft } from './ballots/follow-up';
import type { ElectionCandidate } from './ballots/election';
import { checkBallotSpec, checkChoice, methodOf, papersInBox, type BallotSpec, type FollowUpReason } from './ballots/kinds';
import { checkManualCounts, type ManualCounts } from './ballots/manual';
import { boxOf, onLeaveCount, presentCount, turnout } from './evolve';
import type { Actor, AttendanceStatus, MeetingEvent, MeetingSpec, MeetingState } from './meeting';
import { checkQuorum } from './quorum';
import type { DomainErrorCode } from './errors';
import { decideRequest, pairingApproved, requestChange, type GuardedChange } from './staff-requests';
import { decideAttachDocument, decideRevision, type AttachDocumentCommand } from './preparation/revision';
import { settingsOf } from './settings';
import { decideWallMode, type SetWallModeCommand } from './wall-mode';
import { decideSpeakingIn, type SpeakingCommand } from './speaking';
import {
  attendanceEvent,
  checkStaffAttendance,
  closingSittingEvents,
  currentSitting,
  decideSignIn,
  decideSitting,
  sittingBlocksBusiness,
  sittingStamp,
  type SittingCommand,
} from './sittings';
import { decideCountdown, type CountdownCommand } from './countdown';
import { decideConfirmVoid, requestVoid, type ConfirmVoidCommand } from './void-confirmation';
import { emptyRosterRefusal } from './preparation/roster-required';
import type { CommandContext, Decision } from './decision';
import { ballotIn, seatIn } from './vote-lookups';
import { mergedRecord } from './merged-record';
// Issue 9: defined in the leaf decision.ts (the feature modules this file imports name them too).
export type { CommandContext, Decision } from './decision';

export type MeetingCommand =
  | { type: 'IssuePairingCode'; seatId: string; codeHash: string }
  | { type: 'PairDevice'; codeHash: string; deviceId: string }
  | { type: 'SignIn'; seatId: string }
  /** `reason`: 请假 reason, or why staff sign a delegate in by hand (sittings.ts). */
  | { type: 'RecordAttendance'; seatId: string; status: AttendanceStatus; reason?: string | null }
  | { type: 'OpenSession' }
  /** A finished item is taken up again only with a reason on record (next-action.ts). */
  | { type: 'StartItem'; itemId: string; reopenReason?: string | null }
  /** Sittings and their rolls (sittings.ts). */
  | SittingCommand
  /** Countdown extend / pause / resume (countdown.ts). */
  | CountdownCommand
  /** A second presidium member confirms (or refuses) voiding a published result (void-confirmation.ts). */
  | ConfirmVoidCommand
  | { type: 'OpenBallot'; spec: BallotSpec; quorumOverrideReason: string | null }
  | { type: 'CloseBallot'; ballotId: string; reason: 'presidium' | 'deadline' }
  | { type: 'PublishResult'; ballotId: string }
  | { type: 'VoidBallot'; ballotId: string; reason: string }
  /**
   * A tie re-vote or further election built from a published result (R3.6, R3.7, R4.5).
   * `itemId` defaults to the source ballot's item; `candidates` nominates a further election afresh.
   */
  | {
      type: 'OpenFollowUp';
      sourceBallotId: string;
      reason: FollowUpReason;
      ballotId: string;
      itemId?: string;
      durationSec?: number | null;
      candidates?: ElectionCandidate[];
      quorumOverrideReason: string | null;
    }
  /** R2.4, R2.9, R2.10: enter (or correct, until published) the counts of a manual ballot; closes it if open. */
  | { type: 'EnterManualCount'; ballotId: string; counts: ManualCounts }
  /** A chair approves or rejects a change asked for while a ballot was open (staff-requests.ts). */
  | { type: 'DecideChangeRequest'; requestId: string; approve: boolean }
  /** What the results wall shows (wall-mode.ts). */
  | SetWallModeCommand
  /** Voids a seat's printed card: its unused code stops pairing (a new card is a new code). */
  | { type: 'RevokePairingCode'; seatId: string }
  /** Speaking requests and the floor (speaking.ts). */
  | SpeakingCommand
  /** The secretariat revises the prepared meeting (preparation/revision.ts). */
  | { type: 'ReviseMeeting'; spec: MeetingSpec }
  | AttachDocumentCommand
  | { type: 'CloseSession' };

const reject = (code: DomainErrorCode, message: string, details?: Record<string, unknown>): Decision =>
  details ? { ok: false, code, message, details } : { ok: false, code, message };
const accept = (...events: MeetingEvent[]): Decision => ({ ok: true, events });

function hasOpenBallot(state: MeetingState): string | null {
  for (const id of state.ballotOrder) if (state.ballots.get(id)?.status === 'open') return id;
  return null;
}

export function decide(state: MeetingState, command: MeetingCommand, ctx: CommandContext): Decision {
  const { actor, now } = ctx;
  switch (command.type) {
    case 'IssuePairingCode': {
      if (!state.seats.has(command.seatId)) return reject('UNKNOWN_SEAT', `no seat ${command.seatId}`);
      // Two-person rule: re-pairing a seat while a ballot is open needs a chair's approval.
      const open = hasOpenBallot(state);
      if (open) return requestChange(state.staffRequests, open, { kind: 'pairing', seatId: command.seatId, codeHash: command.codeHash }, ctx);
      return accept({ type: 'PairingCodeIssued', at: now, by: actor, seatId: command.seatId, codeHash: command.codeHash });
    }
    case 'PairDevice': {
      const seatId = state.openCodes.get(command.codeHash);
      if (seatId === undefined || !state.seats.has(seatId)) {
        return reject('PAIRING_CODE_INVALID', 'this pairing code is unknown or has already been used');
      }
      // Two-person rule: during an open ballot only a code a chair approved may pair a device.
      if (hasOpenBallot(state) && !pairingApproved(state.staffRequests, command.codeHash)) {
        return reject('CHAIR_APPROVAL_REQUIRED', '表决进行中，配对需经主席批准：请秘书处重新申请配对码 (a ballot is open: pairing needs a code the chair approved)');
      }
      return accept({
        type: 'DevicePaired',
        at: now,
        seatId,
        deviceId: command.deviceId,
        codeHash: command.codeHash,
      });
    }
    case 'SignIn':
      // The sitting's sign-in window, late marks (sittings.ts).
      return decideSignIn(state, command.seatId, ctx);
    case 'RecordAttendance': {
      const refused = checkStaffAttendance(state, command.seatId, command.status, command.reason ?? null);
      if (refused) return refused;
      const seat = state.seats.get(command.seatId);
      if (!seat) return reject('UNKNOWN_SEAT', `no seat ${command.seatId}`);
      if (seat.attendance === command.status) return accept();
      // Two-person rule: an attendance change while a ballot is open waits for a chair's approval.
      const open = hasOpenBallot(state);
      if (open) {
        const reason = command.reason?.trim() ?? '';
        const change = { kind: 'attendance' as const, seatId: command.seatId, status: command.status, ...(reason.length > 0 ? { reason } : {}) };
        return requestChange(state.staffRequests, open, change, ctx);
      }
      return accept(attendanceEvent(state, command.seatId, command.status, command.reason ?? null, ctx));
    }
    case 'StartSitting':
    case 'OpenSignIn':
    case 'CloseSignIn':
    case 'OpenSitting':
    case 'CloseSitting':
      if (command.type === 'StartSitting' || command.type === 'OpenSitting') {
        const empty = emptyRosterRefusal(state);
        if (empty) return empty;
      }
      return decideSitting(state, command, ctx);
    case 'ExtendCountdown':
    case 'PauseCountdown':
    case 'ResumeCountdown':
      return decideCountdown(state, command, ctx);
    case 'ConfirmVoid':
      return decideConfirmVoid(state, command, ctx);
    case 'DecideChangeRequest':
      return decideRequest(state.staffRequests, command.requestId, command.approve, ctx, (change, requestedBy) =>
        applyApprovedChange(state, change, requestedBy, now),
      );
    case 'OpenSession': {
      // A console-made meeting may still await its roster import (preparation/roster-required.ts).
      const empty = emptyRosterRefusal(state);
      if (empty) return empty;
      // Once a sitting is started, opening the session is that sitting's 宣布开会 (sittings.ts).
      if (currentSitting(state) && state.phase === 'prepared') return decideSitting(state, { type: 'OpenSitting' }, ctx);
      if (state.phase !== 'prepared') return reject('WRONG_PHASE', 'the session is already open or closed');
      const present = presentCount(state);
      const total = state.spec.delegates.length;
      const quorum = checkQuorum(state.spec.body.kind, present, total);
      // R1.5: opening a sitting below quorum is blocked, not merely warned.
      if (!quorum.met) {
        return reject('QUORUM_NOT_MET', `实到 ${present} of 应到 ${total}; at least ${quorum.required} must be present`, {
          present,
          total,
          required: quorum.required,
          onLeave: onLeaveCount(state),
        });
      }
      return accept({ type: 'SessionOpened', at: now, by: actor, total, present });
    }
    case 'StartItem': {
      if (state.phase !== 'in_session') return reject('WRONG_PHASE', 'the session is not open');
      if (!state.items.has(command.itemId)) return reject('UNKNOWN_ITEM', `no agenda item ${command.itemId}`);
      if (hasOpenBallot(state)) return reject('BALLOT_IN_PROGRESS', 'close the open ballot first');
      const notSitting = sittingBlocksBusiness(state);
      if (notSitting) return notSitting;
      if (state.currentItemId === command.itemId) return accept();
      // A finished item is not re-opened by one tap: the console confirms and asks why (on record).
      const reopenReason = command.reopenReason?.trim() ?? '';
      if (state.items.get(command.itemId) === 'done' && reopenReason.length === 0) {
        return reject('REASON_REQUIRED', '该议程已完成，重新开始须说明理由 (a finished item is re-opened only with a reason)');
      }
      return accept({
        type: 'ItemStarted',
        at: now,
        by: actor,
        itemId: command.itemId,
        ...(state.items.get(command.itemId) === 'done' ? { reopenReason } : {}),
      });
    }
    case 'OpenBallot': {
      const followUpOf = command.spec.followUpOf ?? null;
      // A follow-up is built from its source's result (OpenFollowUp); only its re-run may carry the link.
      if (followUpOf !== null) {
        const rerun = command.spec.rerunOf === null ? undefined : state.ballots.get(command.spec.rerunOf);
        const same = rerun?.spec.followUpOf;
        if (!same || same.ballotId !== followUpOf.ballotId || same.reason !== followUpOf.reason) {
          return reject('INVALID_BALLOT_SPEC', 'open a tie re-vote or further election with presidium:openFollowUp', {
            problems: ['followUpOf is set by openFollowUp, or copied from the voided ballot a re-run replaces'],
          });
        }
      }
      return decideOpenBallot(state, command.spec, command.quorumOverrideReason, ctx);
    }
    case 'OpenFollowUp':
      return decideOpenFollowUp(state, command, ctx);
    case 'ReviseMeeting':
      return decideRevision(state, command.spec, ctx);
    case 'AttachDocument':
      return decideAttachDocument(state, command, ctx);
    case 'SetWallMode':
      return decideWallMode(state, command, ctx);
    case 'RevokePairingCode': {
      const seat = state.seats.get(command.seatId);
      if (!seat) return reject('UNKNOWN_SEAT', `no seat ${command.seatId}`);
      // Nothing open to void (never issued, used, or already revoked): nothing to record.
      if (seat.openCodeHashes.length === 0) return accept();
      return accept({ type: 'PairingCodeRevoked', at: now, by: actor, seatId: command.seatId });
    }
    case 'RequestFloor':
    case 'WithdrawFloor':
    case 'GrantFloor':
    case 'SkipFloor':
    case 'EndFloor':
      return decideSpeakingIn(state, command, actor, now);
    case 'EnterManualCount':
      return decideManualCount(state, command.ballotId, command.counts, ctx);
    case 'CloseBallot': {
      const ballot = state.ballots.get(command.ballotId);
      if (!ballot) return reject('UNKNOWN_BALLOT', `no ballot ${command.ballotId}`);
      if (ballot.status !== 'open') return reject('BALLOT_NOT_OPEN', 'the ballot is not open');
      if (command.reason === 'deadline' && (ballot.deadline === null || now < ballot.deadline)) {
        return reject('DEADLINE_NOT_REACHED', 'the countdown has not ended');
      }
      return accept({
        type: 'BallotClosed',
        at: now,
        by: actor,
        ballotId: command.ballotId,
        reason: command.reason,
        present: presentCount(state),
      });
    }
    case 'PublishResult': {
      const ballot = state.ballots.get(command.ballotId);
      if (!ballot) return reject('UNKNOWN_BALLOT', `no ballot ${command.ballotId}`);
      if (ballot.status !== 'closed') {
        return reject('BALLOT_NOT_CLOSED', ballot.status === 'published' ? 'already published' : 'close the ballot first');
      }
      const box = boxOf(state, command.ballotId) ?? {};
      const registered = turnout(state, command.ballotId);
      // The register and the box are written together; a mismatch means the state is not fully read.
      if (papersInBox(box) !== registered) {
        return reject('COUNT_MISMATCH', `register has ${registered} voters but the box has ${papersInBox(box)} papers`);
      }
      if (methodOf(ballot.spec) === 'manual' && !ballot.manualCount) {
        return reject('MANUAL_COUNT_MISSING', '请先录入举手或纸质计票结果 (enter the manual count first)');
      }
      const result = countClosedBallot(state, command.ballotId);
      if (!result) return reject('BALLOT_NOT_CLOSED', 'close the ballot first');
      return accept({ type: 'ResultPublished', at: now, by: actor, ballotId: command.ballotId, result });
    }
    case 'VoidBallot': {
      const ballot = state.ballots.get(command.ballotId);
      if (!ballot) return reject('UNKNOWN_BALLOT', `no ballot ${command.ballotId}`);
      if (ballot.status === 'void') return reject('BALLOT_VOID', 'the ballot is already void');
      if (command.reason.trim().length === 0) return reject('REASON_REQUIRED', 'voiding a ballot needs a reason on record');
      // An announced result is taken back only by two presidium members (void-confirmation.ts).
      if (ballot.status === 'published') return requestVoid(ballot, command.ballotId, command.reason.trim(), ctx);
      return accept({ type: 'BallotVoided', at: now, by: actor, ballotId: command.ballotId, reason: command.reason.trim() });
    }
    case 'CloseSession': {
      if (state.phase !== 'in_session') return reject('WRONG_PHASE', 'the session is not open');
      if (hasOpenBallot(state)) return reject('BALLOT_IN_PROGRESS', 'close the open ballot first');
      // R2.8: every counted ballot is announced (or voided, on record) before the session ends.
      const unpublished = state.ballotOrder.find((id) => state.ballots.get(id)?.status === 'closed');
      if (unpublished) {
        return reject('RESULT_NOT_PUBLISHED', `ballot ${unpublished} is closed but not published: publish or void it first`, {
          ballotId: unpublished,
        });
      }
      // 闭会 also ends the sitting still open (sittings.ts).
      return accept(...closingSittingEvents(state, ctx), { type: 'SessionClosed', at: now, by: actor });
    }
  }
}

function decideOpenBallot(
  state: MeetingState,
  spec: BallotSpec,
  overrideReason: string | null,
  { actor, now }: CommandContext,
): Decision {
  if (state.phase !== 'in_session') return reject('WRONG_PHASE', 'the session is not open');
  const notSitting = sittingBlocksBusiness(state);
  if (notSitting) return notSitting;
  if (state.ballots.has(spec.ballotId)) return reject('DUPLICATE_BALLOT', `ballot ${spec.ballotId} already exists`);
  if (!state.items.has(spec.itemId)) return reject('UNKNOWN_ITEM', `no agenda item ${spec.itemId}`);
  if (state.currentItemId !== spec.itemId) return reject('ITEM_NOT_CURRENT', 'start the agenda item first');
  const open = hasOpenBallot(state);
  if (open) return reject('BALLOT_IN_PROGRESS', `ballot ${open} is still open`);
  const problems = checkBallotSpec(spec);
  if (problems.length > 0) return reject('INVALID_BALLOT_SPEC', problems.join('; '), { problems });
  if (spec.rerunOf !== null) {
    const original = state.ballots.get(spec.rerunOf);
    if (!original || original.status !== 'void') return reject('RERUN_NEEDS_VOID', 'only a voided ballot can be re-run');
    if (original.spec.kind !== spec.kind) {
      return reject('INVALID_BALLOT_SPEC', `a re-run of a ${original.spec.kind} ballot must be a ${original.spec.kind} ballot`, {
        problems: ['kind differs from the voided ballot'],
      });
    }
    // R2.9: one re-run per void, so the record never holds two rival re-votes.
    const earlier = state.ballotOrder.find((id) => state.ballots.get(id)?.spec.rerunOf === spec.rerunOf);
    if (earlier) return reject('ALREADY_RERUN', `ballot ${spec.rerunOf} was already re-run as ${earlier}`, { ballotId: earlier });
  }
  const present = presentCount(state);
  const quorum = checkQuorum(state.spec.body.kind, present, state.total);
  const reason = overrideReason?.trim() ?? '';
  // R1.5, R8: where the meeting's setting is 'block', no override opens a ballot below quorum.
  if (!quorum.met && settingsOf(state.spec).quorumAtBallotOpen === 'block') {
    return reject('QUORUM_NOT_MET', `实到 ${present} of 应到 ${state.total}; at least ${quorum.required} must be present`, {
      present,
      total: state.total,
      required: quorum.required,
      overridable: false,
    });
  }
  // R1.5: below quorum a ballot may open only with the presidium's recorded override.
  if (!quorum.met && reason.length === 0) {
    return reject('QUORUM_NOT_MET', `实到 ${present} of 应到 ${state.total}; at least ${quorum.required} must be present`, {
      present,
      total: state.total,
      required: quorum.required,
      overridable: true,
    });
  }
  return accept({
    type: 'BallotOpened',
    at: now,
    by: actor,
    spec,
    deadline: spec.durationSec === null ? null : now + spec.durationSec * 1000,
    present,
    quorumMet: quorum.met,
    quorumOverride: quorum.met ? null : { by: actor.name, reason },
    ...sittingStamp(state),
  });
}

function decideOpenFollowUp(
  state: MeetingState,
  command: Extract<MeetingCommand, { type: 'OpenFollowUp' }>,
  ctx: CommandContext,
): Decision {
  const source = state.ballots.get(command.sourceBallotId);
  if (!source) return reject('UNKNOWN_BALLOT', `no ballot ${command.sourceBallotId}`);
  if (source.status !== 'published' || !source.result) {
    return reject('FOLLOW_UP_NOT_POSSIBLE', 'a follow-up starts from a published result');
  }
  const earlier = state.ballotOrder.find((id) => {
    const b = state.ballots.get(id);
    return b?.spec.followUpOf?.ballotId === command.sourceBallotId && b.spec.followUpOf.reason === command.reason;
  });
  if (earlier) {
    return reject('FOLLOW_UP_NOT_POSSIBLE', `ballot ${earlier} already follows up this result (re-run it if it was voided)`, {
      ballotId: earlier,
    });
  }
  const built = followUpDraft(
    source.spec,
    source.result,
    command.reason,
    command.candidates ? { candidates: command.candidates } : {},
  );
  if (!built.ok) return reject('FOLLOW_UP_NOT_POSSIBLE', built.message);
  // One hidden class for every spec, which the vote path reads at every vote (merged-record.ts).
  const spec = mergedRecord(built.draft, command.durationSec !== undefined ? { durationSec: command.durationSec } : {}, {
    ballotId: command.ballotId,
    itemId: command.itemId ?? source.spec.itemId,
    rerunOf: null,
    followUpOf: { ballotId: command.sourceBallotId, reason: command.reason },
  }) as BallotSpec;
  return decideOpenBallot(state, spec, command.quorumOverrideReason, ctx);
}

function decideManualCount(state: MeetingState, ballotId: string, counts: ManualCounts, { actor, now }: CommandContext): Decision {
  const ballot = state.ballots.get(ballotId);
  if (!ballot) return reject('UNKNOWN_BALLOT', `no ballot ${ballotId}`);
  if (methodOf(ballot.spec) !== 'manual') {
    return reject('NOT_MANUAL', 'this is an electronic ballot: void it and re-run it with method manual (R2.9)');
  }
  if (ballot.status === 'published') return reject('BALLOT_NOT_CLOSED', 'already published');
  if (ballot.status === 'void') return reject('BALLOT_VOID', 'the ballot is void');
  const closing = ballot.status === 'open';
  const present = closing ? presentCount(state) : (ballot.presentAtClose ?? 0);
  const problems = checkManualCounts(ballot.spec, counts, present);
  if (problems.length > 0) return reject('MANUAL_COUNT_INVALID', problems.join('; '), { problems });
  const entered = { type: 'ManualCountEntered' as const, at: now, by: actor, ballotId, counts };
  if (!closing) return accept(entered);
  return accept({ type: 'BallotClosed', at: now, by: actor, ballotId, reason: 'presidium', present }, entered);
}

/** The events of a change a chair approved, under the requester's name (the decision names the chair). */
function applyApprovedChange(state: MeetingState, change: GuardedChange, by: Actor, now: number): Decision {
  const seat = state.seats.get(change.seatId);
  if (!seat) return reject('UNKNOWN_SEAT', `no seat ${change.seatId}`);
  if (change.kind === 'pairing') {
    return accept({ type: 'PairingCodeIssued', at: now, by, seatId: change.seatId, codeHash: change.codeHash });
  }
  if (state.phase === 'closed') return reject('SESSION_CLOSED', 'the session is closed');
  if (seat.attendance === change.status) return accept();
  return accept(attendanceEvent(state, change.seatId, change.status, change.reason ?? null, { actor: by, now }));
}

/**
 * An accepted paper: its box key, and the ballot's own id string from `state` (equal to the one
 * asked for). A vote's register entry keeps the ballot id for the meeting's life; the caller's
 * string, parsed from each vote's packet, would be one more object of 64 bytes per vote there
 * (docs/BENCHMARKS.md).
 */
export type CastCheck = { ok: true; choiceKey: string; ballotId: string } | { ok: false; code: DomainErrorCode; message: string };

/**
 * The part of a cast that can be checked against a node's cached state. The store re-checks
 * what must be atomic (ballot still open, deadline, not yet counted) in the same operation that
 * records the vote. `now` null leaves the countdown to the store's clock alone (a retry the
 * store must answer itself, cast-service.ts).
 */
export function checkCast(state: MeetingState, ballotId: string, seatId: string, choice: unknown, now: number | null): CastCheck {
  const ballot = ballotIn(state, ballotId);
  if (!ballot) return { ok: false, code: 'UNKNOWN_BALLOT', message: `no ballot ${ballotId}` };
  if (ballot.status !== 'open') return { ok: false, code: 'BALLOT_NOT_OPEN', message: 'the ballot is closed' };
  if (ballot.deadline !== null && now !== null && now >= ballot.deadline) {
    return { ok: false, code: 'BALLOT_NOT_OPEN', message: 'the countdown has ended' };
  }
  const seat = seatIn(state, seatId);
  if (!seat) return { ok: false, code: 'UNKNOWN_SEAT', message: `no seat ${seatId}` };
  if (seat.attendance !== 'present') return { ok: false, code: 'NOT_SIGNED_IN', message: 'sign in before voting' };
  if (methodOf(ballot.spec) === 'manual') {
    return { ok: false, code: 'MANUAL_BALLOT', message: '本次表决以举手或纸质计票进行 (this ballot is counted by hand; no tablet votes)' };
  }
  const check = checkChoice(ballot.spec, choice);
  if (!check.ok) return { ok: false, code: 'INVALID_CHOICE', message: check.message };
  return { ok: true, choiceKey: check.key, ballotId: ballot.spec.ballotId };
}
