import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMainToExit, startMain } from '../support/child-server';

describe('production mode', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-prod-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start without JWT_SECRET, saying why', async () => {
    const run = await runMainToExit({ NODE_ENV: 'production', JWT_SECRET: '', STAFF_PASSWORD: 'a-real-password', DATA_DIR: dataDir });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.output).toContain('refusing to start: JWT_SECRET must be set when NODE_ENV=production');
    expect(run.output).not.toContain('"msg":"listening"');
  });

  it('starts with its secrets set, and stops cleanly on SIGTERM', async () => {
    const server = await startMain({
      NODE_ENV: 'production',
      JWT_SECRET: 'production-secret-0123456789abcdef',
      STAFF_PASSWORD: 'a-real-password',
      DATA_DIR: dataDir,
    });
    const health = await fetch(`${server.baseUrl}/api/health`);
    expect(await health.json()).toMatchObject({ ok: true });
    // Production prints no generated secrets and issues no sample code.
    expect(server.output()).not.toContain('generated');
    server.process.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('"msg":"stopped"');
  });
});
