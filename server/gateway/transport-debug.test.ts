import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SERVER_ENTRY } from '../../scripts/build-server';

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

async function probe(debugEnv: string | undefined, first = "import './server/app.ts';"): Promise<Record<string, { enabled: boolean; real: boolean; returns: unknown }>> {
  const env: NodeJS.ProcessEnv = { ...process.env, DEBUG: debugEnv };
  if (debugEnv === undefined) delete env['DEBUG'];
  const source = PROBE.replace("import './server/app.ts';", first);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', source], { cwd: ROOT, env });
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

  it('are silenced the same way by the built server, whose entry settles them before anything else loads', async () => {
    // The tests' global setup built dist-server/ from this source (scripts/build-server.ts).
    const entry = await readFile(path.join(ROOT, SERVER_ENTRY), 'utf8');
    const imports = [...entry.matchAll(/^import '(.+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['./main.transport-debug.mjs', './main.code.mjs']);
    const seen = await probe(undefined, "import './dist-server/main.transport-debug.mjs';");
    expect(Object.keys(seen)).toHaveLength(5);
    for (const [name, logger] of Object.entries(seen)) expect(logger, name).toEqual({ enabled: false, real: false, returns: null });
  }, 30_000);
});
