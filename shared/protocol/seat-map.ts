import { z } from 'zod';

/*
 * The console's seat map (docs/PROTOCOL.md, "Seat map"): which tablets are connected and who
 * has voted on the open ballot. Who voted is the public register, never what (invariant 4).
 * A console asks for the whole picture once (`console:seatMap`, O(N), after each connect) and
 * then gets throttled deltas (`seatmap:delta`, at most SEATMAP_PUSH_INTERVAL_MS apart per
 * meeting), never a full view per cast or per connect (invariant 5).
 */

export const SeatMapEvents = {
  /** any staff role: presence of every seat's tablet and the register of the latest ballot. */
  'console:seatMap': z.object({}).strict(),
} as const;

export const SEAT_MAP_EVENT_ROLES = {
  'console:seatMap': ['secretariat', 'presidium', 'chair', 'teller', 'observer', 'administrator'],
} as const;

/** Server → staff: the changes since the last delta. */
export const SEATMAP_DELTA_EVENT = 'seatmap:delta';

/** Deltas go out at most this often per meeting: a few a second however many tablets come and go. */
export const SEATMAP_PUSH_INTERVAL_MS = 300;

export interface SeatOffline {
  seatId: string;
  /** When this server last saw the tablet connected (epoch ms, server clock). */
  lastSeen: number;
}

export interface SeatMapSnapshot {
  /** Seats with a connected tablet. */
  online: string[];
  /** Seats whose tablet was connected earlier and is not now. Seats never seen are in neither list. */
  offline: SeatOffline[];
  /** The latest ballot and the seats on its register (who voted, never what); null before any ballot. */
  voted: { ballotId: string; seatIds: string[] } | null;
}

export interface SeatMapDelta {
  online: string[];
  offline: SeatOffline[];
  /** Seats that voted since the last delta, on `ballotId`. */
  voted: { ballotId: string; seatIds: string[] } | null;
}

const seatIds = z.array(z.string());
const offline = z.array(z.strictObject({ seatId: z.string(), lastSeen: z.number().int() }));
const voted = z.strictObject({ ballotId: z.string(), seatIds }).nullable();

export const SeatMapSnapshotSchema = z.strictObject({ online: seatIds, offline, voted }).describe('the console:seatMap answer');
export const SeatMapDeltaSchema = z.strictObject({ online: seatIds, offline, voted }).describe('seatmap:delta, to staff only');
