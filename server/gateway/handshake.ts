import type { ExtendedError } from 'socket.io';
import type { ErrorCode } from '../../shared/protocol/errors';
import { IdSchema } from '../../shared/protocol/meeting';
import { checkClientProtocol, MIN_CLIENT_PROTOCOL } from '../../shared/protocol/version';
import type { MeetingState } from '../../shared/domain/meeting';
import { isStaff, mayActOn, type Auth, type Principal } from '../auth';
import type { Logger } from '../logger';
import type { MeetingService } from '../meeting-service';
import { ServiceError } from '../service/service-error';
import { connectionContext, type GatewaySocket } from './connection';

/** The client sees `err.message` and `err.data = { code, message }` in its connect_error. */
function refusal(code: ErrorCode, message: string): ExtendedError {
  const err: ExtendedError = new Error(message);
  err.data = { code, message };
  return err;
}

/**
 * The principal with the copy's own strings for its meeting (`meetingId`: the copy's, where it is
 * the token's), seat and device where they are the same. A token is parsed anew for each
 * connection, and its ids were one more copy per tablet of strings the copy already holds (~150
 * bytes a tablet, docs/BENCHMARKS.md, "Memory per tablet"). A device the copy does not pair with
 * the seat (another node paired it since) keeps the token's.
 */
function withCopysIds(principal: Principal, state: MeetingState, meetingId: string): Principal {
  if (principal.role === 'staff') return principal;
  if (principal.role === 'wall') return { role: 'wall', meetingId };
  const seat = state.seats.get(principal.seatId);
  return {
    role: 'delegate',
    meetingId,
    seatId: seat?.delegate.seatId === principal.seatId ? seat.delegate.seatId : principal.seatId,
    deviceId: seat?.deviceId === principal.deviceId ? seat.deviceId : principal.deviceId,
  };
}

interface HandshakeDeps {
  auth: Auth;
  service: MeetingService;
  logger: Logger;
}

/**
 * Handshake auth `{ token, meetingId? }`. Staff tokens are not tied to a meeting, so staff pass
 * meetingId; delegate and wall tokens carry theirs. A tablet whose seat was paired on another
 * device is refused with DEVICE_REPLACED.
 */
export function authenticate({ auth, service, logger }: HandshakeDeps) {
  return async (socket: GatewaySocket, next: (err?: ExtendedError) => void): Promise<void> => {
    try {
      const { token, meetingId: requested, protocol } = (socket.handshake.auth ?? {}) as { token?: unknown; meetingId?: unknown; protocol?: unknown };
      // First: a stale bundle is fixed by reloading, whatever else is wrong with its token.
      const version = checkClientProtocol(protocol, MIN_CLIENT_PROTOCOL);
      if (!version.ok) return next(refusal(version.code, version.message));
      // Staff: the session must still exist and the account be enabled (revocation takes effect here).
      const principal = await auth.authenticate(token);
      if (!principal) return next(refusal('UNAUTHORIZED', 'missing, invalid, expired or revoked token'));

      let meetingId: string;
      if (isStaff(principal)) {
        const parsed = IdSchema.safeParse(requested);
        if (!parsed.success) return next(refusal('BAD_REQUEST', 'staff connections must pass auth.meetingId'));
        meetingId = parsed.data;
        if (!mayActOn(principal, meetingId)) return next(refusal('FORBIDDEN', 'this account is not assigned to this meeting'));
      } else {
        meetingId = principal.meetingId;
        if (requested !== undefined && requested !== meetingId) {
          return next(refusal('FORBIDDEN', 'this token is for another meeting'));
        }
      }

      const state = await service.stateOf(meetingId);
      if (!state) return next(refusal('MEETING_NOT_FOUND', `no meeting ${meetingId}`));
      if (principal.role === 'delegate') {
        if (!state.seats.has(principal.seatId)) return next(refusal('UNKNOWN_SEAT', `no seat ${principal.seatId}`));
        if (!(await service.isCurrentDevice(meetingId, principal.seatId, principal.deviceId))) {
          return next(refusal('DEVICE_REPLACED', 'this seat has been paired on another device'));
        }
      }
      // The copy's own string for the meeting (and its seat and device: withCopysIds), not the token's.
      const heldMeetingId = state.spec.meetingId === meetingId ? state.spec.meetingId : meetingId;
      socket.data = connectionContext(withCopysIds(principal, state, heldMeetingId), heldMeetingId);
      next();
    } catch (err) {
      if (err instanceof ServiceError) return next(refusal(err.code, err.message));
      logger.error('handshake failed', { err });
      next(refusal('INTERNAL', 'internal error'));
    }
  };
}
