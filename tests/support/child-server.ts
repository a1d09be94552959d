import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Host } from './netns-hosts';
import { TEST_ADMIN_PASSWORD } from './test-config';
import { HttpClient } from './http-client';
import { LATE, settledWithin, until } from './until';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';
import { SERVER_ENTRY } from '../../scripts/build-server';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Guards against a hang; never an assertion about speed. */
const START_WAIT_MS = 30_000;

export interface ChildServer {
  process: ChildProcess;
  port: number;
  baseUrl: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * `node <SERVER_NODE_FLAGS> dist-server/main.mjs` as `npm start` runs it (built from the source by
 * the tests' global setup, build-server-once.ts), one process, so a SIGKILL really kills the server; on `host` (a network namespace: netns-hosts.ts), listening on
 * the host's addresses.
 */
function spawnMain(env: Record<string, string>, host?: Host): { child: ChildProcess; output: () => string; exited: ChildServer['exited'] } {
  const args = [...SERVER_NODE_FLAGS, SERVER_ENTRY];
  const options: SpawnOptions = {
    cwd: REPO_ROOT,
    // ADMIN_PASSWORD: the first administrator the test helpers log in as (tests/support/http-client.ts).
    env: { ...process.env, REDIS_URL: '', NODE_ENV: 'development', SKIP_CLIENT_BUILD: '1', HOST: host ? '0.0.0.0' : '127.0.0.1', PORT: '0', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  const child = host ? host.spawn(process.execPath, args, options) : spawn(process.execPath, args, options);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Runs main.ts until it exits on its own (e.g. refusing its configuration). */
export async function runMainToExit(env: Record<string, string>): Promise<ChildExit> {
  const { child, output, exited } = spawnMain(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), START_WAIT_MS);
  const { code, signal } = await exited;
  clearTimeout(timer);
  return { code, signal, output: output() };
}

/** Starts main.ts and resolves once its "listening" log line names the port. */
export async function startMain(env: Record<string, string>, host?: Host): Promise<ChildServer> {
  const { child, output, exited } = spawnMain(env, host);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output()}`));
    }, START_WAIT_MS);
    const onData = () => {
      for (const line of output().split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          resolve(entry.port);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output()}`));
    });
  });
  return { process: child, port, baseUrl: `http://${host?.address ?? '127.0.0.1'}:${port}`, output, exited };
}

/** SIGKILL: no shutdown hook runs, so only what was durable survives. */
export async function killHard(server: ChildServer): Promise<void> {
  server.process.kill('SIGKILL');
  await server.exited;
}

/**
 * SIGTERM, as an operator's stop, and its exit; 'hung' (the process then SIGKILLed) if it has not
 * exited within `guardMs`: a guard against a hang, never an assertion about speed.
 */
export async function stopWithin(server: ChildServer, guardMs: number): Promise<Awaited<ChildServer['exited']> | 'hung'> {
  server.process.kill('SIGTERM');
  const outcome = await settledWithin(server.exited, guardMs);
  if (outcome !== LATE) return outcome;
  await killHard(server);
  return 'hung';
}

/**
 * The sample seat the start-up banner names (printed after "listening", outside production),
 * paired as its tablet would pair: the token for a real tablet of the demo meeting.
 */
export async function pairSampleTablet(server: ChildServer, deviceId: string): Promise<string> {
  const code = await until('the sample tablet in the start-up banner', async () => /sample tablet: \S+\?pair=(\S+)/.exec(server.output())?.[1] ?? null, {
    withinMs: START_WAIT_MS,
    output: server.output,
  });
  const { body } = await new HttpClient(server.baseUrl).pair(code, deviceId);
  if (!body.ok) throw new Error(`pairing the sample tablet failed: ${JSON.stringify(body)}`);
  return body.token;
}
