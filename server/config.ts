import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './logger';
import { KEY_RULE, PASSWORD_RULE, weakSecretReason, type SecretRule } from './secret-strength';

/**
 * Which proxies' X-Forwarded-For express believes (its `trust proxy` setting): false = none,
 * the client is the TCP peer; a list = proxies at these addresses or subnets (or express' name
 * loopback); a number = that many proxies in front, development only: with a hop count, a
 * client that reaches the node directly writes its own "client address" into X-Forwarded-For.
 */
export type TrustProxy = false | number | string[];

export interface Config {
  production: boolean;
  port: number;
  host: string;
  /** Absolute path of the file journal's directory. */
  dataDir: string;
  jwtSecret: string;
  /**
   * ADMIN_PASSWORD: the first administrator's password, used only when no administrator account
   * exists (first start, or to restore the "admin" account). Staff then have their own accounts
   * (server/accounts/); STAFF_PASSWORD is gone.
   */
  adminPassword: string | null;
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
  /**
   * METRICS_PORT: where GET /metrics (Prometheus text) is served, on its own listener bound to
   * METRICS_HOST (default 127.0.0.1, never the hall's network); null = no metrics listener.
   */
  metrics: { port: number; host: string } | null;
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
  /** No longer used: staff have accounts. Production refuses to start with it alone (see loadConfig). */
  STAFF_PASSWORD: optional(z.string().min(1)),
  ADMIN_PASSWORD: optional(z.string().min(1)),
  BALLOT_KEY: optional(z.string().min(32, 'must be at least 32 characters')),
  PUBLIC_URL: optional(z.url()),
  REDIS_URL: optional(z.string()),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  METRICS_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  METRICS_HOST: optional(z.string()),
  SKIP_CLIENT_BUILD: optional(z.enum(['0', '1', 'true', 'false'])),
  TRUST_PROXY: optional(z.string()),
});

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
/** express' names for whole private ranges: the hall's tablets live there, so they may not be "the proxy". */
const RANGE_NAMES = ['linklocal', 'uniquelocal'];
/** Shorter prefixes than these cover far more than a proxy's address: refused in production. */
const MIN_PREFIX = { 4: 16, 6: 48 } as const;

function tooWide(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix] = entry.split('/');
  const family = isIP(address);
  return prefix !== undefined && (family === 4 || family === 6) && Number(prefix) < MIN_PREFIX[family];
}

/**
 * TRUST_PROXY: unset, `false` or `0` = no proxy; a comma-separated list of the proxies'
 * addresses or subnets (production: only these); or a number of proxies (development only).
 * `true` is refused: it would believe an X-Forwarded-For that any client can write, and so let
 * anyone dodge the login and pairing attempt limits. So is, in production, a hop count: a
 * client reaching the node directly (not through the proxy) is then believed too.
 */
function parseTrustProxy(value: string | undefined, production: boolean, notices: string[]): TrustProxy {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) {
    const why = 'a hop count believes X-Forwarded-For from any client that reaches the node directly';
    if (production) throw new ConfigError(`refusing to start: TRUST_PROXY=${v}: ${why}; set the proxy's address instead (e.g. TRUST_PROXY=172.28.0.2)`);
    notices.push(`TRUST_PROXY=${v}: ${why}; production needs the proxy's address`);
    return Number(v);
  }
  if (v === 'true') {
    throw new ConfigError(
      "TRUST_PROXY=true would trust X-Forwarded-For from any client; set the proxy's address or subnet (e.g. 172.28.0.2)",
    );
  }
  const entries = v.split(',').map((e) => e.trim()).filter((e) => e.length > 0);
  const bad = entries.filter((e) => !PROXY_NAMES.includes(e) && isIP(e.replace(/\/\d{1,3}$/, '')) === 0);
  if (entries.length === 0 || bad.length > 0) {
    throw new ConfigError(`invalid environment: TRUST_PROXY: not a number, address or subnet: ${bad.join(', ') || value}`);
  }
  const wide = entries.filter(tooWide);
  if (wide.length > 0) {
    const why = `TRUST_PROXY: ${wide.join(', ')} covers whole networks where clients live, not just the proxy`;
    if (production) throw new ConfigError(`refusing to start: ${why}; list the proxy's own address`);
    notices.push(why);
  }
  return entries;
}

