/*
 * Issue 9 ("the shape of the core"): the state and event types of speaking.ts, in a leaf that
 * imports nothing of the domain but the leaf actor.ts, so meeting.ts can name them without
 * importing speaking.ts (which imports meeting.ts). speaking.ts re-exports them, so importers
 * elsewhere need no change.
 */
import type { OrderedMap } from 'immutable';
import type { Actor, IdMap } from './actor';

export type FloorKind = 'speak' | 'inquiry';

export interface FloorRequest {
  requestId: string;
  seatId: string;
  kind: FloorKind;
  /** When it was asked for (server time). */
  at: number;
}

export interface FloorHolder extends FloorRequest {
  startedAt: number;
  /** The speaking time the presidium gave; null means no limit. */
  limitSeconds: number | null;
}

export interface SpeakingState {
  /** Waiting requests, oldest first. */
  queue: OrderedMap<string, FloorRequest>;
  /** seatId → the id of its waiting or speaking request: a seat has at most one. */
  bySeat: IdMap<string>;
  current: FloorHolder | null;
}

export type SpeakingEvent =
  | { type: 'FloorRequested'; at: number; by: Actor; requestId: string; seatId: string; kind: FloorKind }
  | { type: 'FloorWithdrawn'; at: number; by: Actor; requestId: string; seatId: string }
  | { type: 'FloorGranted'; at: number; by: Actor; requestId: string; seatId: string; limitSeconds: number | null }
  | { type: 'FloorSkipped'; at: number; by: Actor; requestId: string; seatId: string }
  | { type: 'FloorEnded'; at: number; by: Actor; requestId: string; seatId: string };
