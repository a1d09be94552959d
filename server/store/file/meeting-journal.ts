import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compareCodeUnits } from '../../../shared/domain/ballots/paper-key';
import { gateChanges } from '../../../shared/domain/gate';
import type { MeetingEvent, RegisterEntry } from '../../../shared/domain/meeting';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { StoreObserver } from '../observer';
import type { BallotKey, BallotKeyring, WrappedBallotKey } from '../../secrecy/ballot-keys';
import { shuffled } from '../../secrecy/shuffled';
import { answerLater, failLater, replyWhenSettled } from '../../reply';
import type { CastWaiter } from '../cast-waiter';
import type { AppendResult, StoredCast, CastRequest, VoteRecords } from '../types';
import { removeBallotKeyFile, writeBallotKeyFile } from './ballot-key-files';
import { fsyncDirectory, type DiskStats } from './disk';
import { InvalidStoreInputError, MeetingUnavailableError } from '../errors';
import type { DataSyncThread } from './data-sync-thread';
import { BatchCastWaiters } from './batch-cast-waiters';
import { GroupCommitter } from './group-commit';
import { JournalFile } from './journal-file';
import { registerRecords, type JournalRecord } from './journal-records';
import { DIR_MODE, type MeetingPaths } from './layout';
import { frameLines } from './line-frame';
import { castRequestProblem, type DurablePoint, type MeetingIndex } from './meeting-index';

type BatchItem =
  | { kind: 'events'; events: MeetingEvent[] }
  /** `choiceKey`: a secret ballot's paper, to be sealed (kept in memory only); null for a named one. */
  | { kind: 'cast'; entry: RegisterEntry; choiceKey: string | null }
  /** A register entry of an imported archive: every ballot of it is shut, its box is in the counts. */
  | { kind: 'imported'; entry: RegisterEntry };

interface SealedBatch {
  seq: number;
  bytes: Buffer;
  records: number;
  /** Requests the batch makes durable: votes, and command appends (each one or more events). */
  requests: number;
  point: DurablePoint;
  /** Keys of secret ballots this batch opens: durable before the batch. */
  newKeys: Array<{ ballotId: string; stored: WrappedBallotKey }>;
  /** Secret ballots this batch shuts: their key files are destroyed once it is durable. */
  destroyKeys: string[];
}

export interface JournalEnv {
  stats: DiskStats;
  logger: Logger;
  clock: Clock;
  /** Wraps each secret ballot's key (BALLOT_KEY). */
  keyring: BallotKeyring;
  observer: StoreObserver;
  /** The thread that runs the journals' fdatasync (data-sync-thread.ts). */
  syncs: DataSyncThread;
}

/** Where the journal on disk stands when a MeetingJournal takes it over. */
export interface JournalStart {
  /** False for a meeting being created or imported: its directory may not exist yet. */
  onDisk: boolean;
  lastSeq: number;
  /** Keys of the secret ballots still open (recovery unwrapped them). */
  keys: Map<string, BallotKey>;
}

function bySeatThenBallot(a: RegisterEntry, b: RegisterEntry): number {
  return compareCodeUnits(a.seatId, b.seatId) || compareCodeUnits(a.ballotId, b.ballotId);
}

/**
 * One meeting's store: the in-memory index, its group committer and its files.
 *
 * Secret ballots (invariant 4, docs/SECURITY.md): while one is open, a batch writes each vote
 * as a register entry without a choice, sorted by seat, and the batch's papers of the ballot
 * shuffled, each padded to the ballot's fixed size and sealed as one record; no counts.
 * Nothing a reader of the journal or the directory sees as the batches land (content, order, offsets, sizes, times) depends on
 * what anyone chose. The batch that shuts the gate writes the counts, sorted, and once it is
 * durable the ballot's key file is destroyed.
 *
 * Every check-and-change (append's version check, a cast's gate/deadline/register check) runs
 * synchronously against the index, so in one process each is atomic without locks; the change
 * is then queued, and the caller's promise settles when its batch is durable.
 *
 * Write failure policy (fail-stop): if a key file write, the journal write or its fsync fails,
 * every operation in that batch and behind it is rejected with the error, and the meeting stops
 * serving until the store is reopened: its in-memory state (which already counted the rejected
 * casts) is never read or extended again. Rolling the memory back would not be enough: the
 * failed bytes may or may not be on disk, and after a failed fsync the kernel's view of the file
 * is not to be trusted. Reopening rebuilds the meeting from the disk alone: a batch with its
 * commit marker intact counts, a torn one is cut off. A delegate whose cast was rejected this
 * way retries with the same idempotency key and gets the one true answer: `duplicate` if the
 * batch made it to disk, `recorded` if not. Never counted twice, never lost once acknowledged.
 */
