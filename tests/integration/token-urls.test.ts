import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicView } from '../../shared/domain/views';
import { LINK_TICKET_TTL_MS } from '../../server/http/link-tickets';
import { WALL_CODE_TTL_MS } from '../../server/http/wall-pairing-routes';
import { FakeClock } from '../support/fake-clock';
import { congressSpec } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { connect, emitOk } from '../support/sockets';
import { TEST_PUBLIC_URL } from '../support/test-config';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Issue 8 §5: no staff token in any URL. Pages and downloads the browser opens by itself use
 * one-time, 60-second link tickets bound to one resource; the wall pairs with a one-time code.
 * A JWT always starts with "eyJ" (base64 of '{"'), so no URL here may contain one.
 */
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./;

interface TicketReply {
  ok: boolean;
  url: string;
  expiresAt: number;
  code?: string;
}

describe('no staff token in a URL', () => {
  let server: TestServer;
  let http: HttpClient;
  let secretariat: string;
  let presidium: string;
  let meetingId: string;
  let otherMeetingId: string;
  const clock = new FakeClock(Date.UTC(2026, 11, 3, 9, 0, 0));

  const ticket = (body: Record<string, unknown>, token = secretariat, meeting = meetingId) =>
    http.request<TicketReply>('POST', `/api/meetings/${meeting}/link-tickets`, body, token);
  const open = (url: string) => fetch(server.baseUrl + url);

  beforeAll(async () => {
    server = await startTestServer({ clock });
    http = new HttpClient(server.baseUrl);
    secretariat = await http.staffToken('secretariat');
    presidium = await http.staffToken('presidium');
    meetingId = await http.createMeeting(secretariat, congressSpec(3));
    otherMeetingId = await http.createMeeting(secretariat, congressSpec(2, '另一次会议'));
  });

  afterAll(async () => {
    await server?.close();
  });

  it('a link ticket opens its export once, carries no token, and is worth nothing afterwards', async () => {
    for (const [purpose, file] of [
      ['results-csv', 'results.csv'],
      ['results-json', 'results.json'],
    ] as const) {
      const minted = await ticket({ purpose });
      expect(minted.status).toBe(200);
      expect(minted.body.url).toMatch(new RegExp(`^/api/meetings/${meetingId}/${file.replace('.', '\\.')}\\?ticket=[A-Za-z0-9_-]{32}$`));
      expect(minted.body.url).not.toMatch(JWT);
      expect(minted.body.expiresAt).toBe(clock.now() + LINK_TICKET_TTL_MS);
      const first = await open(minted.body.url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-disposition')).toContain('attachment');
      const again = await open(minted.body.url);
      expect(again.status).toBe(401);
      expect(await again.json()).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    }
  });

  it('a ticket opens only the resource it was minted for, and dies after 60 seconds', async () => {
    const csv = await ticket({ purpose: 'results-csv' });
    const json = csv.body.url.replace('results.csv', 'results.json');
    expect((await open(json)).status).toBe(401);
    // Taken on its first (wrong) use: it is never tried twice.
    expect((await open(csv.body.url)).status).toBe(401);

    const elsewhere = await ticket({ purpose: 'results-csv' });
    expect((await open(elsewhere.body.url.replace(meetingId, otherMeetingId))).status).toBe(401);

    const sheet = await ticket({ purpose: 'result-sheet', ballotId: 'b-minted' });
    expect((await open(sheet.body.url.replace('b-minted', 'b-other'))).status).toBe(401);
    const forBallot = await ticket({ purpose: 'result-sheet', ballotId: 'b-minted' });
    // Admitted for its ballot; the ballot does not exist, so the route answers 404 (not 401).
    expect((await open(forBallot.body.url)).status).toBe(404);

    const late = await ticket({ purpose: 'results-json' });
    clock.advance(LINK_TICKET_TTL_MS);
    expect((await open(late.body.url)).status).toBe(401);
  });

  it('checks the request: the role of the link, the meeting, the ballot of a sheet', async () => {
    expect(await ticket({ purpose: 'seat-cards' }, presidium)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await ticket({ purpose: 'result-sheet' })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await ticket({ purpose: 'results-csv', ballotId: 'b1' })).toMatchObject({ status: 400 });
    expect(await ticket({ purpose: 'everything' })).toMatchObject({ status: 400 });
    expect(await ticket({ purpose: 'results-csv' }, secretariat, 'no-such-meeting')).toMatchObject({ status: 404 });
    expect(await ticket({ purpose: 'results-csv' }, 'forged')).toMatchObject({ status: 401 });
    expect((await fetch(`${server.baseUrl}/api/meetings/${meetingId}/results.csv?ticket=${'A'.repeat(32)}`)).status).toBe(401);
  });

  it('refuses a staff token in the query on every page and export', async () => {
    const q = `token=${encodeURIComponent(secretariat)}`;
    for (const route of ['seat-cards', 'results.csv', 'results.json', 'ballots/b1/result-sheet', 'export']) {
      const res = await fetch(`${server.baseUrl}/api/meetings/${meetingId}/${route}?${q}`);
      expect(res.status, route).toBe(401);
    }
  });

  it('seat cards open by a ticket; the page links only to one-time pairing codes', async () => {
    const minted = await ticket({ purpose: 'seat-cards', seatIds: ['s01'] });
    const page = await open(minted.body.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(JWT);
    expect(html).not.toContain('token');
    expect(html.match(/<svg/g)).toHaveLength(1);
  });

  it('the wall pairs with a one-time code: the link holds the code, never a token', async () => {
    const issued = await http.request<TicketReply & { qrSvg: string }>('POST', `/api/meetings/${meetingId}/wall-code`, {}, presidium);
    expect(issued.status).toBe(200);
    const code = issued.body.code!.replace('-', '');
    expect(issued.body.url).toBe(`${TEST_PUBLIC_URL}/wall.html?pair=${code}`);
    expect(issued.body.url).not.toMatch(JWT);
    expect(issued.body.qrSvg).toContain('<svg');

    const paired = await http.request<{ ok: boolean; token: string; meetingId: string }>('POST', '/api/wall/pair', { code: issued.body.code });
    expect(paired.body).toMatchObject({ ok: true, meetingId });
    const wall = await connect(server.baseUrl, { token: paired.body.token });
    const view = (await emitOk(wall, 'meeting:sync')).view as PublicView;
    expect(view).toMatchObject({ meetingId });
    wall.close();

    // Once only; and an unused code expires.
    expect(await http.request('POST', '/api/wall/pair', { code })).toMatchObject({ status: 400, body: { code: 'PAIRING_CODE_INVALID' } });
    const stale = await http.request<TicketReply>('POST', `/api/meetings/${meetingId}/wall-code`, {}, presidium);
    clock.advance(WALL_CODE_TTL_MS);
    expect(await http.request('POST', '/api/wall/pair', { code: stale.body.code })).toMatchObject({ status: 400 });
    // Staff only.
    expect((await http.request('POST', `/api/meetings/${meetingId}/wall-code`, {}, paired.body.token)).status).toBe(403);
    expect((await http.request<{ url?: string }>('GET', `/api/meetings/${meetingId}/wall-link`, undefined, presidium)).body.url).toBeUndefined();
  });

  it('no client source builds a URL with a token in it', () => {
    const root = fileURLToPath(new URL('../../client/src/', import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.(ts|svelte)$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const source = readFileSync(path.join(root, file), 'utf8');
      expect(source, file).not.toMatch(/[?&]token=/);
      expect(source, file).not.toMatch(/searchParams\.(get|set|append)\(['"]token['"]/);
    }
  });
});
