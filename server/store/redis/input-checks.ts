import { gateChanges } from '../../../shared/domain/gate';
import type { MeetingEvent } from '../../../shared/domain/meeting';
import { isId } from '../../../shared/protocol/ids';
import { InvalidStoreInputError } from '../errors';

/**
 * What the Redis store refuses before sending anything, with the same rules as the file store
 * (file/meeting-index.ts eventsProblem), so both stores accept and refuse the same input.
 * Archives are checked by the file store's own replay (see import-plan.ts).
 */

/** Idempotency keys, receipt ids and choice keys are opaque, but bounded. */
const MAX_TOKEN_LENGTH = 200;

/** Ids become parts of key names; the protocol's id rule keeps out `{`, `}` and `:`. */
export function assertStoreId(kind: 'meetingId' | 'ballotId' | 'seatId', value: unknown): asserts value is string {
  if (!isId(value)) {
    throw new InvalidStoreInputError(`invalid ${kind} ${JSON.stringify(value)}: letters, digits, _ and - only, 1 to 64 characters`);
  }
}

export function assertToken(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TOKEN_LENGTH) {
    throw new InvalidStoreInputError(`invalid ${name}: a string of 1 to ${MAX_TOKEN_LENGTH} characters`);
  }
}

export function assertVersion(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidStoreInputError(`invalid ${name} ${String(value)}: a whole number, 0 or more`);
  }
}

/** Why `events` cannot follow a log at `version`, or null. */
export function eventsProblem(version: number, events: readonly MeetingEvent[]): string | null {
  if (!Array.isArray(events)) return 'events must be an array';
  if (version === 0 && events.length === 0) return 'creating a meeting needs its MeetingCreated event';
  let v = version;
  for (const event of events) {
    v++;
    if (typeof event !== 'object' || event === null) return `event for version ${v} is not an object`;
    if (v === 1 && event.type !== 'MeetingCreated') return 'a meeting log must start with MeetingCreated';
    if (v > 1 && event.type === 'MeetingCreated') return 'MeetingCreated may only start a log';
  }
  for (const change of gateChanges(events)) {
    if (!isId(change.ballotId)) return `ballot id ${JSON.stringify(change.ballotId)} is not a valid id`;
  }
  return null;
}
