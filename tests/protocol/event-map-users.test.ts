import type { Server } from 'socket.io';
import type { Socket } from 'socket.io-client';
import { describe, expectTypeOf, it } from 'vitest';
import type { Connection } from '../../client/src/lib/connection';
import type { AckData } from '../../client/src/lib/protocol';
import type { ConnectionContext, GatewayServer } from '../../server/gateway/connection';
import type { ClientAck, ClientToServerEvents, InterServerEvents, ServerToClientEvents } from '../../shared/protocol/event-map';
import type { ClientEventName } from '../../shared/protocol/socket';

/*
 * The sockets of the server and of the clients are typed by the shared event map
 * (shared/protocol/event-map.ts, checked itself in event-map.test.ts). Checked by `npx tsc
 * --noEmit`: were either side to fall back to untyped events, or the client's own ack types to
 * drift from what acks.ts says the server answers, the typecheck fails.
 */

/** Client events whose success ack, as acks.ts describes it, is not what the client relies on (AckData). */
type AckDataDrift = { [E in ClientEventName]: ClientAck<E> extends { ok: true } & AckData[E] ? never : E }[ClientEventName];

describe('users of the Socket.IO event map', () => {
  it('types the gateway and the client connection by it', () => {
    expectTypeOf<GatewayServer>().toEqualTypeOf<Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionContext>>();
    expectTypeOf<Connection['socket']>().toEqualTypeOf<Socket<ServerToClientEvents, ClientToServerEvents>>();
  });

  it("keeps the client's ack types within what the server's ack schemas promise", () => {
    expectTypeOf<AckDataDrift>().toBeNever();
  });
});
