// The handshake's protocol version (docs/PROTOCOL.md §3), over real sockets to the real server.
// What a server does once it has raised its minimum above today's clients is in
// client-too-old.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_CLIENT_PROTOCOL, PROTOCOL_VERSION, UNVERSIONED_CLIENT_PROTOCOL } from '../../shared/protocol/version';
import { connect, connectRefusal } from '../support/sockets';
import { startOneSeatMeeting } from '../support/one-seat-meeting';
import type { TestServer } from '../support/test-server';

let server: TestServer;
let auth: { token: string; meetingId: string };

beforeAll(async () => {
  ({ server, auth } = await startOneSeatMeeting('versioned'));
});
afterAll(() => server?.close());

describe('auth.protocol at the handshake', () => {
  it('accepts the current version', async () => {
    const socket = await connect(server.baseUrl, { ...auth, protocol: PROTOCOL_VERSION });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it('takes a missing version as protocol 1: served while the minimum is 1, else CLIENT_TOO_OLD', async () => {
    expect(UNVERSIONED_CLIENT_PROTOCOL).toBe(1);
    if (MIN_CLIENT_PROTOCOL <= UNVERSIONED_CLIENT_PROTOCOL) {
      const socket = await connect(server.baseUrl, { ...auth, protocol: undefined });
      expect(socket.connected).toBe(true);
      socket.close();
    } else {
      expect((await connectRefusal(server.baseUrl, { ...auth, protocol: undefined })).code).toBe('CLIENT_TOO_OLD');
    }
  });

  it('accepts a version newer than the server (a reloaded tablet on a node not yet upgraded)', async () => {
    const socket = await connect(server.baseUrl, { ...auth, protocol: PROTOCOL_VERSION + 1 });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it.each([['2'], [0], [-1], [1.5], [null], [{ v: 2 }]])('refuses auth.protocol %j with BAD_REQUEST', async (protocol) => {
    const refusal = await connectRefusal(server.baseUrl, { ...auth, protocol });
    expect(refusal.code).toBe('BAD_REQUEST');
    expect(refusal.message).toMatch(/auth\.protocol/);
  });
});
