import { describe, expect, it } from 'vitest';
import { RETRY_PAUSE_MS, retryPauseMs } from './retry-pause';

describe('the pause before a client tries again', () => {
  it('is three seconds on average, spread over 1.5–4.5 s', () => {
    expect(retryPauseMs(() => 0)).toBe(1500);
    expect(retryPauseMs(() => 0.5)).toBe(RETRY_PAUSE_MS);
    expect(retryPauseMs(() => 0.999)).toBe(4497);
    expect(retryPauseMs(() => 1 - Number.EPSILON)).toBe(4499);
  });

  it('spreads a hall’s tablets: 1,000 pauses fall in every half-second of the window', () => {
    const pauses = Array.from({ length: 1000 }, () => retryPauseMs());
    expect(Math.min(...pauses)).toBeGreaterThanOrEqual(1500);
    expect(Math.max(...pauses)).toBeLessThan(4500);
    const halfSeconds = new Set(pauses.map((p) => Math.floor(p / 500)));
    expect([...halfSeconds].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });
});
