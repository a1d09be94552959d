import { mkdir, readdir } from 'node:fs/promises';
import type { MeetingEvent } from '../../../shared/domain/meeting';
import { systemClock, type Clock } from '../../clock';
import { createLogger, type Logger } from '../../logger';
import type { BallotKeyring } from '../../secrecy/ballot-keys';
import type { StoreObserver } from '../observer';
import { answerLater, failLater, promiseOf } from '../../reply';
import type { CastWaiter } from '../cast-waiter';
import type { AppendResult, StoredCast, CastRequest, MeetingArchive, MeetingStore, VoteRecords } from '../types';
import type { HeldRegister } from '../register-digest';
import { replayArchive } from './archive-import';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { developmentKeyring, makeDataDirPrivate } from './data-dir-modes';
import { dataSyncThread, type DataSyncThread } from './data-sync-thread';
import { DiskStats, type DiskStatsSnapshot } from './disk';
import { InvalidStoreInputError, MeetingUnavailableError, StoreClosedError } from '../errors';
import { DIR_MODE, isSafeId, meetingPaths, meetingsDir } from './layout';
import { MeetingIndex } from './meeting-index';
import { MeetingJournal, type JournalEnv } from './meeting-journal';
import { recoverMeeting, type RecoveredMeeting } from './recovery';

export interface FileStoreOptions {
  logger?: Logger;
  /** The server clock that judges ballot deadlines. */
  clock?: Clock;
  /**
   * The master key that wraps each secret ballot's key (config.ballotKey, BALLOT_KEY). Without
   * one (development only) a generated key is kept in the data directory, with a warning.
   */
  keyring?: BallotKeyring;
  /** Batch sizes for the metrics (server/metrics.ts). */
  observer?: StoreObserver;
  /** The thread for the journals' fdatasync; by default the process's one (tests give a slow one). */
  syncThread?: DataSyncThread;
}

export interface DamagedMeeting {
  meetingId: string;
  reason: string;
}

/**
 * The embedded MeetingStore: one append-only journal per meeting under `<dir>/meetings/`, with
 * group commit. See meeting-journal.ts for the write path and its failure policy, recovery.ts
 * for what opening does with a crashed or damaged journal.
 */
