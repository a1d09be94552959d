import { randomUUID } from 'node:crypto';
import type { MotionBallotSpec } from '../../shared/domain/ballots/kinds';
import type { MeetingCommand } from '../../shared/domain/decide';
import { errorAck } from '../../shared/protocol/errors';
import type { ParsedClientPayload } from '../../shared/protocol/socket';
import type { MeetingService } from '../meeting-service';
import { viewFor } from './audience-view';
import type { Ack, EventHandlers } from './bind-event';
import type { GatewaySocket } from './connection';

/** The seat of a delegate connection; the role was checked before any handler runs. */
function seatOf(socket: GatewaySocket): string {
  const { principal } = socket.data;
  if (principal.role !== 'delegate') throw new Error('seat event on a non-delegate connection');
  return principal.seatId;
}

function ballotSpecFrom(payload: ParsedClientPayload<'presidium:openBallot'>): MotionBallotSpec {
  return {
    kind: payload.kind,
    ballotId: payload.ballotId ?? `ballot-${randomUUID()}`,
    itemId: payload.itemId,
    title: payload.title,
    secrecy: payload.secrecy,
    settings: { threshold: payload.threshold, requireHalfParticipation: payload.requireHalfParticipation },
    durationSec: payload.durationSec,
    rerunOf: payload.rerunOf,
  };
}

/** Maps each client event to the meeting service. Payloads arrive parsed and authorized. */
export function createHandlers(service: MeetingService): EventHandlers {
  const run = async (socket: GatewaySocket, command: MeetingCommand, extra: Record<string, unknown> = {}): Promise<Ack> => {
    const { meetingId, actor } = socket.data;
    const outcome = await service.execute(meetingId, [command], actor);
    return outcome.ok ? { ok: true, version: outcome.state.version, ...extra } : outcome;
  };

  return {
    'meeting:sync': async (socket) => {
      const { meetingId, principal } = socket.data;
      const state = await service.stateOf(meetingId);
      if (!state) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
      return { ok: true, view: viewFor(principal, state), serverTime: service.now() };
    },
    'clock:sync': async () => ({ ok: true, serverTime: service.now() }),
    'delegate:signIn': (socket) => run(socket, { type: 'SignIn', seatId: seatOf(socket) }),
    'ballot:cast': (socket, payload) => service.cast(socket.data.meetingId, seatOf(socket), payload),
    'staff:recordAttendance': (socket, { seatId, status }) => run(socket, { type: 'RecordAttendance', seatId, status }),
    'presidium:openSession': (socket) => run(socket, { type: 'OpenSession' }),
    'presidium:startItem': (socket, { itemId }) => run(socket, { type: 'StartItem', itemId }),
    'presidium:openBallot': (socket, payload) => {
      const spec = ballotSpecFrom(payload);
      return run(
        socket,
        { type: 'OpenBallot', spec, quorumOverrideReason: payload.quorumOverrideReason },
        { ballotId: spec.ballotId },
      );
    },
    'presidium:closeBallot': (socket, { ballotId }) => run(socket, { type: 'CloseBallot', ballotId, reason: 'presidium' }),
    'presidium:publishResult': (socket, { ballotId }) => run(socket, { type: 'PublishResult', ballotId }),
    'presidium:voidBallot': (socket, { ballotId, reason }) => run(socket, { type: 'VoidBallot', ballotId, reason }),
    'presidium:closeSession': (socket) => run(socket, { type: 'CloseSession' }),
  };
}
