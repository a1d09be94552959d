/*
 * Issue 9 ("the shape of the core"): the state, roll-mark and event types of sittings.ts, in a leaf
 * that imports nothing of the domain but the leaf actor.ts, so meeting.ts can name them without
 * importing sittings.ts (which imports meeting.ts). sittings.ts re-exports them, so importers
 * elsewhere need no change.
 */
import type { Actor } from './actor';

export type SittingStatus = 'roll' | 'open' | 'closed';
export type SignInWindow = 'not_opened' | 'open' | 'closed';

export interface SittingFigures {
  total: number;
  present: number;
  onLeave: number;
  absent: number;
}

export interface SittingState {
  sittingId: string;
  /** 预备会议, 第一次全体会议, 常委会第三次会议 … ('' for the implicit sitting of an old log). */
  title: string;
  /** 1, 2, 3 … in the order the sittings started. */
  number: number;
  /** The one sitting of an old log, opened by its SessionOpened. */
  implicit: boolean;
  status: SittingStatus;
  signIn: SignInWindow;
  startedAt: number;
  openedAt: number | null;
  closedAt: number | null;
  /** The roll as the chair announced it (宣布开会). */
  atOpening: SittingFigures | null;
  /** The roll when the sitting closed, for the minutes. */
  atClose: SittingFigures | null;
}

export interface SittingsState {
  /** The sitting now running (or the last one, closed); null before the first one starts. */
  current: SittingState | null;
  /** Earlier sittings, closed, in order. */
  past: SittingState[];
  /** 缺席 now: a counter kept by the fold like `present` and `onLeave`. */
  absent: number;
}

/** Who marked a seat on this sitting's roll, when, and why (R1.4). */
export interface RollMark {
  by: Actor;
  at: number;
  /** Signed in after the window closed. */
  late: boolean;
  /** 请假 reason, or why a staff member signed the delegate in by hand. */
  reason: string | null;
}

export type SittingEvent =
  | { type: 'SittingStarted'; at: number; by: Actor; sittingId: string; title: string }
  | { type: 'SignInOpened'; at: number; by: Actor; sittingId: string }
  | { type: 'SignInClosed'; at: number; by: Actor; sittingId: string }
  /** 宣布开会: the roll as announced, quorum met (R1.5). */
  | ({ type: 'SittingOpened'; at: number; by: Actor; sittingId: string } & SittingFigures)
  | { type: 'SittingClosed'; at: number; by: Actor; sittingId: string };