export class MeetingJournal {
  private readonly committer: GroupCommitter<BatchItem, SealedBatch>;
  private file: JournalFile | null = null;
  private onDisk: boolean;
  private sealedSeq: number;
  /** Keys of open secret ballots: made when the batch that opens one is sealed. */
  private readonly keys: Map<string, BallotKey>;
  private failure: string | null = null;
  private readonly logger: Logger;
  /** The casts waiting for the batch being collected (or the last one sealed). */
  private batchCastWaiters: BatchCastWaiters | null = null;

  constructor(
    readonly meetingId: string,
    private readonly paths: MeetingPaths,
    private readonly index: MeetingIndex,
    private readonly env: JournalEnv,
    start: JournalStart,
  ) {
    this.onDisk = start.onDisk;
    this.sealedSeq = start.lastSeq;
    this.keys = start.keys;
    this.logger = env.logger.child({ meetingId });
    this.committer = new GroupCommitter<BatchItem, SealedBatch>({
      seal: (items) => this.seal(items),
      write: (sealed) => this.write(sealed),
      committed: (sealed) => this.committed(sealed),
      failed: (error) => this.failed(error),
    });
  }

  /** Why the meeting cannot be served, or null. */
  get failureReason(): string | null {
    return this.failure;
  }

  /** Accepted version, durable or still in its batch. */
  get version(): number {
    return this.index.version;
  }

  /** True once the meeting's first batch is durable. */
  get exists(): boolean {
    return this.index.committedVersion > 0;
  }

  async append(expectedVersion: number, events: MeetingEvent[]): Promise<AppendResult> {
    this.env.syncs.poll();
    this.assertServing();
    if (expectedVersion !== this.index.version) return { ok: false, reason: 'conflict', version: this.index.version };
    const problem = this.index.eventsProblem(events);
    if (problem) throw new InvalidStoreInputError(problem);
    if (events.length === 0) {
      await this.durableSoFar();
      return { ok: true, version: expectedVersion };
    }
    // A copy: the caller's objects may change after we return; the log may not.
    const accepted = structuredClone(events);
    const durable = this.committer.enqueue({ kind: 'events', events: accepted });
    this.index.acceptEvents(accepted);
    const version = this.index.version;
    await this.untilDurable(durable, null);
    return { ok: true, version };
  }

  /**
   * The vote path: a new vote, the usual case, waits in its batch's BatchCastWaiters, with
   * nothing allocated to wait on but its answer (cast-waiter.ts). A throw becomes the waiter's
   * failure, told after this call returns.
   */
  castInto(request: CastRequest, waiter: CastWaiter): void {
    // A batch whose fsync finished since the last request commits now (data-sync-thread.ts).
    this.env.syncs.poll();
    try {
      this.castNow(request, waiter);
    } catch (error) {
      failLater(waiter, error);
    }
  }

  private castNow(request: CastRequest, waiter: CastWaiter): void {
    this.assertServing();
    const problem = castRequestProblem(request);
    if (problem) throw new InvalidStoreInputError(problem);
    const now = this.env.clock.now();
    const check = this.index.checkCast(request, now);
    if (check.kind === 'rejected') return answerLater(waiter, { status: 'rejected', code: check.code, message: check.message });
    if (check.kind === 'duplicate') {
      // The first answer, once it is durable: it may still be in its batch, so the answer waits for
      // everything queued so far (at once when nothing is). A retry is rare; a map of each pending
      // entry's batch was a Map.set and a delete per vote (docs/BENCHMARKS.md).
      const { entry } = check;
      // A throw of the turnout read fails the chain, which the waiter hears of (never a rejection nobody handles).
      const answer = this.untilDurable(this.committer.settled(), null).then(
        (): StoredCast => ({ status: 'duplicate', entry, voted: this.index.durableTurnout(request.ballotId) }),
      );
      replyWhenSettled(answer, waiter);
      return;
    }
    if (!check.named && check.paperBytes !== null && Buffer.byteLength(request.choiceKey, 'utf8') + 4 > check.paperBytes) {
      // Never written unsealed, never cut: a paper larger than the ballot allows is a caller's bug.
      throw new InvalidStoreInputError(
        `a paper of ${Buffer.byteLength(request.choiceKey, 'utf8')} bytes does not fit ballot ${request.ballotId}'s ${check.paperBytes}-byte sealed papers`,
      );
    }
    const entry: RegisterEntry = {
      ballotId: request.ballotId,
      seatId: request.seatId,
      idempotencyKey: request.idempotencyKey,
      receiptId: request.receiptId,
      at: now,
      // Invariant 4: a secret ballot's choice goes into the box only, never beside the seat.
      choiceKey: check.named ? request.choiceKey : null,
    };
    const durable = this.committer.enqueue({ kind: 'cast', entry, choiceKey: check.named ? null : request.choiceKey });
    const voted = this.index.recordCast(entry, request.choiceKey);
    // The answer is made now, handed over once durable, with the entry itself: the index froze
    // it (addToRegister), so the caller may keep it, and no copy is made per vote.
    const answer: StoredCast = check.replaces ? { status: 'recorded', entry, voted, replaced: true } : { status: 'recorded', entry, voted };
    this.castWaitersOf(durable).add(waiter, answer);
  }