/**
 * The secrets checked for strength, read straight from the environment so that a secret added
 * to the schema later is checked too once listed here. Production refuses a weak one; other
 * modes start with a note.
 */
const SECRET_RULES: ReadonlyArray<readonly [string, SecretRule]> = [
  ['JWT_SECRET', KEY_RULE],
  ['BALLOT_KEY', KEY_RULE],
  ['ADMIN_PASSWORD', PASSWORD_RULE],
  ['the password in REDIS_URL', PASSWORD_RULE],
];

/** The value checked under `name`: a variable, or the password inside REDIS_URL (redis[-sentinel]://user:password@…). */
function secretValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (name !== 'the password in REDIS_URL') return env[name]?.trim();
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^:@/]*:([^@/]+)@/i.exec(env['REDIS_URL']?.trim() ?? '')?.[1];
  if (password === undefined) return undefined;
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}

/** One line per weak or reused secret; never the secret itself. */
function weakSecrets(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [name, rule] of SECRET_RULES) {
    const value = secretValue(env, name);
    if (!value) continue;
    const reason = weakSecretReason(value, rule);
    if (reason) problems.push(`${name} ${reason}`);
    const twin = seen.get(value);
    if (twin) problems.push(`${name} is the same as ${twin}; each secret must be its own`);
    seen.set(value, name);
  }
  return problems;
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
    // An environment from before staff accounts: say what replaced the shared password.
    if (e.STAFF_PASSWORD && !e.ADMIN_PASSWORD) {
      throw new ConfigError(
        'refusing to start: STAFF_PASSWORD is no longer used; staff log in with their own accounts. ' +
          'Set ADMIN_PASSWORD (the first administrator "admin", created at the first start), remove STAFF_PASSWORD, ' +
          'then create the staff accounts on the console (docs/OPERATIONS.md "Staff accounts")',
      );
    }
    const missing = [!e.JWT_SECRET && 'JWT_SECRET', !e.BALLOT_KEY && 'BALLOT_KEY'].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(
        `refusing to start: ${missing.join(' and ')} must be set when NODE_ENV=production ` +
          '(a generated secret would change on every restart and sign everyone out)',
      );
    }
  }
  // The transport's trace (server/gateway/transport-debug.ts) writes each packet whole, a tablet's
  // choice included: a paper in the log (invariant 4). Fine on a test machine, never in a sitting.
  if (env['DEBUG']) {
    const why = `DEBUG=${env['DEBUG'].slice(0, 64)} can turn on Socket.IO's and Engine.IO's trace, which logs every packet, a tablet's choice included`;
    if (production) throw new ConfigError(`refusing to start: ${why}; unset DEBUG (docs/OPERATIONS.md, "Logs")`);
    notices.push(`${why}: never on a server that holds a real sitting`);
  }
  const weak = weakSecrets(env);
  if (weak.length > 0 && production) {
    throw new ConfigError(
      `refusing to start: weak secrets: ${weak.join('; ')}. ` +
        'Generate each with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"',
    );
  }
  for (const problem of weak) notices.push(`weak secret (production would refuse it): ${problem}`);

  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    jwtSecret = randomBytes(32).toString('base64url');
    notices.push('JWT_SECRET is not set: generated a random one; every token becomes invalid when the server restarts');
  }
  if (e.STAFF_PASSWORD) notices.push('STAFF_PASSWORD is ignored: staff log in with their own accounts (ADMIN_PASSWORD makes the first administrator)');

  return {
    config: {
      production,
      port: e.PORT ?? 3000,
      host: e.HOST ?? '0.0.0.0',
      dataDir: path.resolve(e.DATA_DIR ?? './data'),
      jwtSecret,
      adminPassword: e.ADMIN_PASSWORD ?? null,
      ballotKey: e.BALLOT_KEY ?? null,
      publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
      redisUrl: e.REDIS_URL ?? null,
      trustProxy: parseTrustProxy(e.TRUST_PROXY, production, notices),
      logLevel: e.LOG_LEVEL ?? 'info',
      metrics: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST ?? '127.0.0.1' },
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
