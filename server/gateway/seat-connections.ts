import type { GatewaySocket } from './connection';
import { rooms } from './rooms';

/**
 * The seat rooms in which this node holds more than one tablet (a reloaded page, a second device
 * while the first is still connected): kept at connect and disconnect, so a vote's fan-out can
 * tell the usual case, the voter's connection alone in its seat's room, without looking the room
 * up. That look-up, in the adapter's map of every room of the node, was a cache miss per vote
 * (~1 µs of a 3,000-vote burst's profile, docs/BENCHMARKS.md, "Register rows").
 *
 * A tablet joins its seat's room when it connects and leaves it only as it disconnects
 * (gateway/index.ts), so a connected tablet is in its seat's room, and a room not counted here as
 * shared holds that tablet alone.
 */
export class SeatConnections {
  private readonly counts = new Map<string, number>();
  private readonly shared = new Set<string>();

  /** A tablet joined its seat's room (`socket.data.room`). */
  track(socket: GatewaySocket): void {
    if (socket.data.principal.role !== 'delegate') return;
    const { room } = socket.data;
    const count = (this.counts.get(room) ?? 0) + 1;
    this.counts.set(room, count);
    if (count > 1) this.shared.add(room);
  }

  /** The tablet disconnected (and so left its seat's room). */
  untrack(socket: GatewaySocket): void {
    if (socket.data.principal.role !== 'delegate') return;
    const { room } = socket.data;
    const count = (this.counts.get(room) ?? 0) - 1;
    if (count > 0) this.counts.set(room, count);
    else this.counts.delete(room);
    if (count <= 1) this.shared.delete(room);
  }

  /** Whether a connected tablet of this node is its seat's only connection here (its room is named only when some room is shared). */
  aloneInSeatRoom(tablet: { readonly connected: boolean }, meetingId: string, seatId: string): boolean {
    return tablet.connected && (this.shared.size === 0 || !this.shared.has(rooms.seat(meetingId, seatId)));
  }
}
