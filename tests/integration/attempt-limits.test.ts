import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { AttemptLimiter } from '../../server/http/attempt-limit';
import { addressKey } from '../../server/http/client-address';
import { PAIRING_LIMIT } from '../../server/http/pairing-routes';
import { STAFF_LOGIN_LIMIT } from '../../server/http/staff-routes';
import { FakeClock } from '../support/fake-clock';
import { congressSpec } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { TEST_STAFF_PASSWORD } from '../support/test-config';

const WINDOW_MS = 10 * 60_000;
const UNKNOWN_CODE = 'ZZZZZ-ZZZZZ';

interface Reply {
  status: number;
  retryAfter: string | null;
  body: { ok: boolean; code?: string; details?: { retryAfterSec?: number }; token?: string };
}

/** POST with JSON, optionally claiming to come through a proxy for `forwardedFor`. */
async function post(baseUrl: string, path: string, body: unknown, forwardedFor?: string): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const res = await fetch(baseUrl + path, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Reply['body'] };
}

const login = (baseUrl: string, password: string, forwardedFor?: string) =>
  post(baseUrl, '/api/auth/staff', { role: 'secretariat', name: '秘书处', password }, forwardedFor);
const wrongLogin = (baseUrl: string, forwardedFor?: string) => login(baseUrl, 'not-the-password', forwardedFor);
const pair = (baseUrl: string, code: string, forwardedFor?: string) =>
  post(baseUrl, '/api/pair', { code, deviceId: 'device-attempts-1' }, forwardedFor);

