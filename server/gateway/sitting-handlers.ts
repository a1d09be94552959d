import { randomUUID } from 'node:crypto';
import type { SittingClientEvents } from '../../shared/protocol/sittings';
import type { EventHandler } from './bind-event';
import type { RunCommand } from './run-command';

type SittingEventName = keyof typeof SittingClientEvents;

/**
 * Sittings, their rolls, countdown controls and the two-person void (shared/domain/sittings.ts,
 * countdown.ts, void-confirmation.ts) onto meeting commands. Payloads arrive parsed and authorized.
 */
export function sittingHandlers(
  run: RunCommand,
): { [E in SittingEventName]: EventHandler<E> } {
  return {
    'sitting:start': (socket, { sittingId, title, openSignIn }, actor) => {
      const id = sittingId ?? `sitting-${randomUUID()}`;
      return run(socket, actor, { type: 'StartSitting', sittingId: id, title, ...(openSignIn !== undefined ? { openSignIn } : {}) }, { sittingId: id });
    },
    'sitting:openSignIn': (socket, _payload, actor) => run(socket, actor, { type: 'OpenSignIn' }),
    'sitting:closeSignIn': (socket, _payload, actor) => run(socket, actor, { type: 'CloseSignIn' }),
    'sitting:open': (socket, _payload, actor) => run(socket, actor, { type: 'OpenSitting' }),
    'sitting:close': (socket, _payload, actor) => run(socket, actor, { type: 'CloseSitting' }),
    'sitting:mark': (socket, { seatId, status, reason }, actor) => run(socket, actor, { type: 'RecordAttendance', seatId, status, reason: reason ?? null }),
    'sitting:reopenItem': (socket, { itemId, reason }, actor) => run(socket, actor, { type: 'StartItem', itemId, reopenReason: reason }),
    'ballot:extendCountdown': (socket, { ballotId, seconds }, actor) => run(socket, actor, { type: 'ExtendCountdown', ballotId, seconds }),
    'ballot:pauseCountdown': (socket, { ballotId }, actor) => run(socket, actor, { type: 'PauseCountdown', ballotId }),
    'ballot:resumeCountdown': (socket, { ballotId }, actor) => run(socket, actor, { type: 'ResumeCountdown', ballotId }),
    'sitting:confirmVoid': (socket, { ballotId, approve }, actor) => run(socket, actor, { type: 'ConfirmVoid', ballotId, approve }),
  };
}
