import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What a fresh server process (app.ts first, as main.ts and the benchmark load it) hands the
 * transport packages as `debug`, and what their loggers do: each package's own copy, as it
 * loads it from its own directory.
 */
const PROBE = `
import './server/app.ts';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const seen = {};
for (const name of ['socket.io', 'engine.io', 'socket.io-parser', 'socket.io-adapter', '@socket.io/redis-adapter']) {
  const debug = require(createRequire(require.resolve(name)).resolve('debug'));
  const logger = (debug.default ?? debug)('biaojue:probe');
  seen[name] = { enabled: logger.enabled, real: /args/.test(String(logger)), returns: logger('a line', { a: 1 }) ?? null };
}
process.stdout.write(JSON.stringify(seen));
`;

async function probe(debugEnv: string | undefined): Promise<Record<string, { enabled: boolean; real: boolean; returns: unknown }>> {
  const env: NodeJS.ProcessEnv = { ...process.env, DEBUG: debugEnv };
  if (debugEnv === undefined) delete env['DEBUG'];
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', PROBE], { cwd: ROOT, env });
  return JSON.parse(stdout) as Record<string, { enabled: boolean; real: boolean; returns: unknown }>;
}

describe('the transport packages’ debug loggers', () => {
  it('do nothing and collect nothing when DEBUG is unset (no arguments array per call on a vote’s path)', async () => {
    const seen = await probe(undefined);
    expect(Object.keys(seen)).toHaveLength(5);
    for (const [name, logger] of Object.entries(seen)) expect(logger, name).toEqual({ enabled: false, real: false, returns: null });
  }, 30_000);

  it('are the real ones, and log, when DEBUG names them', async () => {
    const seen = await probe('biaojue:probe');
    for (const [name, logger] of Object.entries(seen)) expect(logger, name).toMatchObject({ enabled: true, real: true });
  }, 30_000);
});
