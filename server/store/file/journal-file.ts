import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { DataSyncThread } from './data-sync-thread';
import type { DiskStats } from './disk';
import { FILE_MODE } from './layout';

/** The open, append-only journal of one meeting. */
export class JournalFile {
  private constructor(
    private readonly handle: FileHandle,
    private readonly stats: DiskStats,
    private readonly syncs: DataSyncThread,
  ) {}

  /** Opens for appending, creating the file if needed (the caller syncs the directory). */
  static async open(path: string, stats: DiskStats, syncs: DataSyncThread): Promise<JournalFile> {
    return new JournalFile(await open(path, 'a', FILE_MODE), stats, syncs);
  }

  /**
   * One write and one fdatasync for a whole batch: the point where the batch commits.
   *
   * The write is synchronous and goes to the page cache (tens of µs for a batch). The fdatasync
   * (1–3 ms here, once per batch) runs on the sync thread (data-sync-thread.ts), so the loop
   * reads and judges the next batch meanwhile; the batch commits when `poll()` sees the thread
   * done. Not through libuv's thread pool: its completions wait behind every socket ready to
   * read, 70–240 ms per batch in a burst of 3,000 casts (docs/BENCHMARKS.md, "Acks that wait
   * for the loop").
   */
  async appendDurably(bytes: Buffer): Promise<void> {
    const fd = this.handle.fd;
    for (let offset = 0; offset < bytes.length; ) {
      // A full disk or file-size limit can cut a write short; a zero-byte one makes no progress.
      const written = writeSync(fd, bytes, offset, bytes.length - offset);
      if (written === 0) throw new Error('write made no progress');
      offset += written;
    }
    await this.syncs.sync(fd);
    this.stats.fsyncs++;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Cuts an uncommitted tail off a journal, durably. */
export async function truncateJournal(path: string, length: number, stats: DiskStats): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.datasync();
    stats.fsyncs++;
  } finally {
    await handle.close();
  }
}
