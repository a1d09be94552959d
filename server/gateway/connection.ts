import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from '../../shared/protocol/event-map';
import type { Principal } from '../auth';
import { rooms } from './rooms';

/** What a socket is, fixed at the handshake. */
export interface ConnectionContext {
  principal: Principal;
  meetingId: string;
  /** The audience's room. */
  room: string;
  /**
   * The generation of this node's seat map (server/service/seat-map-generations.ts) in which the
   * tablet's device was last found to be its seat's current one (-1: not yet). Votes, ballots
   * and agenda steps leave the seat map alone, so a tablet's pairing is looked up once per
   * change of the seats, not at every vote (device-check.ts).
   */
  deviceCheckedAt: number;
}

/** Typed by the shared event map (shared/protocol/event-map.ts): emits and listeners are checked. */
export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionContext>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionContext>;

function roomFor(principal: Principal, meetingId: string): string {
  switch (principal.role) {
    case 'delegate':
      return rooms.seat(meetingId, principal.seatId);
    case 'wall':
      return rooms.wall(meetingId);
    case 'staff':
      return rooms.staff(meetingId);
  }
}

export function connectionContext(principal: Principal, meetingId: string): ConnectionContext {
  return { principal, meetingId, room: roomFor(principal, meetingId), deviceCheckedAt: -1 };
}
