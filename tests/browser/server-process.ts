import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMain, stopWithin, type ChildServer } from '../support/child-server';
import { TEST_ADMIN_PASSWORD, TEST_JWT_SECRET } from '../support/test-config';

export interface RunningServer {
  baseUrl: string;
  /** Everything the current process printed, for a failure message. */
  output(): string;
  /** SIGTERM, as an operator's restart: the server says goodbye to every socket. Data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

/** Guards against a hang; never an assertion about speed. */
const STOP_GUARD_MS = 20_000;

/** A port chosen before the start, so the links the server prints (PUBLIC_URL) can name it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real server as an operator starts it (server/main.ts), with an empty data directory so it
 * creates its demo meeting. The clients must already be built.
 */
export async function startServer(): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-browser-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
  };
  let child: ChildServer | null = null;

  const stop = async () => {
    if (!child) return;
    const stopping = child;
    child = null;
    // The server cuts silent peers after its grace (server/http/open-connections.ts); a stop that
    // outlasts this guard is a hang, reported with the server's log instead of a test timeout.
    if ((await stopWithin(stopping, STOP_GUARD_MS)) === 'hung') {
      throw new Error(`the server did not stop within ${STOP_GUARD_MS} ms of SIGTERM:\n${stopping.output()}`);
    }
  };
  const start = async () => {
    child = await startMain(env);
  };

  try {
    await start();
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    baseUrl,
    output: () => child?.output() ?? '',
    stop,
    start,
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
