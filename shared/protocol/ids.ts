import { z } from 'zod';

/**
 * The one id that changes an object's prototype when written as a key (`obj[id] = …`). The
 * domain keys its things by id in Maps (so "constructor" or "toString" are ordinary ids there),
 * but ids also travel into JSON archives, store records and logs that other code may index
 * into with plain objects: refusing this one name keeps every such place safe (invariant 6).
 */
const PROTOTYPE_KEY = '__proto__';

/** Ids made by people or programs (seats, items, ballots, projects, candidates): URL- and key-safe. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
  .refine((id) => id !== PROTOTYPE_KEY, `${PROTOTYPE_KEY} is not an id`);

/** Trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);
