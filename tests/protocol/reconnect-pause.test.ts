// The shipped tablet/console connection (client/src/lib/connection.ts) over real sockets: after a
// dropped connection it tries again with the pauses every client of the project uses
// (shared/protocol/reconnect-pause.ts), and the benchmark's tablets mirror them (bench/client.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RECONNECT_PAUSE } from '../../shared/protocol/reconnect-pause';
import { startOneSeatMeeting } from '../support/one-seat-meeting';
import type { TestServer } from '../support/test-server';

let server: TestServer;
let auth: { token: string; meetingId: string };

beforeAll(async () => {
  ({ server, auth } = await startOneSeatMeeting('reconnect-pause'));
});
afterAll(() => server?.close());

describe('the tablet connection after its connection drops', () => {
  it('tries again after 1 s ± 50 %, doubling to at most 2 s, and reads its view again', async () => {
    const origin = new URL(server.baseUrl);
    vi.stubGlobal('location', { protocol: origin.protocol, host: origin.host, hostname: origin.hostname, port: origin.port, href: server.baseUrl + '/tablet.html', reload: () => undefined });
    vi.stubGlobal('window', { location: globalThis.location, sessionStorage: { getItem: () => null, setItem: () => undefined } });
    try {
      const { Connection } = await import('../../client/src/lib/connection');
      const onlineAt: number[] = [];
      let offlineAt = 0;
      const views: unknown[] = [];
      const connection = new Connection(auth, {
        onView: (view) => views.push(view),
        onOnline: () => onlineAt.push(Date.now()),
        // The drop below, not anything before the first connection.
        onOffline: () => {
          if (onlineAt.length === 1 && offlineAt === 0) offlineAt = Date.now();
        },
      });
      try {
        const manager = connection.socket.io;
        expect([manager.reconnectionDelay(), manager.reconnectionDelayMax(), manager.randomizationFactor()]).toEqual([
          RECONNECT_PAUSE.reconnectionDelay,
          RECONNECT_PAUSE.reconnectionDelayMax,
          RECONNECT_PAUSE.randomizationFactor,
        ]);
        await vi.waitFor(() => expect(onlineAt).toHaveLength(1), { timeout: 5000 });

        // The network drops under the socket (not the server saying goodbye): socket.io's own pauses.
        manager.engine.close();
        await vi.waitFor(() => expect(onlineAt).toHaveLength(2), { timeout: 10_000 });
        expect(offlineAt).toBeGreaterThan(0);
        // The first try waits at least 1 s × (1 − 50 %): a hall's tablets never all come back at once.
        expect(onlineAt[1]! - offlineAt).toBeGreaterThanOrEqual(RECONNECT_PAUSE.reconnectionDelay * (1 - RECONNECT_PAUSE.randomizationFactor));
        expect(views.length).toBeGreaterThanOrEqual(2);
      } finally {
        connection.close();
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