export class FileStore implements MeetingStore {
  private readonly meetings = new Map<string, MeetingJournal>();
  /** Found damaged when the store opened: kept out of service, their files left untouched. */
  private readonly damagedOnOpen = new Map<string, string>();
  /** Imports being written: the id is taken, the meeting not yet there. */
  private readonly importing = new Map<string, MeetingJournal>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly env: JournalEnv,
    private readonly lock: DataDirLock,
  ) {}

  /**
   * Opens the store, recovering every meeting. One damaged meeting never stops the others;
   * a data directory held by another live store is refused (DataDirLockedError).
   */
  static async open(dir = './data', options: FileStoreOptions = {}): Promise<FileStore> {
    const stats = new DiskStats();
    // Started with the store: its few MB belong to the server from its start (data-sync-thread.ts).
    const syncs = options.syncThread ?? dataSyncThread();
    const logger = (options.logger ?? createLogger('warn')).child({ component: 'file-store' });
    await makeDataDirPrivate(dir, logger);
    await mkdir(meetingsDir(dir), { recursive: true, mode: DIR_MODE });
    const lock = await lockDataDir(dir, logger);
    let keyring: BallotKeyring;
    try {
      keyring = options.keyring ?? (await developmentKeyring(dir, stats, logger));
    } catch (error) {
      await lock.release();
      throw error;
    }
    const env: JournalEnv = { stats, logger, clock: options.clock ?? systemClock, keyring, observer: options.observer ?? {}, syncs };
    const store = new FileStore(dir, env, lock);
    try {
      for (const entry of await readdir(meetingsDir(dir), { withFileTypes: true })) {
        if (!entry.isDirectory() || !isSafeId(entry.name)) {
          env.logger.warn('unexpected entry in the meetings directory; left alone', { name: entry.name });
          continue;
        }
        await store.recover(entry.name);
      }
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private async recover(meetingId: string): Promise<void> {
    const paths = meetingPaths(this.dir, meetingId);
    let recovered: RecoveredMeeting;
    try {
      recovered = await recoverMeeting(paths, {
        meetingId,
        stats: this.env.stats,
        logger: this.env.logger.child({ meetingId }),
        keyring: this.env.keyring,
      });
    } catch (error) {
      recovered = { kind: 'damaged', reason: `recovery failed: ${(error as Error).message}` };
    }
    switch (recovered.kind) {
      case 'absent':
        return;
      case 'damaged':
        this.env.logger.error('meeting is damaged and will not be served', { meetingId, reason: recovered.reason });
        this.damagedOnOpen.set(meetingId, recovered.reason);
        return;
      case 'loaded':
        this.meetings.set(
          meetingId,
          new MeetingJournal(meetingId, paths, recovered.index, this.env, {
            onDisk: true,
            lastSeq: recovered.lastSeq,
            keys: recovered.keys,
          }),
        );
    }
  }

  /** Meetings that cannot be served: damaged on disk, or a write failed since opening. */
  damaged(): DamagedMeeting[] {
    const list: DamagedMeeting[] = [...this.damagedOnOpen].map(([meetingId, reason]) => ({ meetingId, reason }));
    for (const journal of [...this.meetings.values(), ...this.importing.values()]) {
      if (journal.failureReason) list.push({ meetingId: journal.meetingId, reason: journal.failureReason });
    }
    return list;
  }

  stats(): DiskStatsSnapshot {
    return this.env.stats.snapshot();
  }

  async listMeetings(): Promise<string[]> {
    this.assertOpen();
    const ids: string[] = [];
    for (const journal of this.meetings.values()) if (journal.exists && !journal.failureReason) ids.push(journal.meetingId);
    return ids.sort();
  }

  async append(meetingId: string, expectedVersion: number, events: MeetingEvent[]): Promise<AppendResult> {
    const journal = this.serving(meetingId);
    if (journal) return journal.append(expectedVersion, events);
    // An import in progress holds the id; its log is not readable yet, so nothing can follow it.
    const importing = this.importing.get(meetingId);
    if (importing) return { ok: false, reason: 'conflict', version: importing.version };
    if (expectedVersion !== 0) return { ok: false, reason: 'conflict', version: 0 };
    const paths = meetingPaths(this.dir, meetingId);
    const index = new MeetingIndex();
    const problem = events.length === 0 ? 'creating a meeting needs its MeetingCreated event' : index.eventsProblem(events);
    if (problem) throw new InvalidStoreInputError(problem);
    const created = new MeetingJournal(meetingId, paths, index, this.env, { onDisk: false, lastSeq: 0, keys: new Map() });
    // Taken synchronously with the checks above: a concurrent create of the same id conflicts.
    // If the write fails the id stays taken (damaged() lists it) until the store is reopened.
    this.meetings.set(meetingId, created);
    return created.append(0, events);
  }

  async readEvents(meetingId: string, afterVersion: number): Promise<MeetingEvent[]> {
    const journal = this.serving(meetingId);
    return journal ? journal.readEvents(afterVersion) : [];
  }

  cast(meetingId: string, request: CastRequest): Promise<StoredCast> {
    return promiseOf((waiter) => this.castInto(meetingId, request, waiter));
  }

  /** The vote path (cast-waiter.ts): the meeting's journal answers `waiter` once the vote is durable. */
  castInto(meetingId: string, request: CastRequest, waiter: CastWaiter): void {
    let journal: MeetingJournal | undefined;
    try {
      journal = this.serving(meetingId);
    } catch (error) {
      failLater(waiter, error);
      return;
    }
    if (!journal) answerLater(waiter, { status: 'rejected', code: 'UNKNOWN_MEETING', message: `no meeting ${meetingId}` });
    else journal.castInto(request, waiter);
  }

  /** Registers are sent whole, whatever the reader holds (`_held`): they are in this process, with no wire to spare. */
  async readVotes(meetingId: string, ballotIds?: readonly string[], _held?: ReadonlyMap<string, HeldRegister>): Promise<VoteRecords> {
    const journal = this.serving(meetingId);
    return journal ? journal.readVotes(ballotIds) : { register: [], boxes: {} };
  }

  async importMeeting(archive: MeetingArchive): Promise<{ ok: true } | { ok: false; reason: 'exists' }> {
    this.assertOpen();
    const { meetingId } = archive;
    if (this.meetings.has(meetingId) || this.damagedOnOpen.has(meetingId) || this.importing.has(meetingId)) {
      return { ok: false, reason: 'exists' };
    }
    const paths = meetingPaths(this.dir, meetingId);
    const replayed = replayArchive(archive);
    const journal = new MeetingJournal(meetingId, paths, replayed.index, this.env, {
      onDisk: false,
      lastSeq: 0,
      keys: new Map(),
    });
    // Out of service until durable: no cast may see a register that is not yet on disk.
    this.importing.set(meetingId, journal);
    try {
      await journal.writeImport(replayed.archive.events, replayed.archive.votes.participations);
    } finally {
      this.importing.delete(meetingId);
      // Also when the write failed: then the id stays taken, listed by damaged(), until reopening.
      this.meetings.set(meetingId, journal);
    }
    return { ok: true };
  }

  /** Waits for every queued write, then closes the files. Later calls throw StoreClosedError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const journals = [...this.meetings.values(), ...this.importing.values()];
    await Promise.all(journals.map((journal) => journal.close()));
    await this.lock.release();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  /** The meeting's journal if it exists; throws if it exists but cannot be served. */
  private serving(meetingId: string): MeetingJournal | undefined {
    this.assertOpen();
    const damage = this.damagedOnOpen.get(meetingId);
    if (damage) throw new MeetingUnavailableError(meetingId, damage);
    return this.meetings.get(meetingId);
  }
}
