import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import type { ErrorAck } from '../../shared/protocol/errors';
import { SERVER_EVENTS, type ClientEventName, type SeatView } from '../../shared/protocol/socket';
import { isWholeTabletView, TabletViewParts } from '../../shared/protocol/tablet-view';
import { ConsoleViewParts, isConsolePush } from '../../shared/protocol/console-view';
import { judgeView, type ViewStamp } from '../../shared/protocol/view-epoch';

/** Guards against a hang; never an assertion about speed. */
const WAIT_MS = 15_000;

export interface ConnectRefusal {
  message: string;
  code: string | undefined;
}

/** A real Socket.IO client over websocket only, that does not reconnect by itself. */
export function openSocket(baseUrl: string, auth: Record<string, unknown>): Socket {
  // Speaks the current protocol unless the test says otherwise (auth.protocol, docs/PROTOCOL.md §3).
  return io(baseUrl, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION, ...auth }, reconnection: false, forceNew: true, timeout: WAIT_MS });
}

/** Connects; rejects with the server's refusal. */
export function connect<V>(baseUrl: string, auth: Record<string, unknown>, views?: ViewLog<V>): Promise<Socket> {
  const socket = openSocket(baseUrl, auth);
  views?.attach(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(Object.assign(new Error(err.message), { code: err.data?.code }));
    });
  });
}

/** The refusal a connection attempt meets; fails the test if it connects. */
export async function connectRefusal(baseUrl: string, auth: Record<string, unknown>): Promise<ConnectRefusal> {
  try {
    const socket = await connect(baseUrl, auth);
    socket.close();
  } catch (err) {
    return { message: (err as Error).message, code: (err as { code?: string }).code };
  }
  throw new Error('the connection was accepted');
}

export type Ack = ({ ok: true } & Record<string, unknown>) | ErrorAck;

export function emitAck(socket: Socket, event: ClientEventName | string, payload?: unknown): Promise<Ack> {
  const timed = socket.timeout(WAIT_MS);
  return (payload === undefined ? timed.emitWithAck(event) : timed.emitWithAck(event, payload)) as Promise<Ack>;
}

/** emitAck that fails the test unless the ack is ok. */
export async function emitOk(socket: Socket, event: ClientEventName, payload?: unknown): Promise<{ ok: true } & Record<string, unknown>> {
  const ack = await emitAck(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} refused: ${ack.code} ${ack.message}`);
  return ack;
}

/**
 * emitOk for a client sending many commands in a row on one connection (a clerk marking a roll):
 * a RATE_LIMITED answer is waited out and the same request sent again, as the protocol advises
 * (shared/protocol/error-advice.ts); any other refusal fails the test.
 */
export async function emitOkPaced(socket: Socket, event: ClientEventName, payload?: unknown): Promise<{ ok: true } & Record<string, unknown>> {
  for (;;) {
    const ack = await emitAck(socket, event, payload);
    if (ack.ok) return ack;
    if (ack.code !== 'RATE_LIMITED') throw new Error(`${event} refused: ${ack.code} ${ack.message}`);
    const wait = Number((ack.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs ?? 100);
    await new Promise((resolve) => setTimeout(resolve, Number.isFinite(wait) && wait > 0 ? wait : 100));
  }
}

/**
 * Keeps the latest pushed view of one socket and waits for one that satisfies a condition.
 * A tablet's view arrives in two parts (meeting:view, meeting:seat): like the tablet client,
 * the log keeps them and its `latest` is the composed DelegateView.
 */
export class ViewLog<V> {
  latest: V | null = null;
  private waiters: { test: (v: V) => boolean; resolve: (v: V) => void }[] = [];

  attach(socket: Socket): this {
    const parts = new TabletViewParts();
    const consoleParts = new ConsoleViewParts();
    let tablet = false;
    socket.on(SERVER_EVENTS.seat, (own: SeatView) => {
      tablet = true;
      const composed = parts.acceptSeat(own);
      if (composed) this.accept(composed as V);
    });
    const onView = (view: V): void => {
      tablet ||= isWholeTabletView(view as never);
      if (!tablet && isConsolePush(view)) {
        // A console push without unchanged seats (docs/PROTOCOL.md §5): as the console client does.
        const whole = consoleParts.accept(view);
        if (whole) this.accept(whole as V);
        if (consoleParts.needsSync) socket.emit('meeting:sync', {}, (ack: { ok: boolean; view?: V }) => ack.ok && ack.view && onView(ack.view));
        return;
      }
      if (!tablet) {
        // The wall: the one rule of every client (view-epoch.ts), as live.svelte.ts applies it.
        if (judgeView(this.latest as ViewStamp | null, view as ViewStamp) !== 'drop') this.accept(view);
        return;
      }
      const composed = parts.acceptView(view as never);
      if (composed) this.accept(composed as V);
      // A push without the agenda or spec it names (issue 9): the whole view, as the tablet client does.
      if (parts.needsSync) socket.emit('meeting:sync', {}, (ack: { ok: boolean; view?: V }) => ack.ok && ack.view && onView(ack.view));
    };
    socket.on(SERVER_EVENTS.view, onView);
    return this;
  }

  private accept(view: V): void {
    this.latest = view;
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(view)) return true;
      w.resolve(view);
      return false;
    });
  }

  waitFor(test: (v: V) => boolean, what = 'a matching view'): Promise<V> {
    if (this.latest !== null && test(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve: (v: V) => (clearTimeout(timer), resolve(v)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}; latest: ${JSON.stringify(this.latest)?.slice(0, 500)}`));
      }, WAIT_MS);
      this.waiters.push(waiter);
    });
  }
}

/** Resolves with the first occurrence of `event` on `socket`. */
export function nextEvent<T = unknown>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), WAIT_MS);
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
