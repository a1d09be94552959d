import { MOTION_OPTIONS, type MotionOption } from '../domain/ballots/motion';
import { IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_KEY_MIN, isId } from './ids';
import { hasExactlyKeys, isPlainObject } from './plain-json';
import type { ClientEventName, ParsedClientPayload } from './socket';

/**
 * The commonest payload of a burst read without zod: a tablet's vote on a motion,
 * `{ ballotId, idempotencyKey, choice: { option } }`, as JSON.parse makes it. In a 3,000-vote
 * burst zod's parse of it was 1.15 µs a vote (profiled) and 0.5 KB of garbage
 * (docs/BENCHMARKS.md, "A motion vote's payload read without zod").
 *
 * A fast reader accepts only payloads that the event's schema (ClientEvents) accepts, and
 * returns what the schema would return: fresh objects with the same fields. Anything else,
 * including every payload that is wrong, gives null, and the caller parses with the schema, so
 * the schema stays the one definition of the protocol and its messages say what is wrong.
 * fast-payloads.test.ts holds each reader to its schema on generated payloads.
 */
export type FastPayloadReader<E extends ClientEventName> = (payload: unknown) => ParsedClientPayload<E> | null;

const MOTION_OPTION_SET: ReadonlySet<unknown> = new Set(MOTION_OPTIONS);

const isCastKey = (key: string): boolean => key === 'ballotId' || key === 'idempotencyKey' || key === 'choice';
const isOptionKey = (key: string): boolean => key === 'option';

/** ballot:cast with a motion's paper (`choice: { option }`); other papers go to the schema. */
export const readMotionCast: FastPayloadReader<'ballot:cast'> = (payload) => {
  if (!isPlainObject(payload) || !hasExactlyKeys(payload, isCastKey, 3)) return null;
  const { ballotId, idempotencyKey, choice } = payload;
  if (!isId(ballotId)) return null;
  if (typeof idempotencyKey !== 'string' || idempotencyKey.length < IDEMPOTENCY_KEY_MIN || idempotencyKey.length > IDEMPOTENCY_KEY_MAX) return null;
  if (!isPlainObject(choice) || !hasExactlyKeys(choice, isOptionKey, 1)) return null;
  const { option } = choice;
  if (!MOTION_OPTION_SET.has(option)) return null;
  return { ballotId, idempotencyKey, choice: { option: option as MotionOption } };
};

/** The events that have a fast reader. */
export const FAST_PAYLOAD_READERS: { readonly [E in ClientEventName]?: FastPayloadReader<E> } = {
  'ballot:cast': readMotionCast,
};
