import { randomUUID } from 'node:crypto';
import type { EventHandler } from './bind-event';
import type { RunCommand } from './run-command';
import type { GatewaySocket } from './connection';

type SpeakingEventName = 'delegate:requestFloor' | 'delegate:withdrawFloor' | 'presidium:grantFloor' | 'presidium:skipFloor' | 'presidium:endFloor';

/**
 * Speaking requests (shared/domain/speaking.ts) onto meeting commands. The request id is made
 * here, not by the tablet, so a tablet cannot name (or guess) another seat's request.
 */
export function speakingHandlers(
  run: RunCommand,
  seatOf: (socket: GatewaySocket) => string,
): { [E in SpeakingEventName]: EventHandler<E> } {
  return {
    'delegate:requestFloor': (socket, { kind }, actor) => run(socket, actor, { type: 'RequestFloor', seatId: seatOf(socket), kind, requestId: `fr-${randomUUID()}` }),
    'delegate:withdrawFloor': (socket, _payload, actor) => run(socket, actor, { type: 'WithdrawFloor', seatId: seatOf(socket) }),
    'presidium:grantFloor': (socket, { requestId, limitSeconds }, actor) => run(socket, actor, { type: 'GrantFloor', requestId, limitSeconds }),
    'presidium:skipFloor': (socket, { requestId }, actor) => run(socket, actor, { type: 'SkipFloor', requestId }),
    'presidium:endFloor': (socket, _payload, actor) => run(socket, actor, { type: 'EndFloor' }),
  };
}
