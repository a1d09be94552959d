import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './logger';

const VITE_CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

/**
 * Builds the clients with Vite when they are missing, so `npm start` works from a fresh
 * checkout. A failed build is logged and the server starts anyway: the API and sockets work
 * without the pages.
 */
export async function ensureClientBuilt(clientDir: string, logger: Logger): Promise<void> {
  if (existsSync(path.join(clientDir, 'tablet.html'))) return;
  logger.info('clients not built yet: running vite build', { outDir: clientDir });
  try {
    const { build } = await import('vite');
    await build({ configFile: VITE_CONFIG, logLevel: 'warn' });
    logger.info('clients built', { outDir: clientDir });
  } catch (err) {
    logger.error('vite build failed; serving the API without the client pages', { err });
  }
}
