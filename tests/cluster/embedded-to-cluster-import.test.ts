import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/domain/views';
import { silentLogger } from '../../server/logger';
import { BallotKeyring } from '../../server/secrecy/ballot-keys';
import { foldMeeting } from '../../server/service/fold';
import { RedisStore } from '../../server/store/redis/redis-store';
import type { MeetingArchive, MeetingStore } from '../../server/store/types';
import { killHard, startMain, type ChildServer } from '../support/child-server';
import { openBallot, openHall, randomOption, startSitting, type Hall } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { connect, emitAck, emitOk } from '../support/sockets';
import { TEST_BALLOT_KEY, TEST_JWT_SECRET, TEST_STAFF_PASSWORD } from '../support/test-config';
import { startTestServer, type TestServer } from '../support/test-server';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DELEGATES = 12;

/** `npm run import -- <file>`, the documented command, against the given Redis. */
async function runImport(file: string, redisUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'import', '--', file], {
      cwd: REPO_ROOT,
      env: { ...process.env, REDIS_URL: redisUrl, NODE_ENV: 'development', BALLOT_KEY: TEST_BALLOT_KEY },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function foldOf(store: MeetingStore, meetingId: string) {
  return foldMeeting(await store.readEvents(meetingId, 0), await store.readVotes(meetingId));
}

/** The console's ballots as published: what the presidium announced. */
async function publishedBallots(baseUrl: string, meetingId: string) {
  const token = await new HttpClient(baseUrl).staffToken('presidium');
  const socket = await connect(baseUrl, { token, meetingId });
  try {
    const sync = await emitAck(socket, 'meeting:sync', {});
    if (!sync.ok) throw new Error(`sync refused: ${sync.code}`);
    return (sync.view as ConsoleView).ballots.map((b) => ({ ballotId: b.ballotId, status: b.status, result: b.result }));
  } finally {
    socket.close();
  }
}

describe.skipIf(!redisServerAvailable())('a meeting run in embedded mode, imported into cluster mode', () => {
  let embedded: TestServer;
  let hall: Hall;
  let redis: RedisServer;
  let node: ChildServer | null = null;
  let workDir: string;

  beforeAll(async () => {
    embedded = await startTestServer();
    redis = await startRedis({ appendonly: true });
    workDir = await mkdtemp(path.join(tmpdir(), 'biaojue-import-'));
  });

  afterAll(async () => {
    hall?.closeSockets();
    if (node) await killHard(node);
    await embedded?.close();
    await redis?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('has the same fold and the same published results after export and import', async () => {
    // A sitting with a secret ballot and a named one, both published, run on the file journal.
    hall = await openHall(embedded.baseUrl, DELEGATES);
    await startSitting(hall);
    const secret = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议' });
    await Promise.all(hall.tablets.map((t) => emitOk(t.socket, 'ballot:cast', { ballotId: secret, idempotencyKey: `key-${t.seatId}-a`, choice: { option: randomOption() } })));
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId: secret });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId: secret });
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    const named = await openBallot(hall.presidium, { itemId: 'item-2', title: '关于民生实事项目的决定', secrecy: 'named' });
    await Promise.all(hall.tablets.slice(2).map((t) => emitOk(t.socket, 'ballot:cast', { ballotId: named, idempotencyKey: `key-${t.seatId}-b`, choice: { option: randomOption() } })));
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId: named });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId: named });

    const exported = await hall.http.request<MeetingArchive>('GET', `/api/meetings/${hall.meetingId}/export`, undefined, hall.secretariatToken);
    expect(exported.status).toBe(200);
    const file = path.join(workDir, 'meeting.json');
    await writeFile(file, JSON.stringify(exported.body));

    const imported = await runImport(file, redis.url);
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining(`imported meeting ${hall.meetingId}`) });
    // A second import of the same meeting is refused and changes nothing.
    expect(await runImport(file, redis.url)).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });

    // Same fold: the state every node derives from the Redis log equals the embedded one.
    const redisStore = await RedisStore.connect(redis.url, { logger: silentLogger, keyring: BallotKeyring.fromSecret(TEST_BALLOT_KEY) });
    try {
      const clusterFold = await foldOf(redisStore, hall.meetingId);
      expect(clusterFold).not.toBeNull();
      expect(clusterFold).toEqual(await foldOf(embedded.store, hall.meetingId));
    } finally {
      await redisStore.close();
    }

    // Same results, as a cluster node serves them.
    node = await startMain({ REDIS_URL: redis.url, JWT_SECRET: TEST_JWT_SECRET, STAFF_PASSWORD: TEST_STAFF_PASSWORD, BALLOT_KEY: TEST_BALLOT_KEY });
    const before = await publishedBallots(embedded.baseUrl, hall.meetingId);
    expect(before.map((b) => b.status)).toEqual(['published', 'published']);
    expect(await publishedBallots(node.baseUrl, hall.meetingId)).toEqual(before);
  });

  it('refuses a file that is not a meeting archive, writing nothing', async () => {
    const file = path.join(workDir, 'not-an-archive.json');
    await writeFile(file, JSON.stringify({ meetingId: 'm-broken', events: [{ type: 'SessionOpened' }], votes: { participations: [], boxes: {} } }));
    expect(await runImport(file, redis.url)).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot be imported') });
    const store = await RedisStore.connect(redis.url, { logger: silentLogger, keyring: BallotKeyring.fromSecret(TEST_BALLOT_KEY) });
    try {
      expect(await store.listMeetings()).not.toContain('m-broken');
    } finally {
      await store.close();
    }
  });
});
