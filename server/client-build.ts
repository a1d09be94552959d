import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './logger';

const VITE_CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

/** The empty file a production build leaves in dist/client (vite.config.ts names it too). */
export const PRODUCTION_BUILD_MARKER = '.production-build';

/** Whether `clientDir` holds pages built for production (not missing, not a development build). */
export function hasProductionBuild(clientDir: string): boolean {
  return existsSync(path.join(clientDir, 'tablet.html')) && existsSync(path.join(clientDir, PRODUCTION_BUILD_MARKER));
}

/**
 * Builds the clients for production, in a child process with NODE_ENV=production. Vite makes a
 * production build only when NODE_ENV is 'production' or unset, and reads it from the process it
 * runs in: built inside vitest (NODE_ENV=test), the pages came out as Svelte's development build,
 * 15 % bigger and with its checks, and 1.6 times the console's script time during a sign-in
 * (bench/console-page.ts). That build stayed in dist/ for the next `npm start` too.
 */
export function buildClients(): Promise<void> {
  return new Promise((resolve, reject) => {
    // Looked up here, not on import: Vite is a development dependency, absent from an install
    // without them that serves pages built beforehand (the server must still start there).
    const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
    const child = spawn(process.execPath, [viteBin, 'build', '--config', VITE_CONFIG, '--logLevel', 'warn'], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${signal ?? `code ${String(code)}`}`))));
  });
}

/**
 * Builds the clients when they are missing or not a production build, so `npm start` works from a
 * fresh checkout and never serves pages a development build left behind. A failed build is logged
 * and the server starts anyway: the API and sockets work without the pages.
 */
export async function ensureClientBuilt(clientDir: string, logger: Logger): Promise<void> {
  if (hasProductionBuild(clientDir)) return;
  const why = existsSync(path.join(clientDir, 'tablet.html')) ? 'the pages there are not a production build' : 'clients not built yet';
  logger.info(`${why}: running vite build`, { outDir: clientDir });
  try {
    await buildClients();
    logger.info('clients built', { outDir: clientDir });
  } catch (err) {
    logger.error('vite build failed; serving the API without the client pages', { err });
  }
}
