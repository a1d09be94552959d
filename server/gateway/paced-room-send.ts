import type { ServerEventName, ServerEventPayload } from '../../shared/protocol/event-map';
import type { GatewayServer } from './connection';

/**
 * Sockets written per turn of the event loop: ~1.5 ms of writes at a time, so the presidium's
 * publish, which needs a few turns (read, append, fsync, ack), is not held ~5 ms at each of them
 * as with 250 (close→wall medians 89 vs 101 ms over 8 rounds at 3,000 tablets, docs/BENCHMARKS.md).
 */
const DEFAULT_SLICE = 100;

interface RoomSend {
  event: ServerEventName;
  /** The payload of `event` (send() ties the two together; the type here cannot). */
  payload: ServerEventPayload<ServerEventName>;
  /** What sockets still owed an earlier payload of the room get instead (see send()). */
  whole: ServerEventPayload<ServerEventName>;
  /** Socket ids still owed this payload. */
  remaining: string[];
  /** Those of them that never got the payload this one replaced. */
  behind: ReadonlySet<string>;
  scheduled: boolean;
}

/**
 * Sends one payload to every socket of a big room (a meeting's 3,000 tablets) a slice per turn
 * of the event loop instead of in one synchronous run. Writing 3,000 websocket frames takes
 * ~150–250 ms on the 2-core machine; in one run it blocked the presidium's next command (the
 * publish after a close) and the wall's result behind it (docs/BENCHMARKS.md, close→wall).
 * Between slices the server reads and answers what arrived, so a step the hall waits on is
 * never queued behind a push to every tablet.
 *
 * Order per socket holds: a newer payload for a room replaces one still being sent, and every
 * socket of the room at that moment gets the newer one (those that had the older one, and
 * those still owed it), so no socket ever gets an older payload after a newer one. A socket
 * that joins the room meanwhile got its whole view when it connected, which is at least as new.
 *
 * A payload may leave out what the previous one carried (a tablet push without the agenda it
 * had: issue 9); a socket still owed the previous one when it is replaced gets `whole`, the
 * newer payload with everything, so skipping the older one costs it nothing.
 */
export class PacedRoomSend {
  private readonly sending = new Map<string, RoomSend>();
  private closed = false;

  constructor(
    private readonly io: GatewayServer,
    private readonly slice = DEFAULT_SLICE,
  ) {}

  send<E extends ServerEventName>(room: string, event: E, payload: ServerEventPayload<E>, whole: ServerEventPayload<E> = payload): void {
    const members = this.io.sockets.adapter.rooms.get(room);
    if (!members || members.size === 0 || this.closed) return;
    const current = this.sending.get(room);
    const behind = new Set(current?.remaining ?? []);
    const next: RoomSend = { event, payload, whole, remaining: [...members], behind, scheduled: current?.scheduled ?? false };
    this.sending.set(room, next);
    if (!next.scheduled) this.schedule(room, next);
  }

  /**
   * Stops what is still owed of the room's payload: it was rendered from a copy that is no longer
   * the node's (read again whole after a failover), and a client that got the new copy meanwhile
   * (a sync answer) must not be sent the old one after it. Whether anything was still owed: the
   * caller's next payload to the room must then be whole (the sockets skipped miss this one).
   */
  cancel(room: string): boolean {
    return this.sending.delete(room);
  }

  close(): void {
    this.closed = true;
    this.sending.clear();
  }

  private schedule(room: string, send: RoomSend): void {
    send.scheduled = true;
    setImmediate(() => this.sendSlice(room));
  }

  private sendSlice(room: string): void {
    const send = this.sending.get(room);
    if (!send || this.closed) return;
    send.scheduled = false;
    const ids = send.remaining.splice(0, this.slice);
    const behind = send.behind.size > 0 ? ids.filter((id) => send.behind.has(id)) : [];
    const upToDate = behind.length > 0 ? ids.filter((id) => !send.behind.has(id)) : ids;
    // One encode per slice (two when some are behind); each id is its socket's own room, on this node only.
    if (upToDate.length > 0) this.io.local.to(upToDate).emit(send.event, send.payload as never);
    if (behind.length > 0) this.io.local.to(behind).emit(send.event, send.whole as never);
    if (send.remaining.length > 0) this.schedule(room, send);
    else this.sending.delete(room);
  }
}