describe('brute-force limits over HTTP', () => {
  let server: TestServer | undefined;
  const clock = new FakeClock(Date.UTC(2026, 11, 2, 9, 0, 0));

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('locks staff login after 10 wrong passwords, refuses even the right one, and lets it in after the window', async () => {
    server = await startTestServer({ clock });
    expect(STAFF_LOGIN_LIMIT).toEqual({ maxFailures: 10, windowMs: WINDOW_MS });
    for (let i = 0; i < 10; i++) {
      expect((await wrongLogin(server.baseUrl)).body).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    }
    const locked = await login(server.baseUrl, TEST_STAFF_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({
      ok: false,
      code: 'TOO_MANY_ATTEMPTS',
      message: expect.any(String),
      details: { retryAfterSec: 600 },
    });
    expect(locked.retryAfter).toBe('600');
    expect(locked.body.token).toBeUndefined();

    clock.advance(WINDOW_MS - 1000);
    const stillLocked = await login(server.baseUrl, TEST_STAFF_PASSWORD);
    expect(stillLocked).toMatchObject({ status: 429, body: { details: { retryAfterSec: 1 } } });

    clock.advance(1000);
    const after = await login(server.baseUrl, TEST_STAFF_PASSWORD);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ ok: true, token: expect.any(String) });
  });

  it('a successful login does not reset the count of failures', async () => {
    server = await startTestServer({ clock });
    for (let i = 0; i < 9; i++) expect((await wrongLogin(server.baseUrl)).status).toBe(401);
    expect((await login(server.baseUrl, TEST_STAFF_PASSWORD)).status).toBe(200);
    expect((await wrongLogin(server.baseUrl)).status).toBe(401); // the 10th failure
    expect((await login(server.baseUrl, TEST_STAFF_PASSWORD)).body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('locks pairing after 60 unknown codes; a valid code is refused meanwhile and still works afterwards', async () => {
    server = await startTestServer({ clock });
    expect(PAIRING_LIMIT).toEqual({ maxFailures: 60, windowMs: WINDOW_MS });
    const http = new HttpClient(server.baseUrl);
    const secretariat = await http.staffToken('secretariat');
    const meetingId = await http.createMeeting(secretariat, congressSpec(3));
    const codes = await http.issueCodes(secretariat, meetingId);
    const [seatId, code] = [...codes.entries()][0]!;

    // A malformed body is not a guess: it does not count.
    expect((await post(server.baseUrl, '/api/pair', { code: 'x' })).status).toBe(400);
    for (let i = 0; i < 60; i++) {
      expect((await pair(server.baseUrl, UNKNOWN_CODE)).body).toMatchObject({ ok: false, code: 'PAIRING_CODE_INVALID' });
    }
    const locked = await pair(server.baseUrl, code);
    expect(locked).toMatchObject({ status: 429, retryAfter: '600', body: { code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSec: 600 } } });
    // Staff login has its own count: the pairing lockout does not stop the secretariat.
    expect((await login(server.baseUrl, TEST_STAFF_PASSWORD)).status).toBe(200);

    clock.advance(WINDOW_MS);
    const paired = await pair(server.baseUrl, code);
    expect(paired.status).toBe(200);
    expect(paired.body).toMatchObject({ ok: true, seatId });
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not buy fresh attempts', async () => {
    server = await startTestServer({ clock });
    for (let i = 0; i < 10; i++) expect((await wrongLogin(server.baseUrl, `198.51.100.${i + 1}`)).status).toBe(401);
    expect((await login(server.baseUrl, TEST_STAFF_PASSWORD, '198.51.100.99')).status).toBe(429);
  });

  it('with TRUST_PROXY=1 each forwarded client has its own count', async () => {
    server = await startTestServer({ clock, config: { trustProxy: 1 } });
    // HAProxy appends the client it saw; with one trusted hop the last entry is the client.
    const guesser = 'spoofed-by-client, 203.0.113.7';
    for (let i = 0; i < 10; i++) expect((await wrongLogin(server.baseUrl, guesser)).status).toBe(401);
    expect((await login(server.baseUrl, TEST_STAFF_PASSWORD, '203.0.113.7')).status).toBe(429);
    expect((await login(server.baseUrl, TEST_STAFF_PASSWORD, '203.0.113.8')).status).toBe(200);
  });
});

describe('AttemptLimiter', () => {
  it('keeps at most maxKeys keys, forgetting the oldest windows first', () => {
    const clock = new FakeClock(0);
    const limiter = new AttemptLimiter({ maxFailures: 2, windowMs: 1000 }, () => clock.now(), 3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) limiter.recordFailure(key);
    expect(limiter.size).toBe(3);
    limiter.recordFailure('e');
    expect(limiter.check('e')).toEqual({ allowed: false, retryAfterSec: 1 });
    limiter.recordFailure('a'); // forgotten before: starts afresh
    expect(limiter.check('a')).toEqual({ allowed: true });
  });

  it('drops ended windows and counts afresh after them', () => {
    const clock = new FakeClock(0);
    const limiter = new AttemptLimiter({ maxFailures: 1, windowMs: 1000 }, () => clock.now());
    expect(limiter.recordFailure('a')).toBe(true);
    limiter.recordFailure('b');
    expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSec: 1 });
    clock.advance(1000);
    expect(limiter.check('a')).toEqual({ allowed: true });
    limiter.recordFailure('c');
    expect(limiter.size).toBe(1);
  });
});

describe('client address keys', () => {
  it('unwraps IPv4-mapped addresses and groups IPv6 by /64', () => {
    expect(addressKey('::ffff:192.0.2.4')).toBe('192.0.2.4');
    expect(addressKey('192.0.2.4')).toBe('192.0.2.4');
    expect(addressKey('2001:db8:0:12::1')).toBe('2001:db8:0:12::/64');
    expect(addressKey('2001:0db8:0000:0012:ffff:1:2:3')).toBe('2001:db8:0:12::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('TRUST_PROXY', () => {
  const trustProxy = (value?: string) => loadConfig({ TRUST_PROXY: value }).config.trustProxy;

  it('is off unless set, and takes a hop count or proxy addresses', () => {
    expect(trustProxy()).toBe(false);
    expect(trustProxy('')).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('10.0.0.0/8, loopback')).toEqual(['10.0.0.0/8', 'loopback']);
  });

  it('refuses true (anyone could forge the client address) and garbage', () => {
    expect(() => trustProxy('true')).toThrow(/TRUST_PROXY/);
    expect(() => trustProxy('my-proxy')).toThrow(/TRUST_PROXY/);
  });
});
