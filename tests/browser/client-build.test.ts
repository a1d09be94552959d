import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureClientBuilt, repoRoot } from './build-client';

/**
 * The pages the browser tests drive are the production build that `npm start` and the image
 * serve, though vitest runs with NODE_ENV=test (with which Vite makes Svelte's development build:
 * server/client-build.ts). Svelte's development build carries its warnings' texts ("[svelte] …");
 * the production build has none.
 */
describe('the clients the browser tests load', () => {
  it('are the production build, even when built from inside vitest', async () => {
    expect(process.env['NODE_ENV']).toBe('test');
    await ensureClientBuilt();
    const assets = path.join(repoRoot, 'dist', 'client', 'assets');
    const scripts = (await readdir(assets)).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const withDevWarnings: string[] = [];
    for (const name of scripts) if ((await readFile(path.join(assets, name), 'utf8')).includes('[svelte] ')) withDevWarnings.push(name);
    expect(withDevWarnings).toEqual([]);
  }, 180_000);
});
