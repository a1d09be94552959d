/** Exact rates for display (R0.1: integer arithmetic only, no floats in any decision). */

export interface Rate {
  numerator: number;
  denominator: number;
  /** Rounded half-up to one decimal, e.g. "83.3%"; null when the denominator is 0. */
  percent: string | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, percent: percentString(numerator, denominator) };
}

/**
 * numerator/denominator as a percentage with one decimal, rounded half up, in integer math:
 * tenths of a percent = floor((2·n·1000 + d) / (2·d)). Exact while 2000·n stays below 2^53.
 */
export function percentString(numerator: number, denominator: number): string | null {
  if (denominator <= 0) return null;
  const tenths = Math.floor((numerator * 2000 + denominator) / (2 * denominator));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
