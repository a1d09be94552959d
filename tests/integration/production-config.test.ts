import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { runMainToExit, startMain } from '../support/child-server';

/** Strong secrets as a generator prints them (base64url of 32 random bytes), and a typed password. */
const SECRETS = {
  JWT_SECRET: 'kT3x9QmZ_vR7pW2nY8bC4dF6gH1jL5sA0eU-iO',
  BALLOT_KEY: 'Zp8Lq2Wm5Xn9Rb3Tc7Vd1Yf4Gh6Jk0Ms-Nu_Ow',
  ADMIN_PASSWORD: 'Hq7!zr4Mw#tb9P',
};

describe('production secrets', () => {
  const load = (overrides: Record<string, string>) => () => loadConfig({ NODE_ENV: 'production', ...SECRETS, ...overrides });

  it('refuses weak keys: short, one character repeated, consecutive, a repeated pattern, few distinct characters', () => {
    for (const weak of [
      'aaaaaaaaaaaaaaaa',
      'a'.repeat(48),
      '0123456789abcdefghijklmnopqrstuvwxyz',
      'abcabcabcabcabcabcabcabcabcabcabcabc',
      'abababababababababababababababababab',
      'aabbaabbccddccddaabbaabbccddccddaabb',
    ]) {
      for (const name of ['JWT_SECRET', 'BALLOT_KEY']) {
        // Under 32 characters the schema refuses it already; otherwise the strength check does.
        expect(load({ [name]: weak }), `${name}=${weak}`).toThrow(new RegExp(`(refusing to start: weak secrets|invalid environment): ${name}\\b`));
      }
    }
    expect(load({ JWT_SECRET: '1' })).toThrow(/JWT_SECRET/);
  });

  it('refuses a weak administrator password and a secret used twice, without printing the secret', () => {
    for (const weak of ['1', 'aaaaaaaaaaaaaaaa', '123456789012', 'password1234', 'qwertyuiop12', 'abcdefabcdef']) {
      let message = '';
      try {
        load({ ADMIN_PASSWORD: weak })();
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, weak).toMatch(/refusing to start: weak secrets: ADMIN_PASSWORD /);
      if (weak.length > 3) expect(message, weak).not.toContain(weak);
    }
    expect(load({ BALLOT_KEY: SECRETS.JWT_SECRET })).toThrow(/BALLOT_KEY is the same as JWT_SECRET/);
  });

  it("checks the Redis password inside REDIS_URL like the administrator's", () => {
    expect(load({ REDIS_URL: 'redis://default:1234@redis:6379' })).toThrow(/weak secrets: the password in REDIS_URL is 4 characters long/);
    expect(load({ REDIS_URL: `redis://default:${encodeURIComponent(SECRETS.ADMIN_PASSWORD)}@redis:6379` })).toThrow(
      /the password in REDIS_URL is the same as ADMIN_PASSWORD/,
    );
    const sentinel = 'redis-sentinel://default:rP9vK2xQ7mZ4wT8n@s1:26379,s2:26379,s3:26379/biaojue?ackReplicas=1';
    expect(load({ REDIS_URL: sentinel })().config.redisUrl).toBe(sentinel);
    expect(load({ REDIS_URL: 'redis://127.0.0.1:6379' })().config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('refuses DEBUG, which makes the transport log every packet, choices included; outside production notes it', () => {
    expect(load({ DEBUG: 'socket.io*' })).toThrow(/refusing to start: DEBUG=socket\.io\* can turn on Socket\.IO's and Engine\.IO's trace, which logs every packet/);
    expect(load({ DEBUG: 'express:*' })).toThrow(/refusing to start: DEBUG=/);
    expect(loadConfig({ DEBUG: 'engine*' }).notices.join('\n')).toMatch(/DEBUG=engine\* can turn on .* never on a server that holds a real sitting/);
    expect(loadConfig({}).notices.join('\n')).not.toContain('DEBUG');
  });

  it('accepts generated secrets, and outside production only notes weak ones', () => {
    expect(load({})().config).toMatchObject({ production: true, jwtSecret: SECRETS.JWT_SECRET, ballotKey: SECRETS.BALLOT_KEY });
    const dev = loadConfig({ JWT_SECRET: 'aaaaaaaaaaaaaaaa' });
    expect(dev.config.production).toBe(false);
    expect(dev.notices.join('\n')).toMatch(/weak secret \(production would refuse it\): JWT_SECRET/);
    expect(dev.notices.join('\n')).not.toContain('aaaaaaaaaaaaaaaa');
  });
});

describe('production mode', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-prod-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start without JWT_SECRET, saying why', async () => {
    const run = await runMainToExit({ NODE_ENV: 'production', ...SECRETS, JWT_SECRET: '', DATA_DIR: dataDir });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.output).toContain('refusing to start: JWT_SECRET must be set when NODE_ENV=production');
    expect(run.output).not.toContain('"msg":"listening"');
  });

  it('refuses to start with a weak secret, naming it but not printing it', async () => {
    const run = await runMainToExit({ NODE_ENV: 'production', ...SECRETS, JWT_SECRET: 'aaaaaaaaaaaaaaaa', DATA_DIR: dataDir });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('refusing to start: weak secrets: JWT_SECRET');
    expect(run.output).not.toContain('aaaaaaaaaaaaaaaa');
    expect(run.output).not.toContain('"msg":"listening"');
  });

  it('starts with its secrets set: prints no secret and no token, creates no demo meeting, stops cleanly', async () => {
    const server = await startMain({ NODE_ENV: 'production', ...SECRETS, DATA_DIR: dataDir });
    const health = await fetch(`${server.baseUrl}/api/health`);
    expect(await health.json()).toMatchObject({ ok: true });

    const login = await fetch(`${server.baseUrl}/api/auth/staff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: SECRETS.ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const meetings = await fetch(`${server.baseUrl}/api/meetings`, { headers: { authorization: `Bearer ${token}` } });
    expect(await meetings.json()).toEqual({ ok: true, meetings: [] });

    server.process.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const output = server.output();
    expect(output).toContain('"msg":"stopped"');
    expect(output).toContain('console:');
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
    expect(output).not.toContain(token);
    // No token of any kind (a JWT starts with "eyJ"), no token or code in a link, nothing generated.
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(output).not.toMatch(/[?&](token|pair|ticket)=/);
    expect(output).not.toContain('generated');
    expect(output).not.toContain('demo meeting created');
  });
});
