import type { ConsolePush } from './console-view';
import type { Server } from 'socket.io';
import type { Socket } from 'socket.io-client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ConsoleView, DelegateView, PublicView } from '../domain/views';
import { SERVER_EVENT_SCHEMAS } from './acks';
import type { ErrorAck } from './errors';
import type {
  ClientAck,
  ClientAnswer,
  ClientToServerEvents,
  HoldsBinary,
  InterServerEvents,
  ServerEventName,
  ServerEventPayload,
  ServerSent,
  ServerToClientEvents,
  SessionReplaced,
} from './event-map';
import type { SeatMapDelta } from './seat-map';
import { ClientEvents, SERVER_EVENTS, type CastReceipt, type ClientEventName, type ClientPayload, type SeatView, type TabletPublicView, type TurnoutUpdate } from './socket';

/*
 * The event map is types only, so most of this file is checked by `npx tsc --noEmit` (tests are
 * in tsconfig.json), not by vitest: each `@ts-expect-error` below fails the typecheck the day its
 * line stops being an error, i.e. the day the map stops checking names, payloads or acks.
 */

type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents>;
type TypedClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Never called: compiled only. */
export function serverEmits(io: TypedServer, seat: SeatView, turnout: TurnoutUpdate, tablets: TabletPublicView): void {
  io.to('room').emit(SERVER_EVENTS.seat, seat);
  io.local.to('room').emit(SERVER_EVENTS.turnout, turnout);
  io.to('room').emit('meeting:view', tablets);
  // @ts-expect-error a misspelt event name
  io.to('room').emit('meeting:veiw', tablets);
  // @ts-expect-error a payload of another event
  io.to('room').emit(SERVER_EVENTS.turnout, seat);
  // @ts-expect-error a payload missing a field
  io.to('room').emit('ballot:turnout', { ballotId: 'b1', voted: 1 });
  // @ts-expect-error session:replaced has one reason
  io.to('room').emit(SERVER_EVENTS.replaced, { reason: 'kicked', at: 1 });
}

/** Never called: compiled only. */
export function clientEmits(socket: TypedClient): void {
  socket.emit('ballot:cast', { ballotId: 'b1', idempotencyKey: 'k-12345678', choice: { option: 'yes' } }, (answer) => {
    expectTypeOf(answer).toEqualTypeOf<ClientAnswer<'ballot:cast'>>();
    if (answer.ok) expectTypeOf(answer.receipt).toEqualTypeOf<CastReceipt>();
  });
  socket.emit('presidium:closeBallot', { ballotId: 'b1' }, () => {});
  // @ts-expect-error a misspelt event name
  socket.emit('presidium:closeBalot', { ballotId: 'b1' }, () => {});
  // @ts-expect-error a wrong payload field
  socket.emit('presidium:closeBallot', { ballot: 'b1' }, () => {});
  // @ts-expect-error an ack callback expecting another shape
  socket.emit('clock:sync', {}, (answer: { ok: true; serverTime: string }) => answer);
  // Events spread into ClientEvents from their own modules are in the map too.
  socket.emit('sitting:mark', { seatId: 's1', status: 'on_leave', reason: '出差' }, () => {});
  socket.emit('presidium:setWallMode', { mode: 'notice', notice: '休会十分钟' }, () => {});
  // @ts-expect-error not a wall mode
  socket.emit('presidium:setWallMode', { mode: 'disco' }, () => {});
  socket.on('seatmap:delta', (delta) => expectTypeOf(delta).toEqualTypeOf<SeatMapDelta>());
  // @ts-expect-error a listener expecting another payload
  socket.on(SERVER_EVENTS.seat, (update: TurnoutUpdate) => update);
}

describe('the Socket.IO event map (shared/protocol/event-map.ts)', () => {
  it('has one entry per client event, typed by its zod schema and its ack schema', () => {
    expectTypeOf<keyof ClientToServerEvents>().toEqualTypeOf<ClientEventName>();
    expectTypeOf<ClientToServerEvents['ballot:cast']>().parameter(0).toEqualTypeOf<ClientPayload<'ballot:cast'>>();
    expectTypeOf<ClientAck<'clock:sync'>>().toEqualTypeOf<{ ok: true; serverTime: number }>();
    expectTypeOf<ClientAck<'ballot:cast'>>().toEqualTypeOf<{ ok: true; receipt: CastReceipt; duplicate: boolean }>();
    expectTypeOf<ClientAnswer<'sitting:start'>>().toEqualTypeOf<{ ok: true; version: number; sittingId: string } | ErrorAck>();
    expectTypeOf<ClientAck<'sitting:mark'>>().toEqualTypeOf<{ ok: true; version: number; pendingRequestId?: string | undefined }>();
    // The names the types are built from are the ones the server parses with.
    expect(Object.keys(ClientEvents)).toContain('ballot:cast');
  });

  it('has one entry per server push, with the payload the server builds', () => {
    expectTypeOf<keyof ServerToClientEvents>().toEqualTypeOf<ServerEventName>();
    expectTypeOf<ServerEventPayload<'meeting:view'>>().toEqualTypeOf<PublicView | ConsoleView | ConsolePush | DelegateView | TabletPublicView>();
    expectTypeOf<ServerEventPayload<'meeting:seat'>>().toEqualTypeOf<SeatView>();
    expectTypeOf<ServerEventPayload<'ballot:turnout'>>().toEqualTypeOf<TurnoutUpdate>();
    expectTypeOf<ServerEventPayload<'seatmap:delta'>>().toEqualTypeOf<SeatMapDelta>();
    expectTypeOf<SessionReplaced>().toEqualTypeOf<{ reason: 'paired_on_another_device'; at: number }>();
    // The map is keyed by SERVER_EVENTS; acks.ts describes the same pushes (docs/PROTOCOL.md §11).
    expect(Object.keys(SERVER_EVENT_SCHEMAS).sort()).toEqual(Object.values(SERVER_EVENTS).sort());
  });

  it('sends no binary in any push or ack (the gateway encodes every packet as text)', () => {
    expectTypeOf<HoldsBinary<ServerSent>>().toEqualTypeOf<false>();
    expectTypeOf<ClientAnswer<'ballot:cast'> | DelegateView | SeatMapDelta>().toExtend<ServerSent>();
    // The check itself finds binary anywhere: in a field, an array, an optional or a union.
    expectTypeOf<HoldsBinary<{ ok: true; file: { data: Buffer }[] }>>().toEqualTypeOf<true>();
    expectTypeOf<HoldsBinary<{ ok: true; at?: ArrayBuffer }>>().toEqualTypeOf<true>();
    expectTypeOf<HoldsBinary<{ a: string } | { b: [number, Uint8Array] }>>().toEqualTypeOf<true>();
    expectTypeOf<HoldsBinary<{ a: string; b: number[]; c: { d: boolean | null } }>>().toEqualTypeOf<false>();
  });
});
