import type { MeetingCommand } from '../../shared/domain/decide';
import type { Actor } from '../../shared/domain/meeting';
import type { ErrorAck } from '../../shared/protocol/errors';
import type { GatewaySocket } from './connection';

/**
 * A command event's success ack (shared/protocol/acks.ts VersionAckSchema and its extensions):
 * the meeting's version after it, what the event adds (`extra`, e.g. the opened ballot's id),
 * and, under the two-person rule, the request a chair must approve.
 */
export type CommandAck<Extra extends object = Record<never, never>> = { ok: true; version: number; pendingRequestId?: string } & Extra;

/** Runs one meeting command under the actor the event is allowed as (handlers.ts). */
export type RunCommand = <Extra extends object = Record<never, never>>(
  socket: GatewaySocket,
  actor: Actor,
  command: MeetingCommand,
  extra?: Extra,
) => Promise<CommandAck<Extra> | ErrorAck>;
