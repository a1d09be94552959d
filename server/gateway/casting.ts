import type { GatewaySocket } from './connection';

/**
 * The connections whose cast is being recorded right now, per seat room. The voter's own
 * connection learns its receipt from the ack, so the seat's update after a vote goes only to the
 * seat's other connections (a reloaded page, another node): one message per cast, not two.
 */
export class CastsInFlight {
  private readonly byRoom = new Map<string, Set<string>>();

  async during<T>(socket: GatewaySocket, room: string, cast: () => Promise<T>): Promise<T> {
    let ids = this.byRoom.get(room);
    if (!ids) this.byRoom.set(room, (ids = new Set()));
    ids.add(socket.id);
    try {
      return await cast();
    } finally {
      ids.delete(socket.id);
      if (ids.size === 0 && this.byRoom.get(room) === ids) this.byRoom.delete(room);
    }
  }

  /** Socket ids (each is also a Socket.IO room) casting into `room` now. */
  castersIn(room: string): string[] {
    const ids = this.byRoom.get(room);
    return ids ? [...ids] : [];
  }
}
