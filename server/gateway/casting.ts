import type { GatewaySocket } from './connection';

/**
 * The connections whose cast is being recorded right now, per seat room. The voter's own
 * connection learns its receipt from the ack, so the seat's update after a vote goes only to the
 * seat's other connections (a reloaded page, another node): one message per cast, not two.
 *
 * A seat room almost always has one cast in flight, kept as its socket id alone: no Set made and
 * dropped per cast (a 3,000-vote burst is all allocation-bound, docs/BENCHMARKS.md).
 */
export class CastsInFlight {
  private readonly byRoom = new Map<string, string | string[]>();

  /**
   * Runs `cast` with the connection counted as casting into `room` until it settles; `answered`
   * sees the answer in the same promise step (not an async frame and a `then` of its own: every
   * vote of a burst passes here).
   */
  during<T>(socket: GatewaySocket, room: string, cast: () => Promise<T>, answered?: (answer: T) => void): Promise<T> {
    const id = socket.id;
    const held = this.byRoom.get(room);
    if (held === undefined) this.byRoom.set(room, id);
    else if (typeof held === 'string') this.byRoom.set(room, [held, id]);
    else held.push(id);
    let casting: Promise<T>;
    try {
      casting = cast();
    } catch (err) {
      this.release(room, id);
      return Promise.reject(err as Error);
    }
    return casting.then(
      (answer) => {
        this.release(room, id);
        answered?.(answer);
        return answer;
      },
      (err: unknown) => {
        this.release(room, id);
        throw err;
      },
    );
  }

  /** Whether every socket of `members` (a seat room's) is casting into it now: then nobody else there needs the seat's update. O(1) for the usual one socket, no allocation. */
  castingAll(room: string, members: ReadonlySet<string>): boolean {
    const held = this.byRoom.get(room);
    if (held === undefined) return members.size === 0;
    if (typeof held === 'string') return members.size === 0 || (members.size === 1 && members.has(held));
    for (const id of members) if (!held.includes(id)) return false;
    return true;
  }

  /** Socket ids (each is also a Socket.IO room) casting into `room` now. */
  castersIn(room: string): string[] {
    const held = this.byRoom.get(room);
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : [...new Set(held)];
  }

  private release(room: string, id: string): void {
    const held = this.byRoom.get(room);
    if (held === id) {
      this.byRoom.delete(room);
    } else if (Array.isArray(held)) {
      const at = held.indexOf(id);
      if (at >= 0) held.splice(at, 1);
      if (held.length === 0) this.byRoom.delete(room);
      else if (held.length === 1) this.byRoom.set(room, held[0] as string);
    }
  }
}
