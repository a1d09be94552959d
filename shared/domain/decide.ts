import { checkChoice, countBallot, papersInBox, type BallotSpec } from './ballots/kinds';
import { onLeaveCount, presentCount } from './evolve';
import type { Actor, AttendanceStatus, MeetingEvent, MeetingState } from './meeting';
import { checkQuorum } from './quorum';
import type { DomainErrorCode } from './errors';

/** Every command carries who asked and the server's clock (R: server time rules). */
export interface CommandContext {
  actor: Actor;
  now: number;
}

export type MeetingCommand =
  | { type: 'IssuePairingCode'; seatId: string; codeHash: string }
  | { type: 'PairDevice'; codeHash: string; deviceId: string }
  | { type: 'SignIn'; seatId: string }
  | { type: 'RecordAttendance'; seatId: string; status: AttendanceStatus }
  | { type: 'OpenSession' }
  | { type: 'StartItem'; itemId: string }
  | { type: 'OpenBallot'; spec: BallotSpec; quorumOverrideReason: string | null }
  | { type: 'CloseBallot'; ballotId: string; reason: 'presidium' | 'deadline' }
  | { type: 'PublishResult'; ballotId: string }
  | { type: 'VoidBallot'; ballotId: string; reason: string }
  | { type: 'CloseSession' };

export type Decision =
  | { ok: true; events: MeetingEvent[] }
  | { ok: false; code: DomainErrorCode; message: string; details?: Record<string, unknown> };

const reject = (code: DomainErrorCode, message: string, details?: Record<string, unknown>): Decision =>
  details ? { ok: false, code, message, details } : { ok: false, code, message };
const accept = (...events: MeetingEvent[]): Decision => ({ ok: true, events });

function hasOpenBallot(state: MeetingState): string | null {
  for (const id of state.ballotOrder) if (state.ballots[id]?.status === 'open') return id;
  return null;
}

