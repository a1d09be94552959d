import type { CastRequest, MeetingStore, StoredCast } from './types';

/**
 * Who hears one cast's outcome from the store, exactly once: `stored` with the store's answer,
 * or `failed` with why there is none (the cast may or may not be on record: the caller answers
 * STORE_UNAVAILABLE, which a tablet retries with the same idempotency key).
 *
 * The vote path's form of `MeetingStore.cast` (`castInto`). A promise per layer of the vote path
 * (journal, cast service, gateway) was three promises, their reactions and closures per vote,
 * about 1 KB, and every vote of a burst held them until its batch was durable, so the
 * young-generation collections of a burst copied them (docs/BENCHMARKS.md, "The vote path
 * without a promise per vote").
 *
 * A waiter never throws: a bug in one would otherwise end the answers of the others in its
 * batch. It is never called from inside the `castInto` call that was given it.
 */
export interface CastWaiter {
  stored(outcome: StoredCast): void;
  failed(error: unknown): void;
}

/** `castInto` as the promise `MeetingStore.cast` gives. */
export function castAsPromise(castInto: (waiter: CastWaiter) => void): Promise<StoredCast> {
  return new Promise((resolve, reject) => castInto({ stored: resolve, failed: reject }));
}

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
  outcome.then(
    (stored) => waiter.stored(stored),
    (error: unknown) => waiter.failed(error),
  );
}

/** Answers a waiter after the current call returns (a refusal known at once). */
export function storedLater(waiter: CastWaiter, outcome: StoredCast): void {
  queueMicrotask(() => waiter.stored(outcome));
}

/** Fails a waiter after the current call returns (a throw inside castInto). */
export function failLater(waiter: CastWaiter, error: unknown): void {
  queueMicrotask(() => waiter.failed(error));
}
