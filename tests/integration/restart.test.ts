import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, PublicView } from '../../shared/domain/views';
import { killHard, startMain, type ChildServer } from '../support/child-server';
import { connectTablet, openBallot, openHall, randomOption, startSitting, tally, type Option, type Tablet } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { connect, emitAck, emitOk, ViewLog, type Ack } from '../support/sockets';
import { TEST_JWT_SECRET, TEST_STAFF_PASSWORD } from '../support/test-config';

const DELEGATES = 12;
const VOTED_BEFORE_CRASH = 7;

describe('a server killed mid-ballot', () => {
  let dataDir: string;
  let server: ChildServer | null = null;
  const env = () => ({ DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, STAFF_PASSWORD: TEST_STAFF_PASSWORD });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-restart-'));
  });

  afterAll(async () => {
    if (server) await killHard(server);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged vote and command, and the rest can still vote', async () => {
    server = await startMain(env());
    const hall = await openHall(server.baseUrl, DELEGATES);
    await startSitting(hall);
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '断电前开始的表决' });

    const choices = new Map<string, Option>();
    const keys = new Map<string, string>();
    const receipts = new Map<string, Ack>();
    const early = hall.tablets.slice(0, VOTED_BEFORE_CRASH);
    await Promise.all(
      early.map(async (t) => {
        const option = randomOption();
        const key = `crash-key-${t.seatId}`;
        receipts.set(t.seatId, await emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: key, choice: { option } }));
        choices.set(t.seatId, option);
        keys.set(t.seatId, key);
      }),
    );
    const before = (await emitOk(hall.presidium, 'meeting:sync')).view as ConsoleView;
    hall.closeSockets();
    await killHard(server); // right after the acks: no graceful flush

    server = await startMain(env());
    const http = new HttpClient(server.baseUrl);
    const consoleViews = new ViewLog<ConsoleView>();
    const presidium = await connect(server.baseUrl, { token: hall.presidiumToken, meetingId: hall.meetingId }, consoleViews);
    const after = (await emitOk(presidium, 'meeting:sync')).view as ConsoleView;
    expect(after.version).toBe(before.version);
    expect(after.attendance).toEqual(before.attendance);
    expect(after.ballots).toEqual(before.ballots);
    expect(after.ballots[0]).toMatchObject({ ballotId, status: 'open', voted: VOTED_BEFORE_CRASH });

    // Same tokens, same devices: the tablets carry on after the restart.
    const tablets: Tablet[] = await Promise.all(hall.tablets.map((t) => connectTablet(server!.baseUrl, t)));
    const wallLink = await http.request<{ token: string }>('GET', `/api/meetings/${hall.meetingId}/wall-link`, undefined, hall.presidiumToken);
    const wallViews = new ViewLog<PublicView>();
    const wall = await connect(server.baseUrl, { token: wallLink.body.token }, wallViews);

    const acked = tablets[0]!;
    expect(await emitAck(acked.socket, 'ballot:cast', { ballotId, idempotencyKey: keys.get(acked.seatId), choice: { option: 'yes' } })).toEqual({
      ...receipts.get(acked.seatId),
      duplicate: true,
    });
    expect(await emitAck(acked.socket, 'ballot:cast', { ballotId, idempotencyKey: 'another-key-after', choice: { option: 'yes' } })).toMatchObject({
      ok: false,
      code: 'ALREADY_VOTED',
    });

    await Promise.all(
      tablets.slice(VOTED_BEFORE_CRASH).map(async (t) => {
        const option = randomOption();
        await emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `after-key-${t.seatId}`, choice: { option } });
        choices.set(t.seatId, option);
      }),
    );
    await emitOk(presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(presidium, 'presidium:publishResult', { ballotId });
    const published = await wallViews.waitFor((v) => v.ballot?.status === 'published', 'the published result');
    expect(published.ballot?.result).toMatchObject({ total: DELEGATES, present: DELEGATES, voted: DELEGATES, notVoted: 0, ...tally(choices.values()) });

    for (const s of [presidium, wall, ...tablets.map((t) => t.socket)]) s.close();
  });
});
