/**
 * The Socket.IO event map shared by the server and every client: the typed-events parameters of
 * `Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>` (socket.io)
 * and `Socket<ServerToClientEvents, ClientToServerEvents>` (socket.io-client). Nothing here is new
 * protocol: every entry is derived from what already describes the wire, so a misspelt event name
 * or a wrong payload or ack shape fails the typecheck instead of a tablet in the hall.
 *   - client → server: the zod schemas of ClientEvents (socket.ts, with the maps spread into it)
 *     for the payload, and ACK_SCHEMAS (acks.ts) or ErrorAck for the ack;
 *   - server → client: SERVER_EVENTS (socket.ts) with the payload types the server builds.
 * Types only: importing this file pulls neither zod nor a schema into a client bundle.
 * Checked by shared/protocol/event-map.test.ts.
 */
import type { z } from 'zod';
import type { ConsoleView, DelegateView, PublicView } from '../domain/views';
import type { ConsolePush } from './console-view';
import type { ACK_SCHEMAS, SERVER_EVENT_SCHEMAS } from './acks';
import type { ErrorAck } from './errors';
import type { SeatMapDelta } from './seat-map';
import type { ClientEventName, ClientPayload, SERVER_EVENTS, SeatView, TabletPublicView, TurnoutUpdate } from './socket';

/**
 * The success ack of a client event, as acks.ts describes it. ACK_SCHEMAS is keyed loosely
 * (tests/protocol/protocol-docs.test.ts finds an event without an entry); such an event's ack
 * is only known to be `{ ok: true }`.
 */
export type ClientAck<E extends ClientEventName> = E extends keyof typeof ACK_SCHEMAS ? z.input<(typeof ACK_SCHEMAS)[E]> : { ok: true };

/** What the ack callback of a client event receives: its success ack or a refusal. */
export type ClientAnswer<E extends ClientEventName> = ClientAck<E> | ErrorAck;

/**
 * Client → server. Every event is emitted with a payload and an ack callback (bind-event.ts
 * ignores an emit without one). The server itself never trusts these types: it zod-parses each
 * payload (invariant 6); they check the emitting side.
 */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: (answer: ClientAnswer<E>) => void) => void;
};

/** session:replaced, as acks.ts describes it. */
export type SessionReplaced = z.output<(typeof SERVER_EVENT_SCHEMAS)['session:replaced']>;

/**
 * The payload of each server push, keyed like SERVER_EVENTS: a key added there without a
 * payload here fails the typecheck of ServerToClientEvents.
 */
export interface ServerEventPayloads {
  /**
   * The audience's view: wall PublicView; console ConsoleView on connect, then ConsolePush (only
   * the seats that changed); a tablet's whole DelegateView on connect, then TabletPublicView.
   */
  view: PublicView | ConsoleView | ConsolePush | DelegateView | TabletPublicView;
  seat: SeatView;
  turnout: TurnoutUpdate;
  replaced: SessionReplaced;
  seatMap: SeatMapDelta;
}

type ServerEventKey = keyof typeof SERVER_EVENTS;
export type ServerEventName = (typeof SERVER_EVENTS)[ServerEventKey];

/** Server → client (no acks). */
export type ServerToClientEvents = {
  [K in ServerEventKey as (typeof SERVER_EVENTS)[K]]: (payload: ServerEventPayloads[K]) => void;
};

/** The payload of a server push, by its event name. */
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Nodes of a cluster talk through the store and the Redis adapter's broadcasts, never serverSideEmit. */
export type InterServerEvents = Record<never, never>;

/** What Socket.IO would send as a binary attachment instead of JSON text. */
type Binary = ArrayBuffer | ArrayBufferView | Blob;

/**
 * `true` when a value of type T can hold binary anywhere inside (looked at ten levels deep).
 * The server sends every packet as JSON text without searching it for binary first
 * (server/gateway/text-encoder.ts); event-map.test.ts holds every push and ack to `false`.
 */
export type HoldsBinary<T> = true extends BinaryInside<T, []> ? true : false;

/** Per member of a union (distributive): `true`, `false` or both (`boolean`). */
type BinaryInside<T, Depth extends unknown[]> = Depth['length'] extends 10
  ? false
  : T extends Binary
    ? true
    : T extends readonly (infer Item)[]
      ? BinaryInside<Item, [...Depth, 0]>
      : T extends object
        ? { [K in keyof T]-?: BinaryInside<T[K], [...Depth, 0]> }[keyof T]
        : false;

/** Everything the server sends: every push's payload and every ack. */
export type ServerSent = ServerEventPayloads[keyof ServerEventPayloads] | { [E in ClientEventName]: ClientAnswer<E> }[ClientEventName];
