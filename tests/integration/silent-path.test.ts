import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { DelegateView } from '../../shared/domain/views';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { startSilentRelay, type SilentRelay } from '../support/silent-relay';
import { ViewLog } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';
import { LATE, settledWithin } from '../support/until';

/**
 * An idle tablet whose path to the server goes silent (its proxy host lost: no FIN, no RST) hears
 * of it only from the heartbeat (PING_INTERVAL_MS and PING_TIMEOUT_MS in shared/protocol/socket.ts).
 * Both ends must notice within their sum, 20 s (Socket.IO's default took 45 s), and the tablet,
 * reconnected, must see the ballot opened meanwhile. The guard tells the two apart; no speed is
 * asserted.
 */
/** The heartbeat's 20 s and a margin for a loaded machine; a literal, so the test holds the promise the docs make. */
const NOTICED_WITHIN_MS = 25_000;

/**
 * From the server noticing to the cut: at once, with a margin for a loaded machine. Under the
 * gateway's wait for a close frame (5 s, websocket-engine.ts; ws's own is 30 s), which is what a
 * connection closed without the cut would get.
 */
const CUT_WITHIN_MS = 2_000;

async function within<T>(what: string, promise: Promise<T>): Promise<T> {
  const settled = await settledWithin(promise, NOTICED_WITHIN_MS);
  if (settled === LATE) throw new Error(`${what}: not within ${NOTICED_WITHIN_MS} ms`);
  return settled;
}

describe('a path to the server that goes silent', () => {
  let server: TestServer | undefined;
  let hall: Hall | undefined;
  let relay: SilentRelay | undefined;
  let tablet: Socket | undefined;

  afterAll(async () => {
    tablet?.close();
    hall?.closeSockets();
    await relay?.close();
    await server?.close();
  });

  it('is noticed by the tablet and the server within the heartbeat, and the tablet, back, sees the ballot opened meanwhile', async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, 3);
    await startSitting(hall);
    const seat = hall.tablets[0]!;
    // This seat's tablet goes through the relay instead, reconnecting by itself as the client does.
    seat.socket.close();
    relay = await startSilentRelay(Number(new URL(server.baseUrl).port));
    // The next connection the server takes is this tablet's (the rest of the hall is connected).
    const serverSide = new Promise<{ reason: string; atMs: number }>((resolve) =>
      server!.app.io.once('connection', (socket) => socket.once('disconnect', (reason) => resolve({ reason, atMs: Date.now() }))),
    );
    const views = new ViewLog<DelegateView>();
    tablet = io(relay.url, {
      transports: ['websocket'],
      auth: { token: seat.token, protocol: PROTOCOL_VERSION },
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    views.attach(tablet);
    await views.waitFor((v) => v.seat?.seatId === seat.seatId, 'the tablet’s first view');
    const tabletSide = new Promise<string>((resolve) => tablet!.once('disconnect', resolve));

    relay.silence();
    const cutAtMs = relay.serverClosedSilenced().then(() => Date.now());
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议' });

    expect(await within('the tablet noticing', tabletSide)).toBe('ping timeout');
    const noticed = await within('the server noticing', serverSide);
    expect(noticed.reason).toBe('ping timeout');
    // …and cuts the connection then, not after waiting for the silent peer to answer its close
    // frame (server/gateway/silent-peer.ts).
    expect((await within('the server cutting the connection', cutAtMs)) - noticed.atMs).toBeLessThan(CUT_WITHIN_MS);
    const view = await views.waitFor((v) => v.ballot?.ballotId === ballotId, 'the open ballot on the reconnected tablet');
    expect(view.ballot?.status).toBe('open');
  });
});
