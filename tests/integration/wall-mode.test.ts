import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import type { NamedSeatMap } from '../../shared/domain/named-seat-map';
import { congressSpec, openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { connect, emitAck, emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Issue 11: the wall's mode is a command of the presidium or the secretariat, an event in the
 * log (WallModeSet), and part of every wall's view; the named-ballot seat map is served to the
 * wall only for a published named ballot, never for an anonymous one (invariant 4).
 */
describe('wall modes over real sockets', () => {
  let server: TestServer;
  let hall: Hall;

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, 6);
    await startSitting(hall);
  });
  afterAll(async () => {
    hall.closeSockets();
    await server.close();
  });

  it('the presidium switches every wall; the secretariat may too; the mode survives a resync', async () => {
    await emitOk(hall.presidium, 'presidium:setWallMode', { mode: 'emblem' });
    await hall.wallView.waitFor((v) => v.wall.mode === 'emblem', 'the emblem mode on the wall');
    const clerk = await connect(server.baseUrl, { token: hall.secretariatToken, meetingId: hall.meetingId });
    try {
      await emitOk(clerk, 'presidium:setWallMode', { mode: 'notice', notice: '休会十分钟' });
    } finally {
      clerk.close();
    }
    const shown = await hall.wallView.waitFor((v) => v.wall.mode === 'notice', 'the notice on the wall');
    expect(shown.wall).toEqual({ mode: 'notice', notice: '休会十分钟', hideUnsatisfiedNames: false });
    const { view } = (await emitOk(hall.wall, 'meeting:sync', {})) as unknown as { view: { wall: { mode: string } } };
    expect(view.wall.mode).toBe('notice');
  });

  it('a tablet or the wall itself cannot switch it; bad modes and oversized notices change nothing', async () => {
    const before = (await emitOk(hall.presidium, 'meeting:sync', {})) as unknown as { view: { version: number } };
    expect(await emitAck(hall.tablets[0]!.socket, 'presidium:setWallMode', { mode: 'blank' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await emitAck(hall.wall, 'presidium:setWallMode', { mode: 'blank' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    for (const mode of [...HOSTILE_IDS, 'disco', 42, null]) {
      expect(await emitAck(hall.presidium, 'presidium:setWallMode', { mode })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    }
    expect(await emitAck(hall.presidium, 'presidium:setWallMode', { mode: 'notice', notice: '字'.repeat(201) })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await emitAck(hall.presidium, 'presidium:setWallMode', { mode: 'auto', extra: 1 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    const after = (await emitOk(hall.presidium, 'meeting:sync', {})) as unknown as { view: { version: number } };
    expect(after.view.version).toBe(before.view.version);
  });

  it('the seat map: only a published named ballot, only for its own meeting’s wall and staff', async () => {
    const wallToken = (await hall.http.request<{ token: string }>('GET', `/api/meetings/${hall.meetingId}/wall-link`, undefined, hall.presidiumToken)).body.token;
    const map = (ballotId: string, token = wallToken, meetingId = hall.meetingId) =>
      fetch(`${server.baseUrl}/api/meetings/${meetingId}/ballots/${ballotId}/named-map`, { headers: { authorization: `Bearer ${token}` } });

    const named = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议', secrecy: 'named' });
    const choices = ['yes', 'no', 'abstain', 'yes'] as const;
    await Promise.all(choices.map((option, i) => emitOk(hall.tablets[i]!.socket, 'ballot:cast', { ballotId: named, idempotencyKey: `map-${i}-key`, choice: { option } })));
    // Before publishing there is no per-seat record to show (R2.8).
    expect(await (await map(named)).json()).toMatchObject({ ok: false, code: 'RESULT_NOT_PUBLISHED' });
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId: named });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId: named });

    const shown = (await (await map(named)).json()) as NamedSeatMap & { ok: boolean };
    expect(shown.ok).toBe(true);
    expect(shown.seats.map((s) => s.mark)).toEqual(['yes', 'no', 'abstain', 'yes', 'not_voted', 'not_voted']);
    expect(shown.seats.every((s) => s.row >= 1 && s.column >= 1)).toBe(true);
    expect((await map(named, hall.presidiumToken)).status).toBe(200);

    // A delegate's token, a wall of another meeting, unknown and hostile ids: refused.
    expect((await map(named, hall.tablets[0]!.token)).status).toBe(403);
    const other = await hall.http.createMeeting(hall.secretariatToken, { ...congressSpec(2, '另一次会议'), meetingId: 'other-wall-meeting' });
    expect(await (await map(named, wallToken, other)).json()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    for (const id of HOSTILE_IDS) expect((await (await map(id)).json()) as { ok: boolean }).toMatchObject({ ok: false });

    // An anonymous ballot has no seat map, published or not (invariant 4).
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    const secret = await openBallot(hall.presidium, { itemId: 'item-2', title: '关于人事的决定', secrecy: 'anonymous' });
    await emitOk(hall.tablets[0]!.socket, 'ballot:cast', { ballotId: secret, idempotencyKey: 'map-secret-key', choice: { option: 'yes' } });
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId: secret });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId: secret });
    const refused = await map(secret);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).not.toMatch(/yes|赞成/);
  });
});
