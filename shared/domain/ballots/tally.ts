import type { BallotBox } from './box-papers';
import type { PaperCheck, Parsed } from './paper-key';

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

/** How one ballot kind reads its papers into a tally: the only part that differs between kinds. */
export interface PaperTallyRules<S, P, R extends string, T> {
  emptyTally(spec: S): T;
  parseKey(key: string): Parsed<P>;
  checkPaper(spec: S, paper: unknown): PaperCheck<P, R>;
  /** Adds `times` identical papers; an unreadable one (check not ok) is counted as void. */
  addPaper(tally: T, check: PaperCheck<P, R>, times: number): void;
}

/** Tallies a closed box: each distinct paper key once, weighted by how many such papers it holds. */
export function tallyBoxWith<S, P, R extends string, T>(rules: PaperTallyRules<S, P, R, T>, spec: S, box: BallotBox): T {
  const tally = rules.emptyTally(spec);
  for (const [key, times] of boxEntries(box)) {
    const parsed = rules.parseKey(key);
    rules.addPaper(tally, parsed.ok ? rules.checkPaper(spec, parsed.value) : parsed, times);
  }
  return tally;
}

/** Tallies papers one by one (manual entry, and the reference the box tally must match). */
export function tallyPapers<S, P, R extends string, T>(
  rules: PaperTallyRules<S, P, R, T>,
  spec: S,
  papers: readonly unknown[],
): T {
  const tally = rules.emptyTally(spec);
  for (const paper of papers) rules.addPaper(tally, rules.checkPaper(spec, paper), 1);
  return tally;
}
