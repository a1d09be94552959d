/** Most seat rooms a meeting keeps names for (the roster allows 5,000 seats). */
const SEAT_ROOMS_PER_MEETING = 20_000;
/** meetingId → seatId → the seat room's name, one string object per seat (see seatRoom). */
const seatRoomNames = new Map<string, Map<string, string>>();

/**
 * The seat room's name as the same string object every time: the cast path uses it in three Map
 * lookups per vote (cast in flight, the adapter's room, the fan-out), and a string made anew
 * must be flattened and hashed at each; a kept one has its hash cached.
 */
function seatRoom(meetingId: string, seatId: string): string {
  let names = seatRoomNames.get(meetingId);
  if (!names) seatRoomNames.set(meetingId, (names = new Map()));
  let name = names.get(seatId);
  if (name === undefined) {
    name = `m:${meetingId}:seat:${seatId}`;
    if (names.size < SEAT_ROOMS_PER_MEETING) names.set(seatId, name);
  }
  return name;
}

/** Socket.IO rooms, one per audience of a meeting. */
export const rooms = {
  wall: (meetingId: string) => `m:${meetingId}:wall`,
  staff: (meetingId: string) => `m:${meetingId}:staff`,
  seat: seatRoom,
  /** Every tablet of a meeting (each is also in its seat's room): the shared part of their view goes here once. */
  tablets: (meetingId: string) => `m:${meetingId}:tablets`,
  /** Every socket of one staff login, across meetings: revoking the session empties it. */
  session: (sessionId: string) => `staff-session:${sessionId}`,
};
