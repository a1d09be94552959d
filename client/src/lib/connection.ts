import { RECONNECT_PAUSE } from '../../../shared/protocol/reconnect-pause';
import { RETRY_PAUSE_MS, retryPauseMs } from '../../../shared/protocol/retry-pause';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/event-map';
import type { SERVER_EVENTS, SeatView, TurnoutUpdate } from '../../../shared/protocol/socket';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import type { Ack, ClientEventName, ClientPayload, Refusal } from './protocol';
import { reloadStaleClient } from './stale-client';

/**
 * The server's event names, checked against the shared protocol by type only: importing the
 * value would pull the zod schemas (and zod) into every tablet's bundle.
 */
const EVENTS: typeof SERVER_EVENTS = {
  view: 'meeting:view',
  seat: 'meeting:seat',
  turnout: 'ballot:turnout',
  replaced: 'session:replaced',
  seatMap: 'seatmap:delta',
};

export interface ConnectionAuth {
  token: string;
  /** Staff tokens are not bound to a meeting, so staff say which one; delegate and wall tokens carry it. */
  meetingId?: string;
}

export interface ConnectionHandlers {
  /** Every view the server pushes or a sync returns, in arrival order. */
  onView(view: unknown): void;
  /** Tablets: the seat's own part of the view, pushed when it changes. */
  onSeat?(part: SeatView): void;
  onTurnout?(update: TurnoutUpdate): void;
  onReplaced?(info: { reason: string; at: number }): void;
  /** Fires on the first connect and after every reconnect, once the view has been re-read. */
  onOnline?(): void;
  onOffline?(): void;
  /** The server refused the handshake for good (bad or expired token, seat paired elsewhere, no such meeting). */
  onDenied?(code: string, message: string): void;
}

const DEFAULT_TIMEOUT_MS = 8000;
/** The longest a TOO_MANY_CONNECTIONS refusal may keep us waiting before trying again. */
const MAX_RECONNECT_MS = 60_000;
/** Handshake refusals that the same token will always get again. */
const FINAL_HANDSHAKE_CODES: ReadonlySet<string> = new Set([
  'UNAUTHORIZED',
  'FORBIDDEN',
  'BAD_REQUEST',
  'MEETING_NOT_FOUND',
  'UNKNOWN_SEAT',
  'DEVICE_REPLACED',
  // Reached only when a reload did not help (see reloadStaleClient).
  'CLIENT_TOO_OLD',
]);

/**
 * One Socket.IO connection to the meeting. Socket.IO reconnects by itself; after each (re)connect
 * the client re-reads its view and the server clock, because pushes sent while offline are lost.
 */
export class Connection {
  /** Typed by the shared event map (shared/protocol/event-map.ts): emits and listeners are checked. */
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** serverTime ≈ Date.now() + offsetMs, measured at the midpoint of a clock:sync round trip. */
  offsetMs = 0;
  private closed = false;

  constructor(
    auth: ConnectionAuth,
    private readonly handlers: ConnectionHandlers,
  ) {
    // Same origin as the page. WebSocket only: long-polling would need sticky sessions across cluster nodes.
    // `protocol` lets an upgraded server refuse this bundle with CLIENT_TOO_OLD (docs/PROTOCOL.md §3).
    this.socket = io({ transports: ['websocket'], ...RECONNECT_PAUSE, auth: { ...auth, protocol: PROTOCOL_VERSION } });
    this.socket.on(EVENTS.view, (view: unknown) => handlers.onView(view));
    this.socket.on(EVENTS.seat, (part: SeatView) => handlers.onSeat?.(part));
    this.socket.on(EVENTS.turnout, (update: TurnoutUpdate) => handlers.onTurnout?.(update));
    this.socket.on(EVENTS.replaced, (info: { reason: string; at: number }) => {
      // The seat now belongs to another device: stop reconnecting before the server drops us.
      this.close();
      handlers.onReplaced?.(info);
    });
    this.socket.on('connect', () => void this.resync());
    this.socket.on('disconnect', (reason) => {
      handlers.onOffline?.();
      // socket.io retries on its own after a network loss, but not when the server ended the
      // connection (a restart or a node leaving the cluster); the hall still needs us back.
      if (reason === 'io server disconnect') this.reconnectLater();
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: unknown; details?: unknown } }) => {
      // `active` stays true for network errors: socket.io keeps retrying by itself.
      if (this.socket.active) return handlers.onOffline?.();
      // Otherwise the server's handshake refused us and socket.io gives up. A refusal about the
      // token or the meeting is final; anything else (a store hiccup) is worth another try.
      const code = typeof err.data?.code === 'string' ? err.data.code : 'UNAUTHORIZED';
      if (code === 'CLIENT_TOO_OLD' && reloadStaleClient()) return;
      if (FINAL_HANDSHAKE_CODES.has(code)) return handlers.onDenied?.(code, err.message);
      handlers.onOffline?.();
      this.reconnectLater(retryAfterMs(err.data));
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  /**
   * Emits with an ack. Never throws: a timeout or being offline comes back as a Refusal with a
   * local code. Not sent at all while offline, so a stale command is never delivered late.
   */
  async request<E extends ClientEventName>(event: E, payload: ClientPayload<E>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Ack<E>> {
    if (!this.socket.connected) return offline();
    try {
      const answer: unknown = await this.socket.timeout(timeoutMs).emitWithAck<ClientEventName>(event, payload);
      if (isAck(answer)) return answer as Ack<E>;
      return { ok: false, code: 'INTERNAL', message: 'malformed answer from server' };
    } catch {
      return { ok: false, code: 'TIMEOUT', message: `no answer to ${event} within ${timeoutMs} ms` };
    }
  }

  async syncClock(): Promise<void> {
    const sentAt = Date.now();
    const ack = await this.request('clock:sync', {});
    if (!ack.ok) return;
    const receivedAt = Date.now();
    this.offsetMs = ack.serverTime - (sentAt + receivedAt) / 2;
  }

  async resync(): Promise<void> {
    const [view] = await Promise.all([this.request('meeting:sync', {}), this.syncClock()]);
    if (view.ok) this.handlers.onView(view.view);
    if (this.socket.connected) this.handlers.onOnline?.();
  }

  private reconnectLater(delayMs = retryPauseMs()): void {
    setTimeout(() => {
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delayMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.disconnect();
  }
}

/**
 * TOO_MANY_CONNECTIONS says how long until the server takes this token again (details.retryAfterSec);
 * anything else (a store hiccup) waits about 3 s, at random, so a hall refused at once does not
 * come back at once (retry-pause.ts).
 */
function retryAfterMs(data: { details?: unknown } | undefined): number {
  const after = (data?.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
  if (typeof after !== 'number' || !Number.isFinite(after)) return retryPauseMs();
  return Math.min(Math.max(after * 1000, RETRY_PAUSE_MS), MAX_RECONNECT_MS);
}

function offline(): Refusal {
  return { ok: false, code: 'OFFLINE', message: 'not connected to the server' };
}

function isAck(value: unknown): value is { ok: boolean } {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
