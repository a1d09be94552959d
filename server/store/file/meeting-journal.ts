import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MeetingEvent, Participation } from '../../../shared/domain/meeting';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { AppendResult, CastOutcome, CastRequest, VoteRecords } from '../types';
import { removeBoxSnapshot, writeBoxSnapshots } from './box-snapshots';
import { fsyncDirectory, type DiskStats } from './disk';
import { InvalidStoreInputError, MeetingUnavailableError } from '../errors';
import { GroupCommitter } from './group-commit';
import { JournalFile } from './journal-file';
import type { JournalRecord } from './journal-records';
import type { MeetingPaths } from './layout';
import { frameLine } from './line-frame';
import { castRequestProblem, type DurablePoint, type MeetingIndex } from './meeting-index';

type BatchItem = { kind: 'events'; events: MeetingEvent[] } | { kind: 'cast'; participation: Participation };

interface SealedBatch {
  seq: number;
  bytes: Buffer;
  records: number;
  point: DurablePoint;
}

export interface JournalEnv {
  stats: DiskStats;
  logger: Logger;
  clock: Clock;
}

/** Where the journal on disk stands when a MeetingJournal takes it over. */
export interface JournalStart {
  /** False for a meeting being created or imported: its directory may not exist yet. */
  onDisk: boolean;
  lastSeq: number;
  /** Ballot → seq of its one current box snapshot. */
  snapshotSeqs: Map<string, number>;
}

