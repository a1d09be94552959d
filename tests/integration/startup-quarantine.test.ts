import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import { createLogger, silentLogger } from '../../server/logger';
import { MeetingService } from '../../server/meeting-service';
import { ServiceError } from '../../server/service/service-error';
import { FileStore } from '../../server/store/file/file-store';
import { fileStoreKeyring } from '../../server/store/index';
import type { MeetingStore } from '../../server/store/types';
import type { Actor, MeetingEvent, MeetingSpec } from '../../shared/domain/meeting';
import type { ConsoleView } from '../../shared/domain/views';
import { congressSpec } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { MemoryStore, closeTemporaryStores } from '../support/memory-store';
import { connect, connectRefusal, emitAck, emitOk } from '../support/sockets';
import { testConfig } from '../support/test-config';
import { startTestServer, type TestServer } from '../support/test-server';

/** The temporary stores a test made are closed after it (tests/support/memory-store.ts). */
afterEach(closeTemporaryStores);

/** Invariant 6: start-up never fails because of one bad meeting; it is reported and quarantined. */
const BY: Actor = { role: 'secretariat', name: '测试' };
const AT = Date.UTC(2026, 0, 5, 1, 0, 0);
const GHOSTS = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable'];

function spec(meetingId: string, seats = 6): MeetingSpec {
  const input = congressSpec(seats);
  return {
    meetingId,
    body: input.body,
    title: input.title,
    delegates: input.delegates.map((d) => ({ ...d, group: d.group ?? '' })),
    presidium: [],
    agenda: (input.agenda ?? []).map((a) => ({ itemId: a.itemId, title: a.title, kind: 'vote' as const })),
  };
}
const created = (s: MeetingSpec): MeetingEvent => ({ type: 'MeetingCreated', at: AT, by: BY, spec: s });

describe('a data directory with bad meetings beside a good one', () => {
  let dataDir: string;
  let server: TestServer | null = null;
  let goodMeetingId: string;
  const errorLines: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-quarantine-'));
    const first = await startTestServer({ dataDir });
    const http = new HttpClient(first.baseUrl);
    goodMeetingId = await http.createMeeting(await http.staffToken('secretariat'), congressSpec(6));
    await first.close();

    // Logs no command can write any more, as an older version or a damaged disk might have left them.
    const store = await FileStore.open(dataDir, { logger: silentLogger, ...fileStoreKeyring(testConfig({ dataDir })) });
    const twice = spec('bad-roster');
    await store.append('bad-roster', 0, [created({ ...twice, delegates: [...twice.delegates, twice.delegates[0]!] })]);
    await store.append('bad-shape', 0, [created({ meetingId: 'bad-shape' } as MeetingSpec)]);
    // What issue 8 §2's attack wrote: attendance of seats that do not exist, a void of a ballot that never was.
    await store.append('ghost-attack', 0, [created(spec('ghost-attack', 12))]);
    const ghostEvents: MeetingEvent[] = [
      ...GHOSTS.map((seatId): MeetingEvent => ({ type: 'AttendanceRecorded', at: AT, by: BY, seatId, status: 'present' })),
      { type: 'BallotVoided', at: AT, by: BY, ballotId: 'constructor', reason: '伪造' },
    ];
    expect(await store.append('ghost-attack', 1, ghostEvents)).toMatchObject({ ok: true });
    // A journal damaged on disk: its first record overwritten, later batches intact.
    await store.append('bad-journal', 0, [created(spec('bad-journal'))]);
    await store.append('bad-journal', 1, [{ type: 'AttendanceRecorded', at: AT, by: BY, seatId: 's01', status: 'present' }]);
    await store.close();
    const journal = path.join(dataDir, 'meetings', 'bad-journal', 'journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n');
    lines[0] = '{"this is not": a record' + ' '.repeat(Math.max(0, lines[0]!.length - 25));
    await writeFile(journal, lines.join('\n'));

    server = await startTestServer({ dataDir, logger: createLogger('error', (line) => errorLines.push(line)) });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, serves the good meeting, and reports the bad ones in the log and in /api/health', async () => {
    const http = new HttpClient(server!.baseUrl);
    const secretariat = await http.staffToken('secretariat');
    const listed = await http.request<{ meetings: { meetingId: string }[] }>('GET', '/api/meetings', undefined, secretariat);
    expect(listed.body.meetings.map((m) => m.meetingId).sort()).toEqual(['ghost-attack', goodMeetingId].sort());

    const logged = errorLines.map((line) => JSON.parse(line) as { msg: string; meetingId?: string; reason?: string });
    const quarantined = logged.filter((l) => l.msg.startsWith('meeting quarantined'));
    expect(quarantined.map((l) => l.meetingId).sort()).toEqual(['bad-roster', 'bad-shape']);
    expect(quarantined.find((l) => l.meetingId === 'bad-roster')?.reason).toMatch(/duplicate seatId "s01"/);

    const anonymous = await http.request('GET', '/api/health');
    expect(anonymous).toMatchObject({ status: 200, body: { ok: true, quarantined: 3 } });
    expect(anonymous.body['quarantinedMeetings']).toBeUndefined();
    const staff = await http.request<{ quarantinedMeetings: { meetingId: string; reason: string }[] }>('GET', '/api/health', undefined, secretariat);
    expect(staff.body.quarantinedMeetings.map((q) => q.meetingId).sort()).toEqual(['bad-journal', 'bad-roster', 'bad-shape']);
    expect(logged.some((l) => l.meetingId === 'bad-journal')).toBe(true);

    const presidium = await http.staffToken('presidium');
    const console = await connect(server!.baseUrl, { token: presidium, meetingId: goodMeetingId });
    expect(await emitAck(console, 'staff:recordAttendance', { seatId: 's01', status: 'present' })).toMatchObject({ ok: true });
    console.close();
  });

  it('a quarantined meeting answers MEETING_UNAVAILABLE, never INTERNAL', async () => {
    const http = new HttpClient(server!.baseUrl);
    const secretariat = await http.staffToken('secretariat');
    for (const meetingId of ['bad-roster', 'bad-shape', 'bad-journal']) {
      expect(await connectRefusal(server!.baseUrl, { token: secretariat, meetingId })).toMatchObject({ code: 'MEETING_UNAVAILABLE' });
      expect(await http.request('GET', `/api/meetings/${meetingId}/results.json`, undefined, secretariat)).toMatchObject({
        status: 503,
        body: { ok: false, code: 'MEETING_UNAVAILABLE' },
      });
      expect(await http.request('POST', `/api/meetings/${meetingId}/pairing-codes`, {}, secretariat)).toMatchObject({
        status: 503,
        body: { code: 'MEETING_UNAVAILABLE' },
      });
    }
  });

  it('the attack data of issue 8 §2 loads, and its ghost attendance counts for nothing', async () => {
    const http = new HttpClient(server!.baseUrl);
    const presidium = await connect(server!.baseUrl, { token: await http.staffToken('presidium'), meetingId: 'ghost-attack' });
    const view = (await emitOk(presidium, 'meeting:sync')).view as ConsoleView;
    expect(view.attendance).toMatchObject({ total: 12, present: 0 });
    expect(view.ballots).toEqual([]);
    expect(await emitAck(presidium, 'presidium:openSession', {})).toMatchObject({ ok: false, code: 'QUORUM_NOT_MET' });
    presidium.close();
  });
});

