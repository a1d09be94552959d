import type { BodyEvent } from '../../shared/domain/year/body';

export type BodyAppendOutcome = { ok: true; version: number } | { ok: false; version: number };

/**
 * The store cannot read a body's log into events (damage to data it acknowledged): that body is
 * answered `BODY_UNAVAILABLE` until an operator restores it; the other bodies are served.
 */
export class BodyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyUnavailableError';
  }
}

/**
 * Where each body's registry log lives (issue 12): an ordered list of BodyEvents per body.
 * Two implementations pass one contract (tests/year/body-store-contract.ts): a JSON-lines
 * journal under the data directory (embedded mode) and Redis (cluster mode).
 * An append resolves only once the events are durable (invariant 1).
 */
export interface BodyStore {
  listBodies(): Promise<string[]>;
  /** The body's events from index `from` (0 = all); [] for an unknown body. */
  readBody(bodyId: string, from?: number): Promise<BodyEvent[]>;
  /**
   * Appends iff the log holds exactly `expectedVersion` events (0 = a new body); otherwise
   * nothing is written and the current length comes back. Ids that are not protocol ids throw.
   */
  appendBody(bodyId: string, expectedVersion: number, events: readonly BodyEvent[]): Promise<BodyAppendOutcome>;
  close(): Promise<void>;
}
