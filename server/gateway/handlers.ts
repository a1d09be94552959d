import type { MeetingCommand } from '../../shared/domain/decide';
import { errorAck } from '../../shared/protocol/errors';
import type { MeetingService } from '../meeting-service';
import { ballotSpecFrom, newBallotId, preparedSpecFrom } from '../service/ballot-spec';
import { viewFor } from './audience-view';
import { REPLYING, type EventHandlers } from './bind-event';
import type { ClientAnswer } from '../../shared/protocol/event-map';
import type { CommandAck, RunCommand } from './run-command';
import type { GatewaySocket } from './connection';
import type { SeatMapPush } from './seat-map-push';
import { speakingHandlers } from './speaking-handlers';
import { sittingHandlers } from './sitting-handlers';

/** The seat of a delegate connection; the role was checked before any handler runs. */
function seatOf(socket: GatewaySocket): string {
  const { principal } = socket.data;
  if (principal.role !== 'delegate') throw new Error('seat event on a non-delegate connection');
  return principal.seatId;
}

/** Maps each client event to the meeting service. Payloads arrive parsed and authorized. */
export function createHandlers(service: MeetingService, seatMap?: Pick<SeatMapPush, 'snapshot'>): EventHandlers {
  /** A command under the actor the event is allowed as (bind-event.ts): the log names that person and role. */
  const run: RunCommand = async (socket, actor, command, extra) => {
    const { meetingId } = socket.data;
    const outcome = await service.execute(meetingId, [command], actor);
    if (!outcome.ok) return outcome;
    // Two-person rule: the change was not made but waits for a chair (staff-requests.ts).
    const requested = outcome.events.find((e) => e.type === 'ChangeRequested');
    const ack: CommandAck = { ok: true, version: outcome.state.version, ...(requested ? { pendingRequestId: requested.requestId } : {}) };
    return { ...ack, ...extra };
  };

  const sync = async (socket: GatewaySocket): Promise<ClientAnswer<'meeting:sync'>> => {
    const { meetingId, principal } = socket.data;
    // The state and the epoch of its copy, read together (a reload meanwhile swaps both).
    const copy = await service.currentCopy(meetingId);
    if (!copy) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
    const view = viewFor(principal, copy.state, copy.epoch);
    if (!view) return errorAck('UNKNOWN_SEAT', 'this connection’s seat is not in the meeting');
    return { ok: true, view, serverTime: service.now() };
  };
  /** Per connection, the sync being answered: repeats that arrive meanwhile share its answer. */
  const syncing = new WeakMap<GatewaySocket, Promise<ClientAnswer<'meeting:sync'>>>();

  return {
    ...speakingHandlers(run, seatOf),
    ...sittingHandlers(run),
    'console:seatMap': async (socket) => {
      if (!seatMap) return errorAck('INTERNAL', 'no seat map on this server');
      return { ok: true, ...(await seatMap.snapshot(socket.data.meetingId)) };
    },
    'meeting:sync': (socket) => {
      const inFlight = syncing.get(socket);
      if (inFlight) return inFlight;
      const answer = sync(socket).finally(() => syncing.delete(socket));
      syncing.set(socket, answer);
      return answer;
    },
    'clock:sync': async () => ({ ok: true, serverTime: service.now() }),
    'delegate:signIn': (socket, _payload, actor) => run(socket, actor, { type: 'SignIn', seatId: seatOf(socket) }),
    // The ack carries the receipt to this connection: the seat's update goes to its others (fan-out.ts).
    'ballot:cast': (socket, payload, _actor, reply) => {
      service.castInto(socket.data.meetingId, seatOf(socket), payload, socket, reply);
      return REPLYING;
    },
    'staff:recordAttendance': (socket, { seatId, status }, actor) => run(socket, actor, { type: 'RecordAttendance', seatId, status }),
    'presidium:openSession': (socket, _payload, actor) => run(socket, actor, { type: 'OpenSession' }),
    'presidium:startItem': (socket, { itemId }, actor) => run(socket, actor, { type: 'StartItem', itemId }),
    'presidium:openBallot': (socket, payload, actor) => {
      const spec = ballotSpecFrom(payload);
      return run(
        socket,
        actor,
        { type: 'OpenBallot', spec, quorumOverrideReason: payload.quorumOverrideReason },
        { ballotId: spec.ballotId },
      );
    },
    'presidium:openPrepared': async (socket, payload, actor) => {
      const state = await service.stateOf(socket.data.meetingId);
      if (!state) return errorAck('MEETING_NOT_FOUND', `no meeting ${socket.data.meetingId}`);
      const prepared = preparedSpecFrom(state, payload);
      if (!prepared.ok) return errorAck('UNKNOWN_ITEM', prepared.message);
      return run(
        socket,
        actor,
        { type: 'OpenBallot', spec: prepared.spec, quorumOverrideReason: payload.quorumOverrideReason },
        { ballotId: prepared.spec.ballotId },
      );
    },
    'presidium:openFollowUp': (socket, { ballotId, itemId, durationSec, candidates, ...rest }, actor) => {
      const id = ballotId ?? newBallotId();
      const command: MeetingCommand = {
        type: 'OpenFollowUp',
        ...rest,
        ballotId: id,
        ...(itemId !== undefined ? { itemId } : {}),
        ...(durationSec !== undefined ? { durationSec } : {}),
        ...(candidates !== undefined ? { candidates } : {}),
      };
      return run(socket, actor, command, { ballotId: id });
    },
    'presidium:enterManualCount': (socket, { ballotId, counts }, actor) => run(socket, actor, { type: 'EnterManualCount', ballotId, counts }),
    'presidium:closeBallot': (socket, { ballotId }, actor) => run(socket, actor, { type: 'CloseBallot', ballotId, reason: 'presidium' }),
    'presidium:publishResult': (socket, { ballotId }, actor) => run(socket, actor, { type: 'PublishResult', ballotId }),
    'presidium:voidBallot': (socket, { ballotId, reason }, actor) => run(socket, actor, { type: 'VoidBallot', ballotId, reason }),
    'presidium:closeSession': (socket, _payload, actor) => run(socket, actor, { type: 'CloseSession' }),
    'presidium:decideRequest': (socket, { requestId, approve }, actor) => run(socket, actor, { type: 'DecideChangeRequest', requestId, approve }),
    'presidium:setWallMode': (socket, { mode, notice }, actor) => run(socket, actor, { type: 'SetWallMode', mode, notice: notice ?? null }),
  };
}
