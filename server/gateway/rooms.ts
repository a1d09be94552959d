/** Socket.IO rooms, one per audience of a meeting. */
export const rooms = {
  wall: (meetingId: string) => `m:${meetingId}:wall`,
  staff: (meetingId: string) => `m:${meetingId}:staff`,
  seat: (meetingId: string, seatId: string) => `m:${meetingId}:seat:${seatId}`,
  /** Every tablet of a meeting (each is also in its seat's room): the shared part of their view goes here once. */
  tablets: (meetingId: string) => `m:${meetingId}:tablets`,
  /** Every socket of one staff login, across meetings: revoking the session empties it. */
  session: (sessionId: string) => `staff-session:${sessionId}`,
};
