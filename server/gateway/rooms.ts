import { flattened } from '../flattened';

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
    name = flattened(`m:${meetingId}:seat:${seatId}`);
    if (names.size < SEAT_ROOMS_PER_MEETING) names.set(seatId, name);
  }
  return name;
}

interface AudienceRoomNames {
  wall: string;
  staff: string;
  tablets: string;
}
/** meetingId → its audience rooms' names, one string object each (see audienceRooms). */
const audienceRoomNames = new Map<string, AudienceRoomNames>();

/**
 * A meeting's audience rooms' names as the same string objects every time: each socket keeps the
 * name of every room it joins, and a name made anew for each of 3,000 tablets was 3,000 copies
 * of one string (~64 bytes a tablet, docs/BENCHMARKS.md, "Memory per tablet").
 */
function audienceRooms(meetingId: string): AudienceRoomNames {
  let names = audienceRoomNames.get(meetingId);
  if (!names) {
    names = { wall: `m:${meetingId}:wall`, staff: `m:${meetingId}:staff`, tablets: `m:${meetingId}:tablets` };
    audienceRoomNames.set(meetingId, names);
  }
  return names;
}

/** Socket.IO rooms, one per audience of a meeting. */
export const rooms = {
  wall: (meetingId: string) => audienceRooms(meetingId).wall,
  staff: (meetingId: string) => audienceRooms(meetingId).staff,
  seat: seatRoom,
  /** Every tablet of a meeting (each is also in its seat's room): the shared part of their view goes here once. */
  tablets: (meetingId: string) => audienceRooms(meetingId).tablets,
  /** Every socket of one staff login, across meetings: revoking the session empties it. */
  session: (sessionId: string) => `staff-session:${sessionId}`,
};
