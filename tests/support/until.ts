import { setTimeout as sleep } from 'node:timers/promises';

export interface UntilOptions {
  /** How long to keep asking (default 30 s): a guard against a hang, never an assertion about speed. */
  withinMs?: number;
  /** What to add to the failure message (the processes' recent output). */
  output?: () => string;
}

/**
 * Asks `probe` every 100 ms until it answers something other than null or false (a probe that
 * throws counts as not yet), and returns that answer; fails naming `what` after `withinMs`.
 */
export async function until<T>(what: string, probe: () => Promise<T | null | false>, options: UntilOptions = {}): Promise<T> {
  const withinMs = options.withinMs ?? 30_000;
  const giveUpAt = Date.now() + withinMs;
  for (;;) {
    const found = await probe().catch(() => null);
    if (found !== null && found !== false) return found;
    if (Date.now() > giveUpAt) throw new Error(`${what}: not within ${withinMs} ms${options.output ? `\n${options.output()}` : ''}`);
    await sleep(100);
  }
}

/** What `settledWithin` gives for a promise still pending at its guard. */
export const LATE: unique symbol = Symbol('late');

/**
 * `promise`'s value, or LATE if it has not settled within `guardMs` (a rejection is passed on):
 * a guard against a hang, never an assertion about speed.
 */
export async function settledWithin<T>(promise: Promise<T>, guardMs: number): Promise<T | typeof LATE> {
  let guard: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof LATE>((resolve) => (guard = setTimeout(() => resolve(LATE), guardMs)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(guard);
  }
}
