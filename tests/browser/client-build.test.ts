import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasProductionBuild, PRODUCTION_BUILD_MARKER } from '../../server/client-build';
import { ensureClientBuilt, repoRoot } from './build-client';

/**
 * The pages the browser tests drive are the production build that `npm start` and the image
 * serve, though vitest runs with NODE_ENV=test (with which Vite makes Svelte's development build:
 * server/client-build.ts). Svelte's development build carries its warnings' texts ("[svelte] …");
 * the production build has none, and leaves its marker file.
 */
describe('the clients the browser tests load', () => {
  it('are the production build, even when built from inside vitest', async () => {
    expect(process.env['NODE_ENV']).toBe('test');
    await ensureClientBuilt();
    const clientDir = path.join(repoRoot, 'dist', 'client');
    expect(hasProductionBuild(clientDir)).toBe(true);
    const assets = path.join(clientDir, 'assets');
    const scripts = (await readdir(assets)).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const withDevWarnings: string[] = [];
    for (const name of scripts) if ((await readFile(path.join(assets, name), 'utf8')).includes('[svelte] ')) withDevWarnings.push(name);
    expect(withDevWarnings).toEqual([]);
  }, 180_000);

  it('count as built for production only with the marker a production build leaves', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biaojue-client-dir-'));
    try {
      expect(hasProductionBuild(dir)).toBe(false);
      await writeFile(path.join(dir, 'tablet.html'), '<!doctype html>');
      // Pages without the marker: a development build (or one from before the marker), built again.
      expect(hasProductionBuild(dir)).toBe(false);
      await writeFile(path.join(dir, PRODUCTION_BUILD_MARKER), '');
      expect(hasProductionBuild(dir)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
