import { describe, expect, it } from 'vitest';
import { CAST_RETRY_MS, castRetryPauseMs } from './cast-retry';

describe('the pause before a cast is sent again', () => {
  it('is three seconds on average, spread over 1.5–4.5 s', () => {
    expect(castRetryPauseMs(() => 0)).toBe(1500);
    expect(castRetryPauseMs(() => 0.5)).toBe(CAST_RETRY_MS);
    expect(castRetryPauseMs(() => 0.999)).toBe(4497);
  });

  it('spreads a hall’s tablets: 1,000 pauses fall in every half-second of the window', () => {
    const pauses = Array.from({ length: 1000 }, () => castRetryPauseMs());
    expect(Math.min(...pauses)).toBeGreaterThanOrEqual(1500);
    expect(Math.max(...pauses)).toBeLessThan(4500);
    const halfSeconds = new Set(pauses.map((p) => Math.floor(p / 500)));
    expect([...halfSeconds].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });
});
