import { fdatasyncSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { DiskStats } from './disk';
import { FILE_MODE } from './layout';

/** The open, append-only journal of one meeting. */
export class JournalFile {
  private constructor(
    private readonly handle: FileHandle,
    private readonly stats: DiskStats,
  ) {}

  /** Opens for appending, creating the file if needed (the caller syncs the directory). */
  static async open(path: string, stats: DiskStats): Promise<JournalFile> {
    return new JournalFile(await open(path, 'a', FILE_MODE), stats);
  }

  /**
   * One write and one fdatasync for a whole batch: the point where the batch commits.
   *
   * Synchronous, on purpose, as Redis does with `appendfsync always`. Through libuv's thread
   * pool each step's completion waits in line behind every socket that is ready to read: in a
   * burst of 3,000 casts that was 70–240 ms per batch (a thousand reads at ~100 µs each), so
   * the next batch could not start, votes piled up unacknowledged and every scavenge copied them
   * again. Blocking for the fdatasync itself (1–3 ms here, once per batch of up to
   * MAX_BATCH_ITEMS) lets batches follow each other as fast as the disk allows
   * (docs/BENCHMARKS.md, "Acks that wait for the loop").
   */
  appendDurably(bytes: Buffer): void {
    const fd = this.handle.fd;
    for (let offset = 0; offset < bytes.length; ) {
      // A full disk or file-size limit can cut a write short; a zero-byte one makes no progress.
      const written = writeSync(fd, bytes, offset, bytes.length - offset);
      if (written === 0) throw new Error('write made no progress');
      offset += written;
    }
    fdatasyncSync(fd);
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
