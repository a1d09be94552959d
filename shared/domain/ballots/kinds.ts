import {
  countMotion,
  DEFAULT_MOTION_SETTINGS,
  emptyMotionCounts,
  MOTION_OPTIONS,
  type MotionOption,
  type MotionResult,
  type MotionSettings,
} from './motion';

/**
 * A ballot box is an unordered multiset of ballot papers: canonical choice key → how many.
 * Keeping counts (not a list) is what lets a secret ballot be stored with nothing that
 * orders or links its papers to the register of who voted (architecture invariant 4).
 */
export type BallotBox = Record<string, number>;

/** 无记名 (anonymous/secret): who voted and what they chose are stored apart. 记名 (named): together. */
export type Secrecy = 'anonymous' | 'named';

export interface MotionBallotSpec {
  kind: 'motion';
  ballotId: string;
  itemId: string;
  title: string;
  secrecy: Secrecy;
  settings: MotionSettings;
  /** Countdown; null means the presidium closes it by hand. */
  durationSec: number | null;
  /** The voided ballot this one re-runs (R2.9), if any. */
  rerunOf: string | null;
}

export type BallotSpec = MotionBallotSpec;
export type BallotKind = BallotSpec['kind'];

export interface MotionChoice {
  option: MotionOption;
}
export type Choice = MotionChoice;

export type BallotResult = MotionResult;

export type ChoiceCheck = { ok: true; key: string } | { ok: false; message: string };

/** Checks a delegate's ballot paper against the ballot's rules; returns its canonical box key. */
export function checkChoice(spec: BallotSpec, choice: unknown): ChoiceCheck {
  switch (spec.kind) {
    case 'motion': {
      const option = (choice as { option?: unknown } | null)?.option;
      if (typeof option !== 'string' || !(MOTION_OPTIONS as readonly string[]).includes(option)) {
        return { ok: false, message: 'choice.option must be one of yes, no, abstain' };
      }
      return { ok: true, key: option };
    }
  }
}

/** Counts a closed ballot from its box. `total` is 应到, `present` is 实到 at close. */
export function countBallot(spec: BallotSpec, box: BallotBox, total: number, present: number): BallotResult {
  switch (spec.kind) {
    case 'motion': {
      const counts = emptyMotionCounts();
      for (const option of MOTION_OPTIONS) counts[option] = box[option] ?? 0;
      return countMotion(counts, total, present, spec.settings);
    }
  }
}

export function papersInBox(box: BallotBox): number {
  let n = 0;
  for (const count of Object.values(box)) n += count;
  return n;
}

export { DEFAULT_MOTION_SETTINGS };
