// A server that has raised its minimum client protocol (as an upgrade that breaks older clients
// does), over real sockets: stale clients get CLIENT_TOO_OLD, and the real client connection
// (client/src/lib/connection.ts) reloads its page once, then reports the refusal.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { connect, connectRefusal } from '../support/sockets';
import { startOneSeatMeeting } from '../support/one-seat-meeting';
import type { TestServer } from '../support/test-server';

const RAISED_MINIMUM = PROTOCOL_VERSION + 1;

// The server in this file is the next release: it needs RAISED_MINIMUM. The client code under
// test imports the same module, so it speaks RAISED_MINIMUM - 1 = today's PROTOCOL_VERSION.
vi.mock('../../shared/protocol/version', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/protocol/version')>();
  return { ...actual, MIN_CLIENT_PROTOCOL: actual.PROTOCOL_VERSION + 1 };
});

let server: TestServer;
let auth: { token: string; meetingId: string };

beforeAll(async () => {
  ({ server, auth } = await startOneSeatMeeting('upgraded'));
});
afterAll(() => server?.close());

describe('a server that needs a newer client', () => {
  it('refuses a client without a version (protocol 1) with CLIENT_TOO_OLD', async () => {
    const refusal = await connectRefusal(server.baseUrl, { ...auth, protocol: undefined });
    expect(refusal.code).toBe('CLIENT_TOO_OLD');
    expect(refusal.message).toMatch(/reload/);
  });

  it('refuses an older version with CLIENT_TOO_OLD, before it looks at the token', async () => {
    expect((await connectRefusal(server.baseUrl, { ...auth, protocol: PROTOCOL_VERSION })).code).toBe('CLIENT_TOO_OLD');
    expect((await connectRefusal(server.baseUrl, { token: 'forged', protocol: PROTOCOL_VERSION })).code).toBe('CLIENT_TOO_OLD');
  });

  it('serves a client of the new version', async () => {
    const socket = await connect(server.baseUrl, { ...auth, protocol: RAISED_MINIMUM });
    expect(socket.connected).toBe(true);
    socket.close();
  });
});

describe('the tablet/console connection (client/src/lib/connection.ts) when refused as too old', () => {
  it('reloads its page once, and reports CLIENT_TOO_OLD when a reload within a minute did not help', async () => {
    const reload = vi.fn();
    const storage = new Map<string, string>();
    const origin = new URL(server.baseUrl);
    // The browser globals the connection uses: its page's location (same origin) and sessionStorage.
    vi.stubGlobal('location', { protocol: origin.protocol, host: origin.host, hostname: origin.hostname, port: origin.port, href: server.baseUrl + '/tablet.html', reload });
    vi.stubGlobal('window', {
      location: globalThis.location,
      sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    });
    try {
      const { Connection } = await import('../../client/src/lib/connection');
      const refusedOnce = (): Promise<{ code: string } | 'reloaded'> =>
        new Promise((resolve) => {
          const reloadsBefore = reload.mock.calls.length;
          const connection = new Connection(auth, {
            onView: () => undefined,
            onDenied: (code) => {
              connection.close();
              resolve({ code });
            },
          });
          connection.socket.on('connect_error', () => {
            // The reload is synchronous inside the client's own connect_error handler.
            queueMicrotask(() => {
              if (reload.mock.calls.length > reloadsBefore) {
                connection.close();
                resolve('reloaded');
              }
            });
          });
        });

      expect(await refusedOnce()).toBe('reloaded');
      expect(reload).toHaveBeenCalledTimes(1);
      // The reloaded page met the same refusal (a cached bundle): no reload loop, a clear code.
      expect(await refusedOnce()).toEqual({ code: 'CLIENT_TOO_OLD' });
      expect(reload).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
