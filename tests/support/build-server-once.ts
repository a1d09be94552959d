import { buildServer } from '../../scripts/build-server';

/**
 * Vitest's global setup: the server the child-process tests start (child-server.ts) is the one
 * production runs, dist-server/ (scripts/build-server.ts), built here once per test run from the
 * source as it is now, so no test runs a stale build.
 */
export async function setup(): Promise<void> {
  await buildServer();
}
