/*
 * Issue 9 ("the shape of the core"): what every decide function takes and gives — the command
 * context and the decision — in a leaf. The per-feature modules (sittings.ts, countdown.ts,
 * preparation/revision.ts …) name these types; decide.ts imports those modules, so the types
 * cannot live in decide.ts without an import circle. decide.ts re-exports them, so importers
 * elsewhere need no change.
 */
import type { Actor } from './actor';
import type { DomainErrorCode } from './errors';
import type { MeetingEvent } from './meeting';

/** Every command carries who asked and the server's clock (R: server time rules). */
export interface CommandContext {
  actor: Actor;
  now: number;
}

export type Decision =
  | { ok: true; events: MeetingEvent[] }
  | { ok: false; code: DomainErrorCode; message: string; details?: Record<string, unknown> };
