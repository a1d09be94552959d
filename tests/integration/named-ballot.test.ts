import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import { openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Named (记名) ballots: the live roll of who has not voted, and after publishing the per-delegate
 * record on the console, the printed sheet (记名表决结果) and CSV/JSON. An anonymous ballot has
 * no names linked to choices anywhere: in any byte the console receives, or any export (invariant 4).
 */
describe('named ballot records', () => {
  let server: TestServer;
  let hall: Hall;
  /** Everything the console socket receives, as JSON text. */
  const consoleBytes: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, 6);
    hall.presidium.onAny((event: string, ...args: unknown[]) => consoleBytes.push(`${event} ${JSON.stringify(args)}`));
    await startSitting(hall);
  });
  afterAll(async () => {
    hall.closeSockets();
    await server.close();
  });

  const get = (path: string, token = hall.presidiumToken) => fetch(server.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  const base = () => `/api/meetings/${hall.meetingId}/ballots`;
  const ticketUrl = async (purpose: string, ballotId: string) =>
    (await hall.http.request<{ url: string }>('POST', `/api/meetings/${hall.meetingId}/link-tickets`, { purpose, ballotId }, hall.presidiumToken)).body.url;

  it('shows who has not voted while open, and each delegate’s vote once published, the same on the console, sheet, CSV and JSON', async () => {
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议', secrecy: 'named' });
    const choices = ['yes', 'no', 'abstain', 'yes'] as const;
    await Promise.all(
      choices.map((option, i) => emitOk(hall.tablets[i]!.socket, 'ballot:cast', { ballotId, idempotencyKey: `named-${i}-key`, choice: { option } })),
    );
    // The live roll: the register says who voted (public), so the console knows who has not.
    const snapshot = await emitOk(hall.presidium, 'console:seatMap', {});
    expect(snapshot['voted']).toEqual({ ballotId, seatIds: expect.arrayContaining(['s01', 's02', 's03', 's04']) });
    expect((snapshot['voted'] as { seatIds: string[] }).seatIds).toHaveLength(4);
    // Before publishing there is no record (R2.8).
    const early = await get(`${base()}/${ballotId}/named.json`);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: 'RESULT_NOT_PUBLISHED' });

    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });

    const json = (await (await get(`${base()}/${ballotId}/named.json`)).json()) as { records: { seatId: string; status: string; choice: string }[] };
    expect(json.records.map((r) => [r.seatId, r.status, r.choice])).toEqual([
      ['s01', 'voted', '赞成'],
      ['s02', 'voted', '反对'],
      ['s03', 'voted', '弃权'],
      ['s04', 'voted', '赞成'],
      ['s05', 'not_voted', ''],
      ['s06', 'not_voted', ''],
    ]);
    const csv = await (await fetch(server.baseUrl + (await ticketUrl('named-csv', ballotId)))).text();
    expect(csv).toContain('座位号,姓名,代表团,表决情况,表决意见');
    expect(csv).toContain('1排2座,代表2,第1组,已表决,反对');
    expect(csv).toContain('1排6座,代表6,第1组,未表决,');
    const sheet = await fetch(server.baseUrl + (await ticketUrl('named-sheet', ballotId)));
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-security-policy')).toContain("script-src 'none'");
    const html = await sheet.text();
    expect(html).toContain('<h1>记名表决结果</h1>');
    expect(html).toContain('<td>代表3</td><td>第1组</td><td>已表决</td><td>弃权</td>');
    expect(html).toContain('已表决 4 人');
  });

  it('hostile or unknown ballot ids name nothing, and a tablet or the wall gets no record', async () => {
    for (const id of [...HOSTILE_IDS, 'no-such-ballot']) {
      for (const route of ['named.json', 'named.csv', 'named-sheet']) {
        const res = await get(`${base()}/${encodeURIComponent(id)}/${route}`);
        expect([400, 404], `${id} ${route}`).toContain(res.status);
      }
    }
    const anyBallot = hall.console.latest?.ballots[0]?.ballotId ?? 'b';
    expect((await get(`${base()}/${anyBallot}/named.json`, hall.tablets[0]!.token)).status).toBe(403);
    expect((await fetch(`${server.baseUrl}${base()}/${anyBallot}/named.json`)).status).toBe(401);
  });

  it('an anonymous ballot links no delegate to a choice: no record, no sheet, nothing on the console', async () => {
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-2', title: '关于民生实事项目的决定', secrecy: 'anonymous' });
    const from = consoleBytes.length;
    await emitOk(hall.tablets[0]!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'anon-0-key', choice: { option: 'no' } });
    await emitOk(hall.tablets[1]!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'anon-1-key', choice: { option: 'abstain' } });
    // Who voted is public for every ballot: the register, by seat, never what.
    const snapshot = await emitOk(hall.presidium, 'console:seatMap', {});
    expect(snapshot['voted']).toEqual({ ballotId, seatIds: expect.arrayContaining(['s01', 's02']) });
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    await hall.console.waitFor((v) => v.ballots.some((b) => b.ballotId === ballotId && b.status === 'published'), 'published');

    for (const route of ['named.json', 'named.csv', 'named-sheet']) {
      const res = await get(`${base()}/${ballotId}/${route}`);
      expect(res.status, route).toBe(403);
      expect(await res.text(), route).not.toContain('代表1');
    }
    const minted = await hall.http.request('POST', `/api/meetings/${hall.meetingId}/link-tickets`, { purpose: 'named-sheet', ballotId }, hall.presidiumToken);
    expect((await fetch(server.baseUrl + (minted.body as { url: string }).url)).status).toBe(403);

    // Every byte the console got since the ballot opened: who voted (seat ids) may appear, a choice next to a seat never.
    const received = consoleBytes.slice(from).join('\n');
    expect(received).not.toContain('choiceKey');
    expect(received).not.toMatch(/"s0[12]"[^\]}]*"(no|abstain)"/);
    expect(received).not.toMatch(/"(no|abstain)"[^\]}]*"s0[12]"/);
    const sheet = await (await fetch(server.baseUrl + (await ticketUrl('result-sheet', ballotId)))).text();
    expect(sheet).not.toContain('代表1');
    expect(sheet).not.toContain('代表2');
  });
});