describe('cluster mode: a notice about a log that does not fold never throws out of its handler', () => {
  it('followVersion, followCasts and resyncAll quarantine the meeting and keep serving the others', async () => {
    const store = new MemoryStore();
    // Node B reads a log another writer (an older or broken version) extended with a second
    // MeetingCreated: not a log of one meeting. The store itself refuses to write one, so the
    // read is where it is put in.
    let poisoned = false;
    const seenByB = Object.create(store) as MeetingStore;
    seenByB.readEvents = async (meetingId, after) =>
      poisoned && meetingId === 'm-broken' && after > 0 ? [created(spec('m-broken', 3))] : store.readEvents(meetingId, after);
    const errors: string[] = [];
    const nodeA = new MeetingService({ store, clock: systemClock, logger: silentLogger });
    const nodeB = new MeetingService({ store: seenByB, clock: systemClock, logger: createLogger('error', (line) => errors.push(line)) });
    for (const id of ['m-good', 'm-broken']) expect(await nodeA.createMeeting(spec(id), BY)).toMatchObject({ ok: true });
    await nodeB.start();
    expect(nodeB.cachedState('m-broken')).toBeDefined();

    expect(await nodeA.execute('m-broken', [{ type: 'RecordAttendance', seatId: 's01', status: 'present' }], BY)).toMatchObject({ ok: true });
    poisoned = true;
    await expect(nodeB.followVersion('m-broken', 2)).resolves.toBeUndefined();
    const entry = { ballotId: 'b1', seatId: 's01', idempotencyKey: 'key-00000001', receiptId: 'r1', at: AT, choiceKey: null };
    await expect(nodeB.followCasts('m-broken', [{ entry, voted: 1 }])).resolves.toBeUndefined();
    await expect(nodeB.resyncAll()).resolves.toBeUndefined();

    expect(nodeB.quarantinedMeetings().map((q) => q.meetingId)).toEqual(['m-broken']);
    expect(errors.some((line) => line.includes('meeting quarantined') && line.includes('m-broken'))).toBe(true);
    const refused = await nodeB.stateOf('m-broken').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).code).toBe('MEETING_UNAVAILABLE');

    const outcome = await nodeB.execute('m-good', [{ type: 'RecordAttendance', seatId: 's01', status: 'present' }], BY);
    expect(outcome).toMatchObject({ ok: true });
    expect((await nodeB.listMeetings()).map((m) => m.meetingId)).toEqual(['m-good']);
    nodeA.stop();
    nodeB.stop();
  });
});
