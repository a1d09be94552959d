import type { Delegate, SeatState } from './meeting';

/**
 * A roster seat before anything has happened to it. Every seat object is made with the same
 * fields in the same order, `roll` included: a seat that gains a field later (the roll, at 签到)
 * gets a V8 hidden class of its own, ~240 bytes per seat in a big hall (docs/BENCHMARKS.md, memory).
 */
export function newSeat(delegate: Delegate): SeatState {
  return { delegate, attendance: 'not_signed_in', signedInAt: null, deviceId: null, openCodeHashes: [], roll: null };
}
