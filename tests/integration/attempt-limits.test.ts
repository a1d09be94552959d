import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { AttemptLimiter } from '../../server/http/attempt-limit';
import { addressKey } from '../../server/http/client-address';
import { PAIRING_GLOBAL_CAP, PAIRING_LIMIT } from '../../server/http/pairing-routes';
import { STAFF_LOGIN_LIMIT } from '../../server/http/staff-routes';
import { startInProcessNode, type InProcessNode } from '../cluster/in-process-node';
import { FakeClock } from '../support/fake-clock';
import { congressSpec } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/test-server';
import { TEST_ADMIN_PASSWORD } from '../support/test-config';

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

/** The first administrator ("admin", made at start) logs in; attempts count per (account, address). */
const login = (baseUrl: string, password: string, forwardedFor?: string, account = 'admin') =>
  post(baseUrl, '/api/auth/staff', { login: account, password }, forwardedFor);
const wrongLogin = (baseUrl: string, forwardedFor?: string, account = 'admin') => login(baseUrl, 'not-the-password', forwardedFor, account);
const pair = (baseUrl: string, code: string, forwardedFor?: string) =>
  post(baseUrl, '/api/pair', { code, deviceId: 'device-attempts-1' }, forwardedFor);
async function withRedis<T>(url: string, use: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}
const redisKeys = (url: string) => withRedis(url, (client) => client.keys('*'));
const pairWall = (baseUrl: string, code: string, forwardedFor?: string) => post(baseUrl, '/api/wall/pair', { code }, forwardedFor);

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
    const locked = await login(server.baseUrl, TEST_ADMIN_PASSWORD);
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
    const stillLocked = await login(server.baseUrl, TEST_ADMIN_PASSWORD);
    expect(stillLocked).toMatchObject({ status: 429, body: { details: { retryAfterSec: 1 } } });

    clock.advance(1000);
    const after = await login(server.baseUrl, TEST_ADMIN_PASSWORD);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ ok: true, token: expect.any(String) });
  });

  it('a successful login does not reset the count of failures', async () => {
    server = await startTestServer({ clock });
    for (let i = 0; i < 9; i++) expect((await wrongLogin(server.baseUrl)).status).toBe(401);
    expect((await login(server.baseUrl, TEST_ADMIN_PASSWORD)).status).toBe(200);
    expect((await wrongLogin(server.baseUrl)).status).toBe(401); // the 10th failure
    expect((await login(server.baseUrl, TEST_ADMIN_PASSWORD)).body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
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
    expect((await login(server.baseUrl, TEST_ADMIN_PASSWORD)).status).toBe(200);

    clock.advance(WINDOW_MS);
    const paired = await pair(server.baseUrl, code);
    expect(paired.status).toBe(200);
    expect(paired.body).toMatchObject({ ok: true, seatId });
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not buy fresh attempts', async () => {
    server = await startTestServer({ clock });
    for (let i = 0; i < 10; i++) expect((await wrongLogin(server.baseUrl, `198.51.100.${i + 1}`)).status).toBe(401);
    expect((await login(server.baseUrl, TEST_ADMIN_PASSWORD, '198.51.100.99')).status).toBe(429);
  });

  it('with TRUST_PROXY naming the proxy (here: loopback) each forwarded client has its own count', async () => {
    server = await startTestServer({ clock, config: { trustProxy: ['loopback'] } });
    // HAProxy appends the client it saw; the entry the trusted proxy added is the client.
    const guesser = 'spoofed-by-client, 203.0.113.7';
    for (let i = 0; i < 10; i++) expect((await wrongLogin(server.baseUrl, guesser)).status).toBe(401);
    expect((await login(server.baseUrl, TEST_ADMIN_PASSWORD, '203.0.113.7')).status).toBe(429);
    expect((await login(server.baseUrl, TEST_ADMIN_PASSWORD, '203.0.113.8')).status).toBe(200);
  });

  it('a forged X-Forwarded-For from an address that is not the proxy is ignored', async () => {
    // The proxy is 192.0.2.1; this test client reaches the node directly from 127.0.0.1.
    server = await startTestServer({ clock, config: { trustProxy: ['192.0.2.1'] } });
    for (let i = 0; i < 10; i++) expect((await wrongLogin(server.baseUrl, `198.51.100.${i + 1}`)).status).toBe(401);
    expect((await login(server.baseUrl, TEST_ADMIN_PASSWORD, '198.51.100.99')).status).toBe(429);
    for (let i = 0; i < 60; i++) expect((await pairWall(server.baseUrl, UNKNOWN_CODE, `203.0.113.${i + 1}`)).status).toBe(400);
    expect((await pairWall(server.baseUrl, UNKNOWN_CODE, '203.0.113.200')).status).toBe(429);
  });

  it("one account's wrong passwords do not lock the other accounts behind the same address (a hall's NAT)", async () => {
    server = await startTestServer({ clock });
    const http = new HttpClient(server.baseUrl);
    const secretariat = await http.staffToken('secretariat'); // makes the account "test-secretariat"
    expect(secretariat).toEqual(expect.any(String));
    for (let i = 0; i < 10; i++) expect((await wrongLogin(server.baseUrl)).status).toBe(401);
    expect((await login(server.baseUrl, TEST_ADMIN_PASSWORD)).status).toBe(429);
    expect((await wrongLogin(server.baseUrl, undefined, 'test-secretariat')).status).toBe(401);
  });

  it('pairing has a cap on the failures of all addresses together', async () => {
    server = await startTestServer({ clock, config: { trustProxy: ['loopback'] } });
    const perAddress = PAIRING_LIMIT.maxFailures - 1; // never locks one address
    let sent = 0;
    for (let address = 1; sent < PAIRING_GLOBAL_CAP.maxFailures; address++) {
      const batch = Math.min(perAddress, PAIRING_GLOBAL_CAP.maxFailures - sent);
      const replies = await Promise.all(Array.from({ length: batch }, () => pair(server!.baseUrl, UNKNOWN_CODE, `10.1.${address}.1`)));
      for (const reply of replies) expect(reply.body.code).toBe('PAIRING_CODE_INVALID');
      sent += batch;
    }
    const fresh = await pair(server.baseUrl, UNKNOWN_CODE, '10.200.0.1');
    expect(fresh).toMatchObject({ status: 429, body: { code: 'TOO_MANY_ATTEMPTS' } });
    // The wall's pairing has its own counts.
    expect((await pairWall(server.baseUrl, UNKNOWN_CODE, '10.200.0.1')).status).toBe(400);
  });
});

