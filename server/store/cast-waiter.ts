import { failLater, replyWhenSettled, type Reply } from '../reply';
import type { CastRequest, MeetingStore, StoredCast } from './types';

/**
 * Who hears one cast's outcome from the store (server/reply.ts): `answered` with the store's
 * answer, or `failed` with why there is none (the cast may or may not be on record: the caller
 * answers STORE_UNAVAILABLE, which a tablet retries with the same idempotency key). The vote
 * path's form of `MeetingStore.cast` (`castInto`), never called from inside the `castInto` call
 * that was given it.
 */
export type CastWaiter = Reply<StoredCast>;

/** A store's cast through a waiter: the store's own `castInto`, or its promise told to the waiter. */
export function castThrough(store: MeetingStore, meetingId: string, request: CastRequest, waiter: CastWaiter): void {
  if (store.castInto) {
    store.castInto(meetingId, request, waiter);
    return;
  }
  let outcome: Promise<StoredCast>;
  try {
    outcome = store.cast(meetingId, request);
  } catch (error) {
    failLater(waiter, error);
    return;
  }
  replyWhenSettled(outcome, waiter);
}
