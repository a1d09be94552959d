import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicView } from '../../shared/domain/views';
import type { MeetingArchive } from '../../server/store/types';
import { congressSpec, newDeviceId } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { connectionClosed, postOver } from '../support/post-over';
import { connect, emitOk } from '../support/sockets';
import { TEST_PUBLIC_URL } from '../support/test-config';
import { startTestServer, type TestServer } from '../support/test-server';
import { LATE, settledWithin } from '../support/until';

describe('the HTTP API', () => {
  let server: TestServer;
  let http: HttpClient;
  let secretariat: string;
  let presidium: string;
  const meetingId = 'county-2026-1';

  beforeAll(async () => {
    server = await startTestServer();
    http = new HttpClient(server.baseUrl);
    secretariat = await http.staffToken('secretariat');
    presidium = await http.staffToken('presidium');
  });

  afterAll(async () => {
    await server?.close();
  });

  it('reports health and redirects / to the console', async () => {
    expect(await http.request('GET', '/api/health')).toMatchObject({ status: 200, body: { ok: true, serverTime: expect.any(Number) } });
    const root = await fetch(`${server.baseUrl}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console.html');
  });

  it('creates a meeting once under a given id, and lists it', async () => {
    const created = await http.request('POST', '/api/meetings', { ...congressSpec(4, '县人大会议'), meetingId }, secretariat);
    expect(created).toMatchObject({ status: 201, body: { ok: true, meetingId, version: 1 } });
    const again = await http.request('POST', '/api/meetings', { ...congressSpec(4), meetingId }, secretariat);
    expect(again).toMatchObject({ status: 409, body: { ok: false, code: 'BAD_REQUEST', details: { exists: true } } });

    const generated = await http.request<{ meetingId: string }>('POST', '/api/meetings', congressSpec(2, '另一次会议'), secretariat);
    expect(generated.body.meetingId).toMatch(/^m-/);

    const list = await http.request<{ meetings: unknown[] }>('GET', '/api/meetings', undefined, presidium);
    expect(list.body.meetings).toEqual(
      expect.arrayContaining([
        { meetingId, title: '县人大会议', body: { name: '测试镇人民代表大会', kind: 'congress' }, phase: 'prepared', version: 1, total: 4 },
        expect.objectContaining({ meetingId: generated.body.meetingId, title: '另一次会议' }),
      ]),
    );
  });

  it('rejects an invalid roster with the reason', async () => {
    const spec = congressSpec(2);
    spec.delegates[1]!.seatId = spec.delegates[0]!.seatId;
    const reply = await http.request<{ message: string }>('POST', '/api/meetings', spec, secretariat);
    expect(reply).toMatchObject({ status: 400, body: { ok: false, code: 'BAD_REQUEST' } });
    expect(reply.body.message).toContain('delegates.1.seatId: duplicate seatId');
  });

  it('issues pairing codes with their tablet links, and refuses unknown seats', async () => {
    const reply = await http.request<{ codes: { seatId: string; seatNo: string; name: string; code: string; url: string }[] }>(
      'POST',
      `/api/meetings/${meetingId}/pairing-codes`,
      { seatIds: ['s02'] },
      secretariat,
    );
    expect(reply.status).toBe(200);
    const [card] = reply.body.codes;
    expect(card).toMatchObject({ seatId: 's02', seatNo: '1排2座', name: '代表2' });
    // One code format everywhere: printed, in the QR link and typed on the tablet (issue 10).
    expect(card?.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$/);
    expect(card?.url).toBe(`${TEST_PUBLIC_URL}/tablet.html?pair=${card?.code}`);

    const unknown = await http.request('POST', `/api/meetings/${meetingId}/pairing-codes`, { seatIds: ['s99'] }, secretariat);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'UNKNOWN_SEAT' } });
    expect(await http.request('POST', '/api/meetings/nope/pairing-codes', {}, secretariat)).toMatchObject({
      status: 404,
      body: { code: 'MEETING_NOT_FOUND' },
    });
  });

  it("closes a paired tablet's connection at once, and keeps a refused one open for the next try", async () => {
    const issued = await http.request<{ codes: { code: string }[] }>('POST', `/api/meetings/${meetingId}/pairing-codes`, { seatIds: ['s03'] }, secretariat);
    const code = issued.body.codes[0]!.code;
    // One tablet, one connection, kept alive as a browser keeps it.
    const tablet = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const deviceId = newDeviceId();
      const mistyped = await postOver(tablet, `${server.baseUrl}/api/pair`, { code: 'ZZZZZ-ZZZZZ', deviceId });
      expect(mistyped.status).toBe(400);
      expect(mistyped.headers.connection).toBe('keep-alive');
      // The code typed again goes over the same connection; this time it pairs, and the server
      // closes it (the tablet's next request is its WebSocket, on a connection of its own).
      const paired = await postOver(tablet, `${server.baseUrl}/api/pair`, { code, deviceId });
      expect(paired.status).toBe(200);
      expect(paired.reused).toBe(true);
      expect(paired.socket).toBe(mistyped.socket);
      expect(paired.headers.connection).toBe('close');
      // Closed now, not after the server's keep-alive timeout (5 s).
      expect(await settledWithin(connectionClosed(paired.socket), 2_000)).not.toBe(LATE);
    } finally {
      tablet.destroy();
    }
  });

  it('prints seat cards (through a one-time ticket, never a token in the URL), with codes that pair', async () => {
    const url = `${server.baseUrl}/api/meetings/${meetingId}/seat-cards`;
    // Issue 10: printing is the confirmed ticket, never a plain GET with the staff token.
    expect((await fetch(url, { headers: { authorization: `Bearer ${secretariat}` } })).status).toBe(400);
    const minted = await http.request<{ url: string }>('POST', `/api/meetings/${meetingId}/link-tickets`, { purpose: 'seat-cards', seatIds: ['s01', 's03'] }, secretariat);
    const page = await fetch(server.baseUrl + minted.body.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('县人大会议');
    expect(html).toContain('代表1');
    expect(html).toContain('代表3');
    expect(html).not.toContain('代表2');
    expect(html.match(/<svg/g)).toHaveLength(2);
    const codes = [...html.matchAll(/class="code">([A-Z0-9]{5}-[A-Z0-9]{5})</g)].map((m) => m[1]!);
    expect(codes).toHaveLength(2);
    const paired = await http.pair(codes[0]!, newDeviceId());
    expect(paired.body).toMatchObject({ ok: true, meetingId, seatId: 's01' });

    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${url}?token=${encodeURIComponent(secretariat)}`)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${presidium}` } })).status).toBe(403);
  });

  it('gives staff a wall token (in the body, no URL) that connects as the wall', async () => {
    const link = await http.request<{ url?: string; token: string }>('GET', `/api/meetings/${meetingId}/wall-link`, undefined, presidium);
    expect(link.body.url).toBeUndefined();
    const wall = await connect(server.baseUrl, { token: link.body.token });
    const view = (await emitOk(wall, 'meeting:sync')).view as PublicView & { seats?: unknown };
    expect(view).toMatchObject({ meetingId, title: '县人大会议', phase: 'prepared' });
    expect(view.seats).toBeUndefined();
    wall.close();
  });

  it('exports the meeting as an archive: the log and the votes', async () => {
    const reply = await http.request<MeetingArchive>('GET', `/api/meetings/${meetingId}/export`, undefined, secretariat);
    expect(reply.status).toBe(200);
    expect(reply.body.meetingId).toBe(meetingId);
    expect(reply.body.events[0]).toMatchObject({ type: 'MeetingCreated', spec: { meetingId } });
    expect(reply.body.events.map((e) => e.type)).toContain('DevicePaired');
    expect(reply.body.votes).toEqual({ participations: [], boxes: {} });
    // Nothing in the log can be used to pair: only code hashes are stored.
    expect(JSON.stringify(reply.body)).not.toMatch(/"code"/);
  });
});