describe.skipIf(!redisServerAvailable())('attempt limits in cluster mode (Redis)', () => {
  let redis: RedisServer;
  const nodes: InProcessNode[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    for (const node of nodes) await node.close().catch(() => {});
    await redis?.stop();
  });

  const startNode = async () => {
    const node = await startInProcessNode(redis.url);
    nodes.push(node);
    return node;
  };

  // First: the lockout test below locks this client's address out of wall pairing.
  it('keep one-time values in Redis: a wall code or link ticket from one node works on another, once', async () => {
    const [a, b] = [await startNode(), await startNode()];
    const http = new HttpClient(a.baseUrl);
    const secretariat = await http.staffToken('secretariat');
    const meetingId = await http.createMeeting(secretariat, congressSpec(2));
    const issued = await http.request<{ code: string }>('POST', `/api/meetings/${meetingId}/wall-code`, {}, secretariat);
    expect((await pairWall(b.baseUrl, issued.body.code)).body).toMatchObject({ ok: true, token: expect.any(String) });
    expect((await pairWall(a.baseUrl, issued.body.code)).body).toMatchObject({ ok: false, code: 'PAIRING_CODE_INVALID' });

    const ticket = await http.request<{ url: string }>('POST', `/api/meetings/${meetingId}/link-tickets`, { purpose: 'results-csv' }, secretariat);
    expect((await fetch(b.baseUrl + ticket.body.url)).status).toBe(200);
    expect((await fetch(a.baseUrl + ticket.body.url)).status).toBe(401);
    // Redis holds a hash of the ticket, not the ticket.
    const ticketValue = ticket.body.url.split('ticket=')[1]!;
    const keys = await redisKeys(redis.url);
    expect(keys.some((key) => key.includes(ticketValue) || key.includes(issued.body.code.replace('-', '')))).toBe(false);
  });

  it('are shared by the nodes (N nodes do not allow N times the guesses) and survive a node restart', async () => {
    // Start from no counts: the test above used one wall-pairing failure.
    await withRedis(redis.url, async (client) => {
      const counts = await client.keys('biaojue:http:attempts:*');
      if (counts.length > 0) await client.del(counts);
    });
    const [a, b] = [await startNode(), await startNode()];
    const half = PAIRING_LIMIT.maxFailures / 2;
    for (let i = 0; i < half; i++) expect((await pairWall(a.baseUrl, UNKNOWN_CODE)).status).toBe(400);
    for (let i = 0; i < half; i++) expect((await pairWall(b.baseUrl, UNKNOWN_CODE)).status).toBe(400);
    expect((await pairWall(a.baseUrl, UNKNOWN_CODE)).status).toBe(429);
    expect((await pairWall(b.baseUrl, UNKNOWN_CODE)).status).toBe(429);

    for (let i = 0; i < STAFF_LOGIN_LIMIT.maxFailures; i++) {
      expect((await wrongLogin(i % 2 === 0 ? a.baseUrl : b.baseUrl)).status).toBe(401);
    }
    expect((await login(b.baseUrl, TEST_ADMIN_PASSWORD)).status).toBe(429);

    // A restarted node (a new process reading the same Redis) still refuses.
    await a.close();
    nodes.splice(nodes.indexOf(a), 1);
    const restarted = await startNode();
    const locked = await pairWall(restarted.baseUrl, UNKNOWN_CODE);
    expect(locked).toMatchObject({ status: 429, body: { code: 'TOO_MANY_ATTEMPTS' } });
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect((await login(restarted.baseUrl, TEST_ADMIN_PASSWORD)).status).toBe(429);
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

  it("in production takes only the proxy's addresses: a hop count or a whole network is refused", () => {
    const production = (value: string) => () =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'Xq3v9ZkP2mT7wR4yB8nC1dF6gH5jL0sA',
        BALLOT_KEY: 'uE7rW2tY9iO4pA6sD1fG8hJ3kL5zX0cV',
        STAFF_PASSWORD: 'Mk4#tr9Qz!wP2x',
        ADMIN_PASSWORD: 'Vb7@nq3Lz#eR8y',
        TRUST_PROXY: value,
      }).config.trustProxy;
    expect(production('1')).toThrow(/TRUST_PROXY=1: a hop count/);
    expect(production('2')).toThrow(/refusing to start/);
    expect(production('uniquelocal')).toThrow(/whole networks/);
    expect(production('0.0.0.0/0')).toThrow(/whole networks/);
    expect(production('::/0')).toThrow(/whole networks/);
    expect(production('172.28.0.2')()).toEqual(['172.28.0.2']);
    expect(production('10.0.0.5, 10.0.0.6, loopback')()).toEqual(['10.0.0.5', '10.0.0.6', 'loopback']);
    // Outside production a hop count still works, with a note that production refuses it.
    const dev = loadConfig({ TRUST_PROXY: '1' });
    expect(dev.config.trustProxy).toBe(1);
    expect(dev.notices.join('\n')).toMatch(/TRUST_PROXY=1/);
  });
});
