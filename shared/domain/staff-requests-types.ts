/*
 * Issue 9 ("the shape of the core"): the request and event types of staff-requests.ts, in a leaf
 * that imports nothing of the domain but the leaf actor.ts, so meeting.ts can name them without
 * importing staff-requests.ts (which imports meeting.ts). staff-requests.ts re-exports them, so
 * importers elsewhere need no change.
 */
import type { Actor, AttendanceStatus } from './actor';

export type GuardedChange =
  /** `reason`: 请假 or a staff sign-in's reason (sittings.ts), kept with the mark once approved. */
  | { kind: 'attendance'; seatId: string; status: AttendanceStatus; reason?: string }
  | { kind: 'pairing'; seatId: string; codeHash: string };

export type RequestStatus = 'pending' | 'approved' | 'rejected';

export interface StaffRequest {
  requestId: string;
  /** The ballot that was open when the change was asked for. */
  ballotId: string;
  change: GuardedChange;
  requestedBy: Actor;
  requestedAt: number;
  status: RequestStatus;
  decidedBy: Actor | null;
  decidedAt: number | null;
}

export type StaffRequestEvent =
  | { type: 'ChangeRequested'; at: number; by: Actor; requestId: string; ballotId: string; change: GuardedChange }
  | { type: 'ChangeDecided'; at: number; by: Actor; requestId: string; approved: boolean };
