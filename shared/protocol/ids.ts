import { z } from 'zod';

/**
 * The one id that changes an object's prototype when written as a key (`obj[id] = …`). The
 * domain keys its things by id in Maps (so "constructor" or "toString" are ordinary ids there),
 * but ids also travel into JSON archives, store records and logs that other code may index
 * into with plain objects: refusing this one name keeps every such place safe (invariant 6).
 */
const PROTOTYPE_KEY = '__proto__';

const ID_MAX_LENGTH = 64;
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Ids made by people or programs (seats, items, ballots, projects, candidates): URL- and key-safe. */
export const IdSchema = z
  .string()
  .min(1)
  .max(ID_MAX_LENGTH)
  .regex(ID_PATTERN, 'letters, digits, _ and - only')
  .refine((id) => id !== PROTOTYPE_KEY, `${PROTOTYPE_KEY} is not an id`);

/** A vote's idempotency key, made by the client once per intended vote: its length bounds (characters). */
export const IDEMPOTENCY_KEY_MIN = 8;
export const IDEMPOTENCY_KEY_MAX = 64;
export const IdempotencyKeySchema = z.string().min(IDEMPOTENCY_KEY_MIN).max(IDEMPOTENCY_KEY_MAX);

/**
 * IdSchema's rule as a plain test, for a store that checks the ids of every cast again (three
 * per cast): a zod parse of an id was ~1.5 µs, 3 % of a cluster node's CPU in a burst
 * (docs/BENCHMARKS.md). Payloads from clients go through IdSchema, with its messages;
 * ids.test.ts holds the two to the same answers.
 */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= ID_MAX_LENGTH && ID_PATTERN.test(value) && value !== PROTOTYPE_KEY;
}

/** Trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);
