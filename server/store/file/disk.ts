import { open, readdir, type FileHandle } from 'node:fs/promises';
import { FILE_MODE } from './layout';

/** Counters that let a test check group commit as a property (fewer batches than casts). */
export interface DiskStatsSnapshot {
  /** Journal batches made durable. */
  batches: number;
  /** fsync/fdatasync calls of every kind: journal, ballot key files, directories. */
  fsyncs: number;
  /** Journal records written (commit markers included). */
  records: number;
}

export class DiskStats {
  batches = 0;
  fsyncs = 0;
  records = 0;

  snapshot(): DiskStatsSnapshot {
    return { batches: this.batches, fsyncs: this.fsyncs, records: this.records };
  }
}

/** The names in a directory, or none when it does not exist (yet). */
export async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Makes a directory's entries (new, renamed or removed files) survive a crash. */
export async function fsyncDirectory(path: string, stats: DiskStats): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
    stats.fsyncs++;
  } finally {
    await handle.close();
  }
}

/** Writes every byte, looping over short writes (a full disk or file-size limit can cut one). */
export async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten === 0) throw new Error('write made no progress');
    offset += bytesWritten;
  }
}

/** Creates (or replaces) a small file, owner-only, and syncs its content; the caller syncs the directory. */
export async function writeFileSynced(path: string, text: string, stats: DiskStats): Promise<void> {
  const handle = await open(path, 'w', FILE_MODE);
  try {
    await writeAll(handle, Buffer.from(text, 'utf8'));
    await handle.sync();
    stats.fsyncs++;
  } finally {
    await handle.close();
  }
}
