/** Socket.IO rooms, one per audience of a meeting. */
export const rooms = {
  wall: (meetingId: string) => `m:${meetingId}:wall`,
  staff: (meetingId: string) => `m:${meetingId}:staff`,
  seat: (meetingId: string, seatId: string) => `m:${meetingId}:seat:${seatId}`,
};