  /** The waiters of the batch `durable` belongs to (one enqueue's promise is its whole batch's, group-commit.ts). */
  private castWaitersOf(durable: Promise<void>): BatchCastWaiters {
    let waiters = this.batchCastWaiters;
    if (waiters?.durable !== durable) {
      waiters = new BatchCastWaiters(durable, this.unavailable, this.logger);
      this.batchCastWaiters = waiters;
    }
    return waiters;
  }

  async readEvents(afterVersion: number): Promise<MeetingEvent[]> {
    if (!Number.isSafeInteger(afterVersion) || afterVersion < 0) {
      throw new InvalidStoreInputError(`afterVersion must be a whole number ≥ 0, got ${afterVersion}`);
    }
    await this.durableSoFar();
    return this.index.durableEvents(afterVersion);
  }

  async readVotes(ballotIds?: readonly string[]): Promise<VoteRecords> {
    await this.durableSoFar();
    return this.index.durableVotes(ballotIds);
  }

  /** Writes a whole imported meeting (already replayed into the index) as one batch. */
  async writeImport(events: MeetingEvent[], entries: RegisterEntry[]): Promise<void> {
    const items: BatchItem[] = [{ kind: 'events', events }];
    for (const entry of entries) items.push({ kind: 'imported', entry });
    // Enqueued in one synchronous run: they land in one batch, one commit marker.
    const durable = items.map((item) => this.committer.enqueue(item));
    await this.untilDurable(Promise.all(durable), null);
  }

  /** Waits for everything queued, then releases the file. */
  async close(): Promise<void> {
    await this.committer.settled().catch(() => {});
    this.keys.clear();
    await this.file?.close().catch(() => {});
    this.file = null;
  }

  private assertServing(): void {
    if (this.failure) throw new MeetingUnavailableError(this.meetingId, this.failure);
  }

  /** A read waits until everything accepted before it is durable, then sees only durable state. */
  private async durableSoFar(): Promise<void> {
    this.assertServing();
    await this.untilDurable(this.committer.settled(), null);
  }

  /**
   * Resolves to `value` once `durable` is; any write failure reaches callers as the meeting being
   * unavailable, its cause attached. One `then` per waiter, its failure handler made once.
   */
  private untilDurable<T>(durable: Promise<unknown>, value: T): Promise<T> {
    return durable.then(() => value, this.writeFailed);
  }

  /** What a caller waiting on a failed batch is told. */
  private readonly unavailable = (cause: unknown): Error => new MeetingUnavailableError(this.meetingId, this.failure ?? 'a journal write failed', { cause });

  private readonly writeFailed = (cause: unknown): never => {
    throw this.unavailable(cause);
  };

