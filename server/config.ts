import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './logger';

/**
 * Which proxies' X-Forwarded-For express believes (its `trust proxy` setting): false = none,
 * the client is the TCP peer; a number = that many proxies in front; a list = proxies at these
 * addresses or subnets (or express' names loopback, linklocal, uniquelocal).
 */
export type TrustProxy = false | number | string[];

export interface Config {
  production: boolean;
  port: number;
  host: string;
  /** Absolute path of the file journal's directory. */
  dataDir: string;
  jwtSecret: string;
  staffPassword: string;
  /**
   * BALLOT_KEY: the master key that wraps each secret ballot's own key (server/secrecy/). Kept
   * in the environment, never in the data, so a reader of the data directory, the Redis keys
   * or an archive cannot open a sealed paper. Null outside production when unset: the file
   * store then keeps a generated key beside its data (development only; see docs/SECURITY.md).
   */
  ballotKey: string | null;
  /** Base URL printed on seat cards and links, without a trailing slash; null = derive from the port. */
  publicUrl: string | null;
  /** Cluster mode when set (server/store/index.ts). */
  redisUrl: string | null;
  /** Decides the client address that login and pairing attempts are limited by. */
  trustProxy: TrustProxy;
  logLevel: LogLevel;
  /** Built clients (vite build output). */
  clientDir: string;
  /** Skip the automatic `vite build` in main.ts (tests and deployments that build ahead). */
  skipClientBuild: boolean;
}

/** Thrown when the environment cannot make a safe configuration; main.ts prints it and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** An empty variable means "unset", as in most shells' `VAR= cmd`. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: optional(z.string()),
  PORT: optional(z.coerce.number().int().min(0).max(65535)),
  HOST: optional(z.string()),
  DATA_DIR: optional(z.string()),
  JWT_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  STAFF_PASSWORD: optional(z.string().min(1)),
  BALLOT_KEY: optional(z.string().min(32, 'must be at least 32 characters')),
  PUBLIC_URL: optional(z.url()),
  REDIS_URL: optional(z.string()),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  SKIP_CLIENT_BUILD: optional(z.enum(['0', '1', 'true', 'false'])),
  TRUST_PROXY: optional(z.string()),
});

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: unset, `false` or `0` = no proxy; a number of proxies; or a comma-separated list
 * of proxy addresses/subnets. `true` is refused: it would believe an X-Forwarded-For that any
 * client can write, and so let anyone dodge the login and pairing attempt limits.
 */
function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true') {
    throw new ConfigError(
      'TRUST_PROXY=true would trust X-Forwarded-For from any client; set the number of proxies in front (e.g. 1) or their addresses',
    );
  }
  const entries = v.split(',').map((e) => e.trim()).filter((e) => e.length > 0);
  const bad = entries.filter((e) => !PROXY_NAMES.includes(e) && isIP(e.replace(/\/\d{1,3}$/, '')) === 0);
  if (entries.length === 0 || bad.length > 0) {
    throw new ConfigError(`invalid environment: TRUST_PROXY: not a number, address or subnet: ${bad.join(', ') || value}`);
  }
  return entries;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface LoadedConfig {
  config: Config;
  /** Things the operator must know, e.g. a generated password; main.ts prints them. */
  notices: string[];
}

/** Reads the configuration from the environment. Throws ConfigError when it is unsafe or invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const notices: string[] = [];

  if (production) {
    const missing = [!e.JWT_SECRET && 'JWT_SECRET', !e.STAFF_PASSWORD && 'STAFF_PASSWORD', !e.BALLOT_KEY && 'BALLOT_KEY'].filter(
      Boolean,
    );
    if (missing.length > 0) {
      throw new ConfigError(
        `refusing to start: ${missing.join(' and ')} must be set when NODE_ENV=production ` +
          '(a generated secret would change on every restart and sign everyone out)',
      );
    }
  }

  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    jwtSecret = randomBytes(32).toString('base64url');
    notices.push('JWT_SECRET is not set: generated a random one; every token becomes invalid when the server restarts');
  }
  let staffPassword = e.STAFF_PASSWORD;
  if (!staffPassword) {
    staffPassword = randomBytes(9).toString('base64url');
    notices.push(`STAFF_PASSWORD is not set: generated "${staffPassword}" for this run`);
  }

  return {
    config: {
      production,
      port: e.PORT ?? 3000,
      host: e.HOST ?? '0.0.0.0',
      dataDir: path.resolve(e.DATA_DIR ?? './data'),
      jwtSecret,
      staffPassword,
      ballotKey: e.BALLOT_KEY ?? null,
      publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
      redisUrl: e.REDIS_URL ?? null,
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
      logLevel: e.LOG_LEVEL ?? 'info',
      clientDir: path.join(repoRoot, 'dist', 'client'),
      skipClientBuild: e.SKIP_CLIENT_BUILD === '1' || e.SKIP_CLIENT_BUILD === 'true',
    },
    notices,
  };
}

/** The address tablets in the hall can reach: the first non-internal IPv4, else localhost. */
export function defaultPublicUrl(port: number): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return `http://${a.address}:${port}`;
    }
  }
  return `http://localhost:${port}`;
}
