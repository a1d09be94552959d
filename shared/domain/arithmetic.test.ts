import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLeastFraction, minAtLeastFraction, minMoreThanHalf, moreThanHalf } from './arithmetic';

describe('R0.1 过半数 is strict', () => {
  it('R0.1: 21 of 40 is more than half, 20 of 40 (exactly half) is not', () => {
    expect(moreThanHalf(21, 40)).toBe(true);
    expect(moreThanHalf(20, 40)).toBe(false);
  });

  it('R0.1: with an odd base 15 of 29 is more than half, 14 is not', () => {
    expect(moreThanHalf(15, 29)).toBe(true);
    expect(moreThanHalf(14, 29)).toBe(false);
  });

  it('R0.1: fewest more than half: 40 → 21, 29 → 15, 30 → 16, 1 → 1, 2 → 2, 3 → 2', () => {
    expect([40, 29, 30, 1, 2, 3].map(minMoreThanHalf)).toEqual([21, 15, 16, 1, 2, 2]);
  });
});

describe('R0.1 以上 includes the boundary', () => {
  it('R0.1: 20 of 30 is two thirds 以上 (20*3 = 60 ≥ 60), 19 is not', () => {
    expect(atLeastFraction(20, 30, 2, 3)).toBe(true);
    expect(atLeastFraction(19, 30, 2, 3)).toBe(false);
  });

  it('R0.1: 27 of 40 is two thirds 以上 (81 ≥ 80), 26 is not (78 < 80)', () => {
    expect(atLeastFraction(27, 40, 2, 3)).toBe(true);
    expect(atLeastFraction(26, 40, 2, 3)).toBe(false);
  });

  it('R0.1: 不少于三分之一: 10 of 30 counts (30 ≥ 30), 9 does not', () => {
    expect(atLeastFraction(10, 30, 1, 3)).toBe(true);
    expect(atLeastFraction(9, 30, 1, 3)).toBe(false);
  });

  it('R0.1: fewest for two thirds: 40 → 27, 30 → 20, 327 → 218, 1 → 1, 2 → 2, 3 → 2', () => {
    expect([40, 30, 327, 1, 2, 3].map((t) => minAtLeastFraction(t, 2, 3))).toEqual([27, 20, 218, 1, 2, 2]);
  });
});

describe('R0.1 thresholds agree with exact integer arithmetic for every base up to ten million', () => {
  const base = fc.integer({ min: 1, max: 10_000_000 });
  const fraction = fc.constantFrom<[number, number]>([2, 3], [1, 2], [1, 3], [3, 4]);

  it('R0.1: minMoreThanHalf(base) is the least count with count*2 > base (checked with BigInt)', () => {
    fc.assert(
      fc.property(base, (b) => {
        const min = minMoreThanHalf(b);
        expect(BigInt(min) * 2n > BigInt(b)).toBe(true);
        expect(BigInt(min - 1) * 2n > BigInt(b)).toBe(false);
        expect(moreThanHalf(min, b)).toBe(true);
        expect(moreThanHalf(min - 1, b)).toBe(false);
      }),
    );
  });

  it('R0.1: minAtLeastFraction(base, n, d) is the least count with count*d ≥ base*n (checked with BigInt)', () => {
    fc.assert(
      fc.property(base, fraction, (b, [n, d]) => {
        const min = minAtLeastFraction(b, n, d);
        expect(BigInt(min) * BigInt(d) >= BigInt(b) * BigInt(n)).toBe(true);
        expect(BigInt(min - 1) * BigInt(d) >= BigInt(b) * BigInt(n)).toBe(false);
        expect(atLeastFraction(min, b, n, d)).toBe(true);
        expect(atLeastFraction(min - 1, b, n, d)).toBe(false);
      }),
    );
  });
});
