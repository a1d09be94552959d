// A node's copy of a meeting can go back in version: after a failover lost an event that was
// never acknowledged, the resync reads the meeting again whole (replica-resync.ts). Every view
// names the copy it comes from (`epoch`, docs/PROTOCOL.md §5 *Versions and epochs*), so clients
// that saw the lost version take the views of the copy read again instead of ignoring them.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../shared/domain/meeting';
import type { ConsoleView, DelegateView, PublicView } from '../../shared/domain/views';
import { SERVER_EVENTS } from '../../shared/protocol/socket';
import { createApp, type App } from '../../server/app';
import { silentLogger } from '../../server/logger';
import { FileStore } from '../../server/store/file/file-store';
import { fileStoreKeyring } from '../../server/store/index';
import type { CastRequest, MeetingArchive, MeetingStore } from '../../server/store/types';
import { openHall, type Hall } from '../support/hall';
import { emitOk } from '../support/sockets';
import { testConfig } from '../support/test-config';

/**
 * Real file stores standing in for a Redis primary and its replica: `promote` puts in its place
 * a copy of the data directory taken earlier, which lacks whatever was written after it (what
 * a Sentinel failover does with writes the primary never passed on).
 */
class PromotableStore implements MeetingStore {
  constructor(private current: FileStore) {}

  async promote(replica: FileStore): Promise<void> {
    const old = this.current;
    this.current = replica;
    await old.close();
  }
  listMeetings() {
    return this.current.listMeetings();
  }
  damaged() {
    return this.current.damaged();
  }
  append(meetingId: string, expectedVersion: number, events: MeetingEvent[]) {
    return this.current.append(meetingId, expectedVersion, events);
  }
  readEvents(meetingId: string, afterVersion: number) {
    return this.current.readEvents(meetingId, afterVersion);
  }
  cast(meetingId: string, request: CastRequest) {
    return this.current.cast(meetingId, request);
  }
  readVotes(meetingId: string, ballotIds?: readonly string[]) {
    return this.current.readVotes(meetingId, ballotIds);
  }
  importMeeting(archive: MeetingArchive) {
    return this.current.importMeeting(archive);
  }
  close() {
    return this.current.close();
  }
}

type AnyView = (PublicView | ConsoleView | DelegateView) & { epoch?: string };

describe('after its copy is read again at a lower version, every connected client takes the new views', () => {
  const dirs: string[] = [];
  const config = testConfig();
  let dataDir: string;
  let app: App;
  let store: PromotableStore;
  let hall: Hall;
  /** Every view and seat part each socket got after the failover, as sent. */
  const raw = new Map<string, { event: string; payload: Record<string, unknown> }[]>();

  const viewLogs = () => [
    { name: 'wall', log: hall.wallView },
    { name: 'console', log: hall.console },
    ...hall.tablets.map((t) => ({ name: t.seatId, log: t.views })),
  ];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-epoch-'));
    dirs.push(dataDir);
    store = new PromotableStore(await FileStore.open(dataDir, { logger: silentLogger, ...fileStoreKeyring(config) }));
    app = createApp({ config: { ...config, dataDir }, store, logger: silentLogger });
    const { port } = await app.listen(0);
    hall = await openHall(`http://127.0.0.1:${port}`, 3);
    await Promise.all(hall.tablets.map((t) => emitOk(t.socket, 'delegate:signIn')));
    await emitOk(hall.presidium, 'presidium:openSession');
    for (const { log } of viewLogs()) await log.waitFor((v) => v.phase === 'in_session', 'the session open');
  });

  afterAll(async () => {
    hall?.closeSockets();
    await app?.close();
    await store?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('takes the lower version of the new epoch on the wall, the console and every tablet; sync answers it too', async () => {
    // The replica has everything up to the open session (acknowledged, hence on disk)…
    const replicaDir = await mkdtemp(path.join(tmpdir(), 'biaojue-epoch-replica-'));
    dirs.push(replicaDir);
    await cp(dataDir, replicaDir, { recursive: true, filter: (src) => path.basename(src) !== 'LOCK' });
    const before = (await emitOk(hall.presidium, 'meeting:sync'))['view'] as AnyView;

    // …but not the item started next, which every client sees at a higher version.
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-1' });
    for (const { log } of viewLogs()) await log.waitFor((v) => v.currentItemId === 'item-1', 'the item started');
    const seen = viewLogs().map(({ name, log }) => ({ name, view: log.latest as AnyView }));
    for (const { view } of seen) {
      expect(view.epoch).toBe(before.epoch);
      expect(view.version).toBeGreaterThan(before.version);
    }

    // The failover: the replica is promoted, and the resync finds the copy's last event gone.
    for (const socket of [hall.wall, hall.presidium, ...hall.tablets.map((t) => t.socket)]) {
      const got: { event: string; payload: Record<string, unknown> }[] = [];
      raw.set(socket.id!, got);
      for (const event of [SERVER_EVENTS.view, SERVER_EVENTS.seat]) socket.on(event, (payload: Record<string, unknown>) => got.push({ event, payload }));
    }
    await store.promote(await FileStore.open(replicaDir, { logger: silentLogger, ...fileStoreKeyring(config) }));
    await app.service.resyncAll();

    for (const { name, log } of viewLogs()) {
      const now = (await log.waitFor((v) => v.currentItemId === null, `${name}: the state without the lost item`)) as AnyView;
      expect(now.version, name).toBe(before.version);
      expect(now.epoch, name).toEqual(expect.any(String));
      expect(now.epoch, name).not.toBe(before.epoch);
    }
    // Every view and seat part sent since names the new epoch; the first of each kind is whole.
    const epoch = (hall.console.latest as AnyView).epoch;
    for (const got of raw.values()) for (const { payload } of got) expect(payload['epoch']).toBe(epoch);
    const firstToTablet = raw.get(hall.tablets[0]!.socket.id!)!.find((r) => r.event === SERVER_EVENTS.view)!.payload;
    expect(firstToTablet).toHaveProperty('agenda');
    expect(firstToTablet).toHaveProperty('ballotSpec');
    expect(raw.get(hall.presidium.id!)![0]!.payload).toHaveProperty('seats');

    // A meeting:sync answer (a reconnect's, or after a missed push) is of the new epoch too.
    const synced = (await emitOk(hall.tablets[1]!.socket, 'meeting:sync'))['view'] as AnyView;
    expect(synced).toMatchObject({ epoch, version: before.version, currentItemId: null });
  });

  it('goes on in the new epoch: the next change reaches every client, at the version the lost event had', async () => {
    const epoch = (hall.console.latest as AnyView).epoch;
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    for (const { name, log } of viewLogs()) {
      const now = (await log.waitFor((v) => v.currentItemId === 'item-2', `${name}: item 2`)) as AnyView;
      expect(now.epoch, name).toBe(epoch);
    }
  });
});
