/*
 * Issue 9 ("the shape of the core"): the modes, setting and event types of wall-mode.ts, in a leaf
 * that imports nothing of the domain but the leaf actor.ts, so meeting.ts can name them without
 * importing wall-mode.ts (which imports meeting.ts). wall-mode.ts re-exports them, so importers
 * elsewhere need no change.
 */
import type { Actor } from './actor';

/** The modes a console can choose; 'auto' follows the ballot (see shownWallMode). */
export const WALL_MODES = [
  'auto',
  'emblem',
  'agenda',
  'attendance',
  'voting',
  'result',
  'named_map',
  'speaker',
  'notice',
  'blank',
] as const;

export type WallMode = (typeof WALL_MODES)[number];
/** A mode the wall actually draws: 'auto' resolved. */
export type ShownWallMode = Exclude<WallMode, 'auto'>;

/** The wall's setting as PublicView carries it. */
export interface WallSetting {
  mode: WallMode;
  /** The text of the 'notice' mode (公告); kept when another mode is chosen, so it can be shown again. */
  notice: string | null;
}

export interface WallModeSetEvent {
  type: 'WallModeSet';
  at: number;
  by: Actor;
  mode: WallMode;
  notice: string | null;
}
