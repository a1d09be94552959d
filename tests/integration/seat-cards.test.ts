import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/domain/views';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import { congressSpec, newDeviceId } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { connect, emitOk, ViewLog } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/** Issue 10: seat cards are issued by one confirmed action; opening or reloading the page never re-issues. */
describe('seat cards', () => {
  let server: TestServer;
  let http: HttpClient;
  let secretariat: string;
  let presidium: string;

  beforeAll(async () => {
    server = await startTestServer();
    http = new HttpClient(server.baseUrl);
    secretariat = await http.staffToken('secretariat');
    presidium = await http.staffToken('presidium');
  });
  afterAll(() => server.close());

  const CODE = /class="code">([A-Z0-9]{5}-[A-Z0-9]{5})</g;

  async function mint(meetingId: string, body: Record<string, unknown>, token = secretariat) {
    return http.request<{ ok: boolean; url: string; code?: string }>('POST', `/api/meetings/${meetingId}/link-tickets`, body, token);
  }
  async function printedCodes(url: string): Promise<{ status: number; codes: string[]; html: string }> {
    const res = await fetch(server.baseUrl + url);
    const html = await res.text();
    return { status: res.status, codes: [...html.matchAll(CODE)].map((m) => m[1]!), html };
  }
  async function consoleSeats(meetingId: string) {
    const views = new ViewLog<ConsoleView>();
    const socket = await connect(server.baseUrl, { token: secretariat, meetingId }, views);
    const view = (await emitOk(socket, 'meeting:sync')).view as ConsoleView;
    socket.close();
    return new Map(view.seats.map((s) => [s.seatId, s]));
  }

  it('prints every card once: reloading the page and a plain GET issue nothing, and the printed codes still pair', async () => {
    const meetingId = await http.createMeeting(secretariat, congressSpec(3));
    expect([...(await consoleSeats(meetingId)).values()].map((s) => s.card)).toEqual(['none', 'none', 'none']);
    const ticket = await mint(meetingId, { purpose: 'seat-cards' });
    const first = await printedCodes(ticket.body.url);
    expect(first.status).toBe(200);
    expect(first.codes).toHaveLength(3);
    expect(first.html).toContain('此前打印的座位卡均已作废');
    expect(first.html).toContain('刷新或重新打开不会重新生成配对码');

    // The reload: the same URL is spent, and nothing was issued by trying.
    const reload = await fetch(server.baseUrl + ticket.body.url);
    expect(reload.status).toBe(401);
    const plain = await fetch(`${server.baseUrl}/api/meetings/${meetingId}/seat-cards`, { headers: { authorization: `Bearer ${secretariat}` } });
    expect(plain.status).toBe(400);
    expect([...(await consoleSeats(meetingId)).values()].map((s) => s.card)).toEqual(['open', 'open', 'open']);

    // Every printed card still works, in the printed format, typed with or without the dash.
    const paired = await http.pair(first.codes[0]!, newDeviceId());
    expect(paired.body).toMatchObject({ ok: true, seatId: 's01' });
    expect((await http.pair(first.codes[1]!.replace('-', '').toLowerCase(), newDeviceId())).body).toMatchObject({ ok: true, seatId: 's02' });
    expect((await consoleSeats(meetingId)).get('s01')?.card).toBe('used');
  });

  it('reissues one card: its old code stops working, the other cards keep theirs', async () => {
    const meetingId = await http.createMeeting(secretariat, congressSpec(3));
    const all = await printedCodes((await mint(meetingId, { purpose: 'seat-cards' })).body.url);
    const one = await printedCodes((await mint(meetingId, { purpose: 'seat-cards', seatIds: ['s02'] })).body.url);
    expect(one.codes).toHaveLength(1);
    expect(one.html).toContain('这些座位的旧卡已作废');
    expect(one.html).toContain('代表2');
    expect(one.html).not.toContain('代表1');
    expect((await http.pair(all.codes[1]!, newDeviceId())).body).toMatchObject({ ok: false, code: 'PAIRING_CODE_INVALID' });
    expect((await http.pair(one.codes[0]!, newDeviceId())).body).toMatchObject({ ok: true, seatId: 's02' });
    expect((await http.pair(all.codes[2]!, newDeviceId())).body).toMatchObject({ ok: true, seatId: 's03' });
  });

  it('revokes one card; only the secretariat may; hostile or unknown seats change nothing', async () => {
    const meetingId = await http.createMeeting(secretariat, congressSpec(3));
    const codes = await http.issueCodes(secretariat, meetingId);
    // One code format everywhere: the JSON, the QR link and the printed card.
    const issued = await http.request<{ codes: { code: string; url: string }[] }>('POST', `/api/meetings/${meetingId}/pairing-codes`, { seatIds: ['s03'] }, secretariat);
    const [s03] = issued.body.codes;
    expect(s03?.code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(s03?.url.endsWith(`?pair=${s03.code}`)).toBe(true);

    const revoke = (seatId: string, token = secretariat) =>
      http.request<{ ok: boolean; revoked?: boolean; code?: string }>('POST', `/api/meetings/${meetingId}/seats/${encodeURIComponent(seatId)}/revoke-card`, {}, token);
    expect(await revoke('s01', presidium)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await revoke('s01', 'forged')).toMatchObject({ status: 401 });
    expect(await revoke('s01')).toMatchObject({ status: 200, body: { ok: true, revoked: true } });
    expect(await revoke('s01')).toMatchObject({ status: 200, body: { ok: true, revoked: false } });
    expect((await http.pair(codes.get('s01')!, newDeviceId())).body).toMatchObject({ ok: false, code: 'PAIRING_CODE_INVALID' });
    expect((await consoleSeats(meetingId)).get('s01')?.card).toBe('none');

    const before = (await server.store.readEvents(meetingId, 0)).length;
    for (const id of [...HOSTILE_IDS, 's99']) {
      const reply = await revoke(id);
      expect(reply.status, id).toBeGreaterThanOrEqual(400);
      expect(reply.status, id).toBeLessThan(500);
    }
    expect((await server.store.readEvents(meetingId, 0)).length).toBe(before);
    // The untouched card still pairs.
    expect((await http.pair(codes.get('s02')!, newDeviceId())).body).toMatchObject({ ok: true, seatId: 's02' });
  });

  it('a reissue ticket names only seats of the meeting, and only for seat cards', async () => {
    const meetingId = await http.createMeeting(secretariat, congressSpec(2));
    expect(await mint(meetingId, { purpose: 'results-csv', seatIds: ['s01'] })).toMatchObject({ status: 400 });
    expect(await mint(meetingId, { purpose: 'seat-cards', seatIds: [] })).toMatchObject({ status: 400 });
    expect(await mint(meetingId, { purpose: 'seat-cards', seatIds: ['s01'] }, presidium)).toMatchObject({ status: 403 });
    const hostile = await mint(meetingId, { purpose: 'seat-cards', seatIds: ['constructor'] });
    const page = await fetch(server.baseUrl + hostile.body.url);
    expect(page.status).toBe(404);
    expect(await page.json()).toMatchObject({ code: 'UNKNOWN_SEAT' });
  });
});
