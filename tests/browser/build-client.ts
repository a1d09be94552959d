import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const clientDir = path.join(repoRoot, 'client');
const builtMarker = path.join(repoRoot, 'dist', 'client', 'tablet.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the clients with Vite when dist/client is missing or older than any client source, so
 * the browser test never drives a stale build. shared/ changes rarely and is not watched.
 */
export async function ensureClientBuilt(): Promise<void> {
  if (existsSync(builtMarker) && statSync(builtMarker).mtimeMs >= newestMtime(clientDir)) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
}

export { repoRoot };
