import type { SeatState } from './meeting';

/**
 * A seat card's state as the console shows it (only hashes are stored, so never the code):
 * 'open' a printed code waits to be used, 'used' a device was paired and no new card is out,
 * 'none' no card was issued, or the last one was revoked before use.
 */
export type SeatCardStatus = 'none' | 'open' | 'used';

export function seatCardStatus(seat: SeatState): SeatCardStatus {
  if (seat.openCodeHashes.length > 0) return 'open';
  return seat.deviceId !== null ? 'used' : 'none';
}

/** What the seat map adds to a console seat: its card, and its hall position when the roster has one. */
export function seatMapFields(seat: SeatState): { card: SeatCardStatus; row?: number; column?: number } {
  const { row, column } = seat.delegate;
  return { card: seatCardStatus(seat), ...(row !== undefined && column !== undefined ? { row, column } : {}) };
}
