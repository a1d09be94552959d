/*
 * Issue 9 ("the shape of the core"): the event and pending-request types of void-confirmation.ts,
 * in a leaf that imports nothing of the domain but the leaf actor.ts, so meeting.ts can name them
 * without importing void-confirmation.ts (which imports meeting.ts). void-confirmation.ts
 * re-exports them, so importers elsewhere need no change.
 */
import type { Actor } from './actor';

export type VoidConfirmationEvent =
  | { type: 'VoidRequested'; at: number; by: Actor; ballotId: string; reason: string }
  | { type: 'VoidRequestDecided'; at: number; by: Actor; ballotId: string; approved: boolean };

export interface PendingVoid {
  by: Actor;
  at: number;
  reason: string;
}