/**
 * One meeting's store: the in-memory index, its group committer and its files.
 *
 * Every check-and-change (append's version check, a cast's gate/deadline/register check) runs
 * synchronously against the index, so in one process each is atomic without locks; the change
 * is then queued, and the caller's promise settles when its batch is durable.
 *
 * Write failure policy (fail-stop): if a snapshot write, the journal write or its fsync fails,
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
  private readonly snapshotSeqs: Map<string, number>;
  private housekeeping: Promise<void> = Promise.resolve();
  private failure: string | null = null;
  private readonly logger: Logger;

  constructor(
    readonly meetingId: string,
    private readonly paths: MeetingPaths,
    private readonly index: MeetingIndex,
    private readonly env: JournalEnv,
    start: JournalStart,
  ) {
    this.onDisk = start.onDisk;
    this.sealedSeq = start.lastSeq;
    this.snapshotSeqs = start.snapshotSeqs;
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
    await this.untilDurable(durable);
    return { ok: true, version };
  }

  async cast(request: CastRequest): Promise<CastOutcome> {
    this.assertServing();
    const problem = castRequestProblem(request);
    if (problem) throw new InvalidStoreInputError(problem);
    const now = this.env.clock.now();
    const check = this.index.checkCast(request, now);
    if (check.kind === 'rejected') return { status: 'rejected', code: check.code, message: check.message };
    if (check.kind === 'duplicate') {
      // The first answer, once it is durable (it may still be in its batch).
      await this.untilDurable(check.entry.durable);
      const participation = { ...check.entry.participation };
      return { status: 'duplicate', participation, voted: this.index.durableTurnout(request.ballotId) };
    }
    const participation: Participation = {
      ballotId: request.ballotId,
      seatId: request.seatId,
      idempotencyKey: request.idempotencyKey,
      receiptId: request.receiptId,
      at: now,
      // Invariant 4: a secret ballot's choice goes into the box only, never beside the seat.
      choiceKey: check.named ? request.choiceKey : null,
    };
    const durable = this.committer.enqueue({ kind: 'cast', participation });
    const voted = this.index.recordCast(participation, request.choiceKey, durable);
    await this.untilDurable(durable);
    if (check.replaces) return { status: 'recorded', participation: { ...participation }, voted, replaced: true };
    return { status: 'recorded', participation: { ...participation }, voted };
  }

  async readEvents(afterVersion: number): Promise<MeetingEvent[]> {
    if (!Number.isSafeInteger(afterVersion) || afterVersion < 0) {
      throw new InvalidStoreInputError(`afterVersion must be a whole number ≥ 0, got ${afterVersion}`);
    }
    await this.durableSoFar();
    return this.index.durableEvents(afterVersion);
  }

  async readVotes(): Promise<VoteRecords> {
    await this.durableSoFar();
    return this.index.durableVotes();
  }

  /** Writes a whole imported meeting (already replayed into the index) as one batch. */
  async writeImport(events: MeetingEvent[], participations: Participation[]): Promise<void> {
    const items: BatchItem[] = [{ kind: 'events', events }];
    for (const participation of participations) items.push({ kind: 'cast', participation });
    // Enqueued in one synchronous run: they land in one batch, one commit marker.
    const durable = items.map((item) => this.committer.enqueue(item));
    await this.untilDurable(Promise.all(durable));
  }

  /** Waits for everything queued, then releases the file. */
  async close(): Promise<void> {
    await this.committer.settled().catch(() => {});
    await this.housekeeping;
    await this.file?.close().catch(() => {});
    this.file = null;
  }

  private assertServing(): void {
    if (this.failure) throw new MeetingUnavailableError(this.meetingId, this.failure);
  }

  /** A read waits until everything accepted before it is durable, then sees only durable state. */
  private async durableSoFar(): Promise<void> {
    this.assertServing();
    await this.untilDurable(this.committer.settled());
  }

  /** Any write failure reaches callers as the meeting being unavailable, its cause attached. */
  private async untilDurable(durable: Promise<unknown>): Promise<void> {
    try {
      await durable;
    } catch (cause) {
      throw new MeetingUnavailableError(this.meetingId, this.failure ?? 'a journal write failed', { cause });
    }
  }

  private seal(items: BatchItem[]): SealedBatch {
    const seq = ++this.sealedSeq;
    let version = this.index.committedVersion;
    const records: JournalRecord[] = [];
    const voted = new Set<string>();
    for (const item of items) {
      if (item.kind === 'events') {
        for (const event of item.events) records.push({ s: seq, k: 'e', v: ++version, e: event });
      } else {
        records.push({ s: seq, k: 'p', p: item.participation });
        voted.add(item.participation.ballotId);
      }
    }
    records.push({ s: seq, k: 'c', n: records.length });
    const text = records.map(frameLine).join('');
    return { seq, bytes: Buffer.from(text, 'utf8'), records: records.length, point: this.index.sealPoint(voted) };
  }

  private async write(sealed: SealedBatch): Promise<void> {
    this.file ??= await this.openFile();
    // The box snapshots first: the journal batch is the commit point, and once it is durable
    // the counts it commits must already be on disk.
    await writeBoxSnapshots(this.paths.boxDir, sealed.seq, sealed.point.boxes, this.env.stats);
    await this.file.appendDurably(sealed.bytes);
    this.env.stats.batches++;
    this.env.stats.records += sealed.records;
  }

  private async openFile(): Promise<JournalFile> {
    if (this.onDisk) return JournalFile.open(this.paths.journal, this.env.stats);
    await mkdir(this.paths.boxDir, { recursive: true });
    const file = await JournalFile.open(this.paths.journal, this.env.stats);
    // The new directory and journal must be findable after a crash, not only their bytes.
    await fsyncDirectory(this.paths.dir, this.env.stats);
    await fsyncDirectory(dirname(this.paths.dir), this.env.stats);
    this.onDisk = true;
    return file;
  }

  private committed(sealed: SealedBatch): void {
    this.index.commit(sealed.point);
    for (const { ballotId } of sealed.point.boxes) {
      const outdated = this.snapshotSeqs.get(ballotId);
      this.snapshotSeqs.set(ballotId, sealed.seq);
      if (outdated !== undefined) this.removeOutdatedSnapshot(ballotId, outdated);
    }
  }

  /** Only the latest counts may remain: earlier snapshots, diffed, would tell a batch's votes. */
  private removeOutdatedSnapshot(ballotId: string, seq: number): void {
    this.housekeeping = this.housekeeping
      .then(() => removeBoxSnapshot(this.paths.boxDir, ballotId, seq))
      .catch((error: unknown) => {
        // Harmless to leave: recovery removes every snapshot but the committed one.
        this.logger.warn('could not remove an outdated box snapshot', { ballotId, seq, error });
      });
  }

  private failed(error: Error): void {
    this.failure = `journal write failed (${error.message}); reopen the store to recover from disk`;
    this.logger.error('journal write failed; meeting stops serving until the store is reopened', { error });
  }
}
