/**
 * Who hears one answer, exactly once: `answered` with it, or `failed` with why there is none.
 * The vote path's layers hand a vote's answer on through these instead of a promise each (the
 * store's CastWaiter, the cast service's CastReply, the gateway's EventReply): a promise, its
 * reaction and its closures per layer were about 1 KB a vote, held until the vote's batch was
 * durable (docs/BENCHMARKS.md, "The vote path without a promise per vote").
 *
 * A reply never throws: whoever answers may be answering many in a row.
 */
export interface Reply<T> {
  answered(value: T): void;
  failed(error: unknown): void;
}

/** What `start` answers, as a promise (for the callers that await one). */
export function promiseOf<T>(start: (reply: Reply<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start({ answered: resolve, failed: reject }));
}

/** A promise's outcome told to `reply`. */
export function replyWhenSettled<T>(promise: Promise<T>, reply: Reply<T>): void {
  promise.then(
    (value) => reply.answered(value),
    (error: unknown) => reply.failed(error),
  );
}

/** Answers `reply` after the current call returns (an answer known at once). */
export function answerLater<T>(reply: Reply<T>, value: T): void {
  queueMicrotask(() => reply.answered(value));
}

/** Fails `reply` after the current call returns (a throw inside the call that was given it). */
export function failLater(reply: Reply<unknown>, error: unknown): void {
  queueMicrotask(() => reply.failed(error));
}
