import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MeetingEvent } from '../../shared/domain/meeting';
import { systemClock, type Clock } from '../../server/clock';
import { silentLogger } from '../../server/logger';
import { FileStore } from '../../server/store/file/file-store';
import { readRegister, readTurnout } from '../../server/store/register-reads';
import type { CastRequest, MeetingArchive, MeetingStore } from '../../server/store/types';
import type { HeldRegister } from '../../server/store/register-digest';
import { testKeyring } from '../store/fixtures';

const made: string[] = [];
/** The stores made here and not closed yet (closeTemporaryStores). */
const unclosed = new Set<TemporaryFileStore>();
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A throwaway store for service tests that need no files of their own: the real file store in a
 * fresh temporary directory, removed when the process exits. It used to be a separate in-memory
 * imitation, which drifted from the contract (it kept open boxes readable, ignored last_counts);
 * the real store passes tests/store/contract.ts, and so does this wrapper
 * (tests/store/memory-store.test.ts), so nothing here can drift again.
 *
 * Construction is synchronous (tests wrap it with Object.create to override one method); the
 * store opens on first use.
 */
export class TemporaryFileStore implements MeetingStore {
  private readonly opened: Promise<FileStore>;
  /** Where the journal is, once opened. */
  dir: string | null = null;

  /** `dir`: open the store kept there (a reopen, as the contract suite does); default a new one. */
  constructor(clock: Clock = systemClock, dir?: string) {
    const where = dir ? Promise.resolve(dir) : mkdtemp(path.join(tmpdir(), 'biaojue-service-'));
    this.opened = where.then((at) => {
      if (!dir) made.push(at);
      this.dir = at;
      return FileStore.open(at, { clock, logger: silentLogger, keyring: testKeyring() });
    });
    // A failed open is reported by the first call that awaits it.
    this.opened.catch(() => {});
    unclosed.add(this);
  }

  async listMeetings(): Promise<string[]> {
    return (await this.opened).listMeetings();
  }

  async append(meetingId: string, expectedVersion: number, events: MeetingEvent[]) {
    return (await this.opened).append(meetingId, expectedVersion, events);
  }

  async readEvents(meetingId: string, afterVersion: number) {
    return (await this.opened).readEvents(meetingId, afterVersion);
  }

  async cast(meetingId: string, request: CastRequest) {
    return (await this.opened).cast(meetingId, request);
  }

  async readVotes(meetingId: string, ballotIds?: readonly string[], held?: ReadonlyMap<string, HeldRegister>) {
    return (await this.opened).readVotes(meetingId, ballotIds, held);
  }

  async readTurnout(meetingId: string, ballotIds: readonly string[]) {
    return readTurnout(await this.opened, meetingId, ballotIds);
  }

  async readRegister(meetingId: string, ballotId: string) {
    return readRegister(await this.opened, meetingId, ballotId);
  }

  async importMeeting(archive: MeetingArchive) {
    return (await this.opened).importMeeting(archive);
  }

  async close(): Promise<void> {
    unclosed.delete(this);
    await (await this.opened).close();
  }
}

/**
 * Closes every store made here that a test left open (a test file's afterEach): left to the
 * garbage collector, their journal and lock files were closed by it, which Node warns of and
 * will one day refuse (DEP0137).
 */
export async function closeTemporaryStores(): Promise<void> {
  await Promise.allSettled([...unclosed].map((store) => store.close()));
}

/** The name the service tests know it by. */
export { TemporaryFileStore as MemoryStore };
