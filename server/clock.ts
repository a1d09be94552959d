/**
 * The server's clock (invariant 7: server time rules). Injected so tests can move time past a
 * ballot's deadline without sleeping.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