export function decide(state: MeetingState, command: MeetingCommand, ctx: CommandContext): Decision {
  const { actor, now } = ctx;
  switch (command.type) {
    case 'IssuePairingCode': {
      if (!state.seats[command.seatId]) return reject('UNKNOWN_SEAT', `no seat ${command.seatId}`);
      return accept({ type: 'PairingCodeIssued', at: now, by: actor, seatId: command.seatId, codeHash: command.codeHash });
    }
    case 'PairDevice': {
      const seat = Object.values(state.seats).find((s) => s.openCodeHashes.includes(command.codeHash));
      if (!seat) return reject('PAIRING_CODE_INVALID', 'this pairing code is unknown or has already been used');
      return accept({
        type: 'DevicePaired',
        at: now,
        seatId: seat.delegate.seatId,
        deviceId: command.deviceId,
        codeHash: command.codeHash,
      });
    }
    case 'SignIn': {
      const seat = state.seats[command.seatId];
      if (!seat) return reject('UNKNOWN_SEAT', `no seat ${command.seatId}`);
      if (state.phase === 'closed') return reject('SESSION_CLOSED', 'the session is closed');
      if (seat.attendance === 'present') return accept();
      return accept({ type: 'AttendanceRecorded', at: now, by: actor, seatId: command.seatId, status: 'present' });
    }
    case 'RecordAttendance': {
      const seat = state.seats[command.seatId];
      if (!seat) return reject('UNKNOWN_SEAT', `no seat ${command.seatId}`);
      if (state.phase === 'closed') return reject('SESSION_CLOSED', 'the session is closed');
      if (seat.attendance === command.status) return accept();
      return accept({ type: 'AttendanceRecorded', at: now, by: actor, seatId: command.seatId, status: command.status });
    }
    case 'OpenSession': {
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
      if (!(command.itemId in state.items)) return reject('UNKNOWN_ITEM', `no agenda item ${command.itemId}`);
      if (hasOpenBallot(state)) return reject('BALLOT_IN_PROGRESS', 'close the open ballot first');
      if (state.currentItemId === command.itemId) return accept();
      return accept({ type: 'ItemStarted', at: now, by: actor, itemId: command.itemId });
    }
    case 'OpenBallot':
      return decideOpenBallot(state, command.spec, command.quorumOverrideReason, ctx);
    case 'CloseBallot': {
      const ballot = state.ballots[command.ballotId];
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
      const ballot = state.ballots[command.ballotId];
      if (!ballot) return reject('UNKNOWN_BALLOT', `no ballot ${command.ballotId}`);
      if (ballot.status !== 'closed') {
        return reject('BALLOT_NOT_CLOSED', ballot.status === 'published' ? 'already published' : 'close the ballot first');
      }
      const box = state.boxes[command.ballotId] ?? {};
      const registered = Object.keys(state.voters[command.ballotId] ?? {}).length;
      // The register and the box are written together; a mismatch means the state is not fully read.
      if (papersInBox(box) !== registered) {
        return reject('COUNT_MISMATCH', `register has ${registered} voters but the box has ${papersInBox(box)} papers`);
      }
      const result = countBallot(ballot.spec, box, state.total, ballot.presentAtClose ?? presentCount(state));
      return accept({ type: 'ResultPublished', at: now, by: actor, ballotId: command.ballotId, result });
    }
    case 'VoidBallot': {
      const ballot = state.ballots[command.ballotId];
      if (!ballot) return reject('UNKNOWN_BALLOT', `no ballot ${command.ballotId}`);
      if (ballot.status === 'void') return reject('BALLOT_VOID', 'the ballot is already void');
      if (command.reason.trim().length === 0) return reject('REASON_REQUIRED', 'voiding a ballot needs a reason on record');
      return accept({ type: 'BallotVoided', at: now, by: actor, ballotId: command.ballotId, reason: command.reason.trim() });
    }
    case 'CloseSession': {
      if (state.phase !== 'in_session') return reject('WRONG_PHASE', 'the session is not open');
      if (hasOpenBallot(state)) return reject('BALLOT_IN_PROGRESS', 'close the open ballot first');
      return accept({ type: 'SessionClosed', at: now, by: actor });
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
  if (state.ballots[spec.ballotId]) return reject('DUPLICATE_BALLOT', `ballot ${spec.ballotId} already exists`);
  if (!(spec.itemId in state.items)) return reject('UNKNOWN_ITEM', `no agenda item ${spec.itemId}`);
  if (state.currentItemId !== spec.itemId) return reject('ITEM_NOT_CURRENT', 'start the agenda item first');
  const open = hasOpenBallot(state);
  if (open) return reject('BALLOT_IN_PROGRESS', `ballot ${open} is still open`);
  if (spec.rerunOf !== null) {
    const original = state.ballots[spec.rerunOf];
    if (!original || original.status !== 'void') return reject('RERUN_NEEDS_VOID', 'only a voided ballot can be re-run');
  }
  const present = presentCount(state);
  const quorum = checkQuorum(state.spec.body.kind, present, state.total);
  const reason = overrideReason?.trim() ?? '';
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
  });
}

export type CastCheck = { ok: true; choiceKey: string } | { ok: false; code: DomainErrorCode; message: string };

/**
 * The part of a cast that can be checked against a node's cached state. The store re-checks
 * what must be atomic (ballot still open, deadline, not yet counted) in the same operation that
 * records the vote.
 */
export function checkCast(state: MeetingState, ballotId: string, seatId: string, choice: unknown, now: number): CastCheck {
  const ballot = state.ballots[ballotId];
  if (!ballot) return { ok: false, code: 'UNKNOWN_BALLOT', message: `no ballot ${ballotId}` };
  if (ballot.status !== 'open') return { ok: false, code: 'BALLOT_NOT_OPEN', message: 'the ballot is closed' };
  if (ballot.deadline !== null && now >= ballot.deadline) {
    return { ok: false, code: 'BALLOT_NOT_OPEN', message: 'the countdown has ended' };
  }
  const seat = state.seats[seatId];
  if (!seat) return { ok: false, code: 'UNKNOWN_SEAT', message: `no seat ${seatId}` };
  if (seat.attendance !== 'present') return { ok: false, code: 'NOT_SIGNED_IN', message: 'sign in before voting' };
  const check = checkChoice(ballot.spec, choice);
  if (!check.ok) return { ok: false, code: 'INVALID_CHOICE', message: check.message };
  return { ok: true, choiceKey: check.key };
}
