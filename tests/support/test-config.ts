import path from 'node:path';
import { tmpdir } from 'node:os';
import type { Config } from '../../server/config';

export const TEST_JWT_SECRET = 'integration-test-secret-0123456789';
/** The password of the staff accounts the test helpers make (tests/support/http-client.ts). */
export const TEST_STAFF_PASSWORD = 'integration-test-password';
/** ADMIN_PASSWORD of test servers: the first administrator, "admin". */
export const TEST_ADMIN_PASSWORD = 'integration-test-admin-password';
/** Wraps the test ballots' keys (server/secrecy/); any 32+ characters. */
export const TEST_BALLOT_KEY = 'integration-test-ballot-key-0123456789abcdef';
export const TEST_PUBLIC_URL = 'http://hall.test:3000';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    production: false,
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(tmpdir(), 'biaojue-unused'),
    jwtSecret: TEST_JWT_SECRET,
    adminPassword: TEST_ADMIN_PASSWORD,
    ballotKey: TEST_BALLOT_KEY,
    publicUrl: TEST_PUBLIC_URL,
    redisUrl: null,
    trustProxy: false,
    logLevel: 'silent',
    metrics: null,
    clientDir: path.join(tmpdir(), 'biaojue-no-client'),
    skipClientBuild: true,
    ...overrides,
  };
}
