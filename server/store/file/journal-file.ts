import { open, type FileHandle } from 'node:fs/promises';
import { writeAll, type DiskStats } from './disk';
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

  /** One write and one fdatasync for a whole batch: the point where the batch commits. */
  async appendDurably(bytes: Buffer): Promise<void> {
    await writeAll(this.handle, bytes);
    await this.handle.datasync();
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
