import type { BallotBox } from './kinds';

/** Who could vote when the ballot closed. */
export interface CountContext {
  /** 应到: all lawful seats (R0.2), the base of every pass rule. */
  total: number;
  /** 实到 at close. */
  present: number;
  /**
   * 发出: ballot papers issued (R3.4). Electronically, the delegates signed in and eligible;
   * defaults to `present`.
   */
  issued?: number;
}

/** R3.4 (XJF 第四十四条): more papers returned than issued voids the whole vote. */
export function returnedFitsIssued(returned: number, issued: number): boolean {
  return returned <= issued;
}

/**
 * The box's entries with positive counts. A count that is not a non-negative whole number
 * means the box itself is corrupt (it is built by the system, never by a delegate), so this
 * throws rather than guess.
 */
export function boxEntries(box: BallotBox): Array<readonly [string, number]> {
  const entries: Array<readonly [string, number]> = [];
  for (const [key, count] of Object.entries(box)) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`ballot box count for ${JSON.stringify(key)} must be a non-negative integer, got ${count}`);
    }
    if (count > 0) entries.push([key, count]);
  }
  return entries;
}