  private seal(items: BatchItem[]): SealedBatch {
    const seq = ++this.sealedSeq;
    let version = this.index.committedVersion;
    const eventRecords: JournalRecord[] = [];
    const events: MeetingEvent[] = [];
    const casts: RegisterEntry[] = [];
    const imported: RegisterEntry[] = [];
    /** The batch's secret papers by ballot. */
    const papers = new Map<string, string[]>();
    for (const item of items) {
      if (item.kind === 'events') {
        for (const event of item.events) eventRecords.push({ s: seq, k: 'e', v: ++version, e: event });
        events.push(...item.events);
      } else if (item.kind === 'cast') {
        casts.push(item.entry);
        if (item.choiceKey !== null) {
          const ofBallot = papers.get(item.entry.ballotId);
          if (ofBallot) ofBallot.push(item.choiceKey);
          else papers.set(item.entry.ballotId, [item.choiceKey]);
        }
      } else {
        imported.push(item.entry);
      }
    }

    // The index's live layer is exactly the state after this batch: a gate shut here is final.
    const changes = gateChanges(events);
    const newKeys: SealedBatch['newKeys'] = [];
    for (const change of changes) {
      const gate = change.type === 'open' ? this.index.gateOf(change.ballotId) : undefined;
      if (!gate || gate.shut || gate.paperBytes === null || this.keys.has(change.ballotId)) continue;
      const { key, stored } = this.env.keyring.newBallotKey(this.meetingId, change.ballotId, gate.paperBytes);
      this.keys.set(change.ballotId, key);
      newKeys.push({ ballotId: change.ballotId, stored });
    }
    const shut = [...new Set(changes.filter((c) => c.type === 'shut').map((c) => c.ballotId))].filter(
      (ballotId) => this.index.gateOf(ballotId) !== undefined,
    );
    const destroyKeys = shut.filter((ballotId) => this.index.gateOf(ballotId)?.paperBytes != null);
    for (const ballotId of destroyKeys) this.keys.delete(ballotId);

    const sealedRecords: JournalRecord[] = [];
    // By ballot id, not by which ballot's first paper arrived first.
    for (const [ballotId, choiceKeys] of [...papers].sort(([a], [b]) => compareCodeUnits(a, b))) {
      // A ballot this batch shuts needs no sealed papers: its counts are written below.
      if (this.index.gateOf(ballotId)?.shut) continue;
      const key = this.keys.get(ballotId);
      // Unreachable while the gate is open; failing the batch beats writing a paper unsealed.
      if (!key) throw new Error(`no key for open secret ballot ${ballotId}`);
      // Shuffled inside the seal too: even with the key, the i-th paper is not the i-th arrival.
      sealedRecords.push({ s: seq, k: 'xs', b: ballotId, n: choiceKeys.length, x: key.sealPapers(shuffled(choiceKeys)) });
    }
    // Register by seat, papers shuffled: neither order follows arrival, so position pairs nothing.
    const register = casts.sort(bySeatThenBallot);
    // One list for the durable point and the journal's record: neither changes it.
    const entries = imported.length === 0 ? register : [...register, ...imported];
    const point = this.index.sealPoint(entries, shut);
    const records: JournalRecord[] = [
      ...eventRecords,
      ...registerRecords(seq, entries),
      ...sealedRecords,
      ...point.shut.map(({ ballotId, counts }): JournalRecord => ({ s: seq, k: 't', b: ballotId, t: counts })),
    ];
    records.push({ s: seq, k: 'c', n: records.length });
    return { seq, bytes: frameLines(records), records: records.length, requests: items.length, point, newKeys, destroyKeys };
  }

  private async write(sealed: SealedBatch): Promise<void> {
    this.file ??= await this.openFile();
    // A sealed paper must never be durable without the key that opens it.
    for (const { ballotId, stored } of sealed.newKeys) {
      await writeBallotKeyFile(this.paths.keysDir, ballotId, stored, this.env.stats);
    }
    const started = performance.now();
    await this.file.appendDurably(sealed.bytes);
    this.env.observer.journalSync?.((performance.now() - started) / 1000);
    this.env.stats.batches++;
    this.env.stats.records += sealed.records;
    this.env.observer.journalBatch?.(sealed.requests);
    // The counts are durable: the papers sealed before them are shredded with their key.
    for (const ballotId of sealed.destroyKeys) {
      try {
        await removeBallotKeyFile(this.paths.keysDir, ballotId, this.env.stats);
      } catch (error) {
        // The batch is durable and must be acknowledged; recovery removes the file at next open.
        this.logger.error('could not destroy the key of a closed ballot; it is removed when the store reopens', { ballotId, error });
      }
    }
  }

  private async openFile(): Promise<JournalFile> {
    if (this.onDisk) return JournalFile.open(this.paths.journal, this.env.stats, this.env.syncs);
    await mkdir(this.paths.dir, { recursive: true, mode: DIR_MODE });
    const file = await JournalFile.open(this.paths.journal, this.env.stats, this.env.syncs);
    // The new directory and journal must be findable after a crash, not only their bytes.
    await fsyncDirectory(this.paths.dir, this.env.stats);
    await fsyncDirectory(dirname(this.paths.dir), this.env.stats);
    this.onDisk = true;
    return file;
  }

  private committed(sealed: SealedBatch): void {
    this.index.commit(sealed.point);
  }

  private failed(error: Error): void {
    this.failure = `journal write failed (${error.message}); reopen the store to recover from disk`;
    this.logger.error('journal write failed; meeting stops serving until the store is reopened', { error });
  }
}

