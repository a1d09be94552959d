import type { SeatOffline } from '../../shared/protocol/seat-map';

/**
 * Which seats have a connected tablet, kept by the gateway as tablets connect and disconnect:
 * O(1) per connect and per disconnect, O(N) only for the whole picture a console asks for once.
 *
 * Cluster mode (docs/OPERATIONS.md, "Seat map presence"): each node counts its own tablets and
 * sends its changes to the consoles of every node through the Socket.IO adapter (`io.to`), so
 * no shared Redis structure is written per connect. A console's whole picture merges this node's
 * counts with `fetchSockets()` of the meeting's tablet room across nodes — once per console
 * connect, never per change. `lastSeen` is the time the node that held the tablet saw it leave.
 */
export class Presence {
  /** meetingId → seatId → connected sockets on this node, and when the last one left. */
  private readonly meetings = new Map<string, Map<string, { sockets: number; lastSeen: number }>>();
  /**
   * Seats with more than one tablet on this node now (a reloaded page, a second device while the
   * first is still connected). While there are none, the usual case, every connected tablet is its
   * seat's only one here, which `aloneOnNode` answers for every vote without a look-up: a look-up
   * per vote was a cache miss of a 3,000-vote burst (~1 µs, docs/BENCHMARKS.md, "Register rows").
   */
  private seatsShared = 0;

  /** A tablet connected; true when the seat was not online on this node before. */
  connected(meetingId: string, seatId: string, now: number): boolean {
    let seats = this.meetings.get(meetingId);
    if (!seats) this.meetings.set(meetingId, (seats = new Map()));
    const seat = seats.get(seatId);
    if (seat) {
      seat.sockets++;
      if (seat.sockets === 2) this.seatsShared++;
      seat.lastSeen = now;
      return seat.sockets === 1;
    }
    seats.set(seatId, { sockets: 1, lastSeen: now });
    return true;
  }

  /** A tablet disconnected; true when the seat has no tablet left on this node. */
  disconnected(meetingId: string, seatId: string, now: number): boolean {
    const seat = this.meetings.get(meetingId)?.get(seatId);
    if (!seat || seat.sockets === 0) return false;
    seat.sockets--;
    if (seat.sockets === 1) this.seatsShared--;
    seat.lastSeen = now;
    return seat.sockets === 0;
  }

  /**
   * Whether a tablet of this node is its seat's only connection here (the fan-out sends a voter's
   * seat nothing else then: its ack says it all). Never for a disconnected tablet: another
   * connection of its seat may have come since.
   */
  aloneOnNode(tablet: { readonly connected: boolean }, meetingId: string, seatId: string): boolean {
    if (!tablet.connected) return false;
    return this.seatsShared === 0 || (this.meetings.get(meetingId)?.get(seatId)?.sockets ?? 0) <= 1;
  }

  isOnline(meetingId: string, seatId: string): boolean {
    return (this.meetings.get(meetingId)?.get(seatId)?.sockets ?? 0) > 0;
  }

  /** This node's picture of a meeting: O(seats seen). */
  snapshot(meetingId: string): { online: string[]; offline: SeatOffline[] } {
    const online: string[] = [];
    const offline: SeatOffline[] = [];
    for (const [seatId, seat] of this.meetings.get(meetingId) ?? []) {
      if (seat.sockets > 0) online.push(seatId);
      else offline.push({ seatId, lastSeen: seat.lastSeen });
    }
    return { online, offline };
  }
}
