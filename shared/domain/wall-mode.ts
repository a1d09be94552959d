import type { CommandContext, Decision } from './decision';
import type { MeetingState } from './meeting';
import { settingsOf } from './settings';
import type { WallMode, ShownWallMode, WallSetting, WallModeSetEvent } from './wall-mode-types';
// Issue 9: defined in the leaf wall-mode-types.ts (meeting.ts needs them, and must not import this module).
export type { WallMode, ShownWallMode, WallSetting, WallModeSetEvent } from './wall-mode-types';
import { WALL_MODES } from './wall-mode-types';
export { WALL_MODES };

/*
 * What the results wall (大屏) shows, chosen by the presidium or the secretariat from the
 * console in one click. The choice is an event in the log (WallModeSet), so every wall of the
 * meeting, on any node, follows it, and a restart or a replay shows what was shown.
 */

export const DEFAULT_WALL: WallSetting = { mode: 'auto', notice: null };

/** A notice is a few lines read across the hall, not a document. */
export const MAX_WALL_NOTICE_LENGTH = 200;

export interface SetWallModeCommand {
  type: 'SetWallMode';
  mode: WallMode;
  /** Omitted or null keeps the notice already set. */
  notice?: string | null;
}

/** PublicView.wall: the setting, and the meeting's settings that change what the wall may show. */
export interface WallView extends WallSetting {
  /** R8 setting hideUnsatisfiedNamesOnWall (default false): a rating's 不满意 subjects are shown without their names. */
  hideUnsatisfiedNames: boolean;
}

/** The flag comes from the meeting's settings with their R8 defaults (settings.ts: off by default). */
export function wallView(state: Pick<MeetingState, 'wall' | 'spec'>): WallView {
  return { ...wallOf(state), hideUnsatisfiedNames: settingsOf(state.spec).hideUnsatisfiedNamesOnWall };
}

export function isWallMode(value: unknown): value is WallMode {
  return typeof value === 'string' && (WALL_MODES as readonly string[]).includes(value);
}

/** The wall's setting in a state; old states (and logs written before walls had modes) are 'auto'. */
export function wallOf(state: Pick<MeetingState, 'wall'>): WallSetting {
  return state.wall ?? DEFAULT_WALL;
}

/**
 * Any phase: the wall shows the 会标 before the session and after it. The notice mode needs a
 * text (the one given, or the one already set); choosing the same setting again is a no-op.
 */
export function decideWallMode(state: MeetingState, command: SetWallModeCommand, { actor, now }: CommandContext): Decision {
  if (!isWallMode(command.mode)) return { ok: false, code: 'INVALID_WALL_MODE', message: `no wall mode ${String(command.mode)}` };
  const current = wallOf(state);
  const given = command.notice?.trim() ?? '';
  if (given.length > MAX_WALL_NOTICE_LENGTH) {
    return { ok: false, code: 'INVALID_WALL_MODE', message: `a wall notice has at most ${MAX_WALL_NOTICE_LENGTH} characters` };
  }
  const notice = given.length > 0 ? given : current.notice;
  if (command.mode === 'notice' && !notice) return { ok: false, code: 'INVALID_WALL_MODE', message: 'the notice mode needs a text' };
  if (current.mode === command.mode && current.notice === notice) return { ok: true, events: [] };
  return { ok: true, events: [{ type: 'WallModeSet', at: now, by: actor, mode: command.mode, notice }] };
}

export function applyWallModeSet(state: MeetingState, event: WallModeSetEvent): MeetingState {
  // A mode from a newer writer that this version cannot draw: keep what is shown.
  if (!isWallMode(event.mode)) return state;
  return { ...state, wall: { mode: event.mode, notice: event.notice } };
}

/** What shownWallMode reads: the public view's parts, so the wall and the console preview agree. */
export interface WallInputs {
  phase: 'prepared' | 'in_session' | 'closed';
  currentItemId: string | null;
  ballot: { itemId: string; status: 'open' | 'closed' | 'published' | 'void' } | null;
  wall?: { mode: WallMode } | undefined;
}

/**
 * The mode drawn. 'auto': the voting board while the current item's ballot is open or being
 * counted, its result once published (R2.8) or its voiding (R2.9: the hall is told), the sign-in
 * figures otherwise; the 会标 once the session is closed.
 */
export function shownWallMode(view: WallInputs): ShownWallMode {
  const chosen = view.wall?.mode ?? 'auto';
  if (chosen !== 'auto') return chosen;
  if (view.phase === 'closed') return 'emblem';
  const ballot = view.ballot && view.ballot.itemId === view.currentItemId ? view.ballot : null;
  if (ballot?.status === 'open' || ballot?.status === 'closed') return 'voting';
  if (ballot?.status === 'published' || ballot?.status === 'void') return 'result';
  return 'attendance';
}
