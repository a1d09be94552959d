import { defineConfig } from 'vitest/config';
import { LIMIT_MAX } from './server/gateway/limits';

// Deliberately separate from vite.config.ts: server/shared tests run in Node
// without the Svelte plugin or the client/ root.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'shared/**/*.test.ts', 'server/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
    // The built server that child-process tests start (tests/support/child-server.ts).
    globalSetup: ['./tests/support/build-server-once.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Tests play a hall's hundreds of tablets from 127.0.0.1, where a real hall's each have an
    // address: the per-address cap (server/gateway/limits.ts) is out of the way, as in the
    // benchmark, except where a test sets it (tests/integration/connection-admission.test.ts).
    env: { SOCKET_CONNECTIONS_PER_ADDRESS: String(LIMIT_MAX) },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
