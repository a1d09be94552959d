import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClients, hasProductionBuild } from '../../server/client-build';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const clientDir = path.join(repoRoot, 'client');
/** The clients bundle shared/ (domain, protocol, wording): a change there makes the build stale too. */
const sharedDir = path.join(repoRoot, 'shared');
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
 * Fresh: a production build newer than every source. A development build (from a shell with
 * NODE_ENV=development, or from inside vitest before buildClients) is built again, not driven.
 */
const isFresh = () =>
  hasProductionBuild(path.join(repoRoot, 'dist', 'client')) && statSync(builtMarker).mtimeMs >= Math.max(newestMtime(clientDir), newestMtime(sharedDir));

/** Held while one test process builds; a lock left by a killed process is taken over after 10 min. */
const buildLock = path.join(repoRoot, 'dist', '.client-build.lock');
const STALE_LOCK_MS = 10 * 60 * 1000;

async function withBuildLock(work: () => Promise<void>): Promise<void> {
  await mkdir(path.dirname(buildLock), { recursive: true });
  for (;;) {
    try {
      await mkdir(buildLock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (existsSync(buildLock) && Date.now() - statSync(buildLock).mtimeMs > STALE_LOCK_MS) await rm(buildLock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    await work();
  } finally {
    await rm(buildLock, { recursive: true, force: true });
  }
}

/**
 * Builds the clients for production with Vite when dist/client is missing, older than any client
 * source, or not a production build, so the browser test never drives a stale or a development
 * build.
 * The browser test files run in parallel processes: without the lock each would rebuild (and
 * empty) dist/client while another file's pages are loading from it.
 */
export async function ensureClientBuilt(): Promise<void> {
  if (isFresh()) return;
  await withBuildLock(async () => {
    if (isFresh()) return;
    // A production build, as `npm start` and the image serve (not the development build Vite
    // would make inside vitest: server/client-build.ts).
    await buildClients();
  });
}

export { repoRoot };
