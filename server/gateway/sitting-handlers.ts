import { randomUUID } from 'node:crypto';
import type { MeetingCommand } from '../../shared/domain/decide';
import type { SittingClientEvents } from '../../shared/protocol/sittings';
import type { Ack, EventHandler } from './bind-event';
import type { GatewaySocket } from './connection';

type SittingEventName = keyof typeof SittingClientEvents;

/**
 * Sittings, their rolls, countdown controls and the two-person void (shared/domain/sittings.ts,
 * countdown.ts, void-confirmation.ts) onto meeting commands. Payloads arrive parsed and authorized.
 */
export function sittingHandlers(
  run: (socket: GatewaySocket, command: MeetingCommand, extra?: Record<string, unknown>) => Promise<Ack>,
): { [E in SittingEventName]: EventHandler<E> } {
  return {
    'sitting:start': (socket, { sittingId, title, openSignIn }) => {
      const id = sittingId ?? `sitting-${randomUUID()}`;
      return run(socket, { type: 'StartSitting', sittingId: id, title, ...(openSignIn !== undefined ? { openSignIn } : {}) }, { sittingId: id });
    },
    'sitting:openSignIn': (socket) => run(socket, { type: 'OpenSignIn' }),
    'sitting:closeSignIn': (socket) => run(socket, { type: 'CloseSignIn' }),
    'sitting:open': (socket) => run(socket, { type: 'OpenSitting' }),
    'sitting:close': (socket) => run(socket, { type: 'CloseSitting' }),
    'sitting:mark': (socket, { seatId, status, reason }) => run(socket, { type: 'RecordAttendance', seatId, status, reason: reason ?? null }),
    'sitting:reopenItem': (socket, { itemId, reason }) => run(socket, { type: 'StartItem', itemId, reopenReason: reason }),
    'ballot:extendCountdown': (socket, { ballotId, seconds }) => run(socket, { type: 'ExtendCountdown', ballotId, seconds }),
    'ballot:pauseCountdown': (socket, { ballotId }) => run(socket, { type: 'PauseCountdown', ballotId }),
    'ballot:resumeCountdown': (socket, { ballotId }) => run(socket, { type: 'ResumeCountdown', ballotId }),
    'sitting:confirmVoid': (socket, { ballotId, approve }) => run(socket, { type: 'ConfirmVoid', ballotId, approve }),
  };
}
