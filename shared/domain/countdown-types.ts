/*
 * Issue 9 ("the shape of the core"): the event type of countdown.ts, in a leaf that imports nothing
 * of the domain but the leaf actor.ts, so meeting.ts can name them without importing countdown.ts
 * (which imports meeting.ts). countdown.ts re-exports them, so importers elsewhere need no change.
 */
import type { Actor } from './actor';

export type CountdownEvent =
  | { type: 'CountdownExtended'; at: number; by: Actor; ballotId: string; deadline: number | null; remainingMs: number | null }
  | { type: 'CountdownPaused'; at: number; by: Actor; ballotId: string; remainingMs: number }
  | { type: 'CountdownResumed'; at: number; by: Actor; ballotId: string; deadline: number };
