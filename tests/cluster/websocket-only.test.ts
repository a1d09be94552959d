import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { congressSpec } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { redisServerAvailable } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/test-server';
import { startCluster, type TestCluster } from './cluster-nodes';

/** Guards against a hang; never an assertion about speed. */
const WAIT_MS = 15_000;

interface Outcome {
  connected: boolean;
  /** connect_error's message and, for HTTP transport errors, the status (`description`). */
  message?: string;
  status?: unknown;
}

/** One connection attempt with the given transports, without reconnecting. */
function attempt(baseUrl: string, transports: ('polling' | 'websocket')[], auth: Record<string, unknown>): Promise<Outcome> {
  const socket: Socket = io(baseUrl, { transports, auth: { protocol: PROTOCOL_VERSION, ...auth }, reconnection: false, forceNew: true, timeout: WAIT_MS });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.once('connect_error', (err: Error & { description?: unknown }) => {
      socket.close();
      resolve({ connected: false, message: err.message, status: err.description });
    });
  });
}

async function presidiumAuth(http: HttpClient, meetingId: string): Promise<Record<string, unknown>> {
  return { token: await http.staffToken('presidium'), meetingId };
}

describe.skipIf(!redisServerAvailable())('cluster nodes speak WebSocket only (no sticky sessions for polling)', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startCluster(1);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('refuses a polling-only client at the transport and accepts a websocket one', async () => {
    const baseUrl = cluster.nodes[0]!.baseUrl;
    // The first node on an empty Redis creates the demo meeting.
    const auth = await presidiumAuth(new HttpClient(baseUrl), 'demo-township');

    const polling = await attempt(baseUrl, ['polling'], auth);
    expect(polling).toEqual({ connected: false, message: 'xhr poll error', status: 400 });

    expect(await attempt(baseUrl, ['websocket'], auth)).toEqual({ connected: true });
  });
});

describe('embedded mode keeps long-polling as a fallback', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('accepts a polling-only client (the contrast that shows the cluster refusal is the transport)', async () => {
    const http = new HttpClient(server.baseUrl);
    const meetingId = await http.createMeeting(await http.staffToken('secretariat'), congressSpec(3));
    expect(await attempt(server.baseUrl, ['polling'], await presidiumAuth(http, meetingId))).toEqual({ connected: true });
  });
});
