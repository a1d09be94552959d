import path from 'node:path';
import { tmpdir } from 'node:os';
import type { Config } from '../../server/config';

export const TEST_JWT_SECRET = 'integration-test-secret-0123456789';
export const TEST_STAFF_PASSWORD = 'integration-test-password';
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
    staffPassword: TEST_STAFF_PASSWORD,
    ballotKey: TEST_BALLOT_KEY,
    publicUrl: TEST_PUBLIC_URL,
    redisUrl: null,
    trustProxy: false,
    logLevel: 'silent',
    clientDir: path.join(tmpdir(), 'biaojue-no-client'),
    skipClientBuild: true,
    ...overrides,
  };
}
