// R0.1: all counting is integer arithmetic. 过半数 is strict; 以上 includes the boundary.

/** 过半数: strictly more than half of `base`. */
export function moreThanHalf(count: number, base: number): boolean {
  return count * 2 > base;
}

/** "num/den 以上": at least num/den of `base`, boundary included. */
export function atLeastFraction(count: number, base: number, num: number, den: number): boolean {
  return count * den >= base * num;
}

/** Smallest count that is more than half of `base`. */
export function minMoreThanHalf(base: number): number {
  return Math.floor(base / 2) + 1;
}

/** Smallest count that is at least num/den of `base`. */
export function minAtLeastFraction(base: number, num: number, den: number): number {
  return Math.ceil((base * num) / den);
}
